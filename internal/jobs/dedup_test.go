package jobs_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/store"
)

// wrapped is the same phishing message (one Message-ID) as a report button
// forwards it, with a wrapper that differs per forward.
func wrapped(forward int) []byte {
	return fmt.Appendf(nil, "From: reporter <r@acme-corp.example>\r\nSubject: Reported (%d)\r\n"+
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"w\"\r\n\r\n"+
		"--w\r\nContent-Type: text/plain\r\n\r\nForward %d\r\n--w\r\nContent-Type: message/rfc822\r\n\r\n"+
		"From: \"IT\" <it@paypa1-secure.example>\r\nSubject: Mailbox full\r\n"+
		"Message-ID: <same-lure@paypa1-secure.example>\r\n\r\nLog in at https://paypa1-secure.example/x\r\n"+
		"--w--\r\n", forward, forward)
}

// TestSameMessageSeveralReportersOneTicket checks intake de-duplication:
// three people of one company report one message (one of them twice, in
// different forwards), which is one ticket with a note per later reporter.
func TestSameMessageSeveralReportersOneTicket(t *testing.T) {
	t.Parallel()
	r := newRig(t, openSQLite(t))
	others := r.addReporters(t, "bea@acme-corp.example", "cy@acme-corp.example")
	q := r.queue(t, jobs.Config{Workers: 4, BackoffUnit: time.Millisecond, PollInterval: 10 * time.Millisecond})
	reports := &integration.Reports{Store: r.store, PartnerID: r.partner.ID, Queue: q}

	for i, who := range []string{r.reporter, r.reporter, others[0], others[1]} {
		_, _, err := reports.Receive(t.Context(), "fwd.eml", wrapped(i), who)
		must(t, err)
	}
	waitTicketed(t, q)

	tickets := r.srv.Sandbox.Records("service/tickets")
	if len(tickets) != 1 {
		t.Fatalf("%d tickets, want 1", len(tickets))
	}
	id := fmt.Sprint(tickets[0]["id"])
	// Jobs run in any order: whoever's report came first is on the ticket,
	// the two others are named in notes, once each.
	named := map[string]int{}
	for _, n := range r.srv.Sandbox.Records("service/tickets/" + id + "/notes") {
		for _, who := range append(others, r.reporter) {
			if strings.Contains(fmt.Sprint(n["text"]), "Also reported by "+who) {
				named[who]++
			}
		}
	}
	if len(named) != 2 || named[others[0]]+named[others[1]]+named[r.reporter] != 2 {
		t.Errorf("later reporters named in notes %v, want two of the three, once each", named)
	}
	r.checkAllTicketed(t, 4)
}

// addReporters adds end users to the mapped company.
func (r *rig) addReporters(t *testing.T, emails ...string) []string {
	t.Helper()
	cs, err := r.store.PlatformCompanies(t.Context(), r.partner.ID)
	must(t, err)
	for _, e := range emails {
		_, err := r.store.UpsertEndUser(t.Context(), store.EndUser{PartnerID: r.partner.ID,
			CompanyID: cs[0].ID, Email: e, Active: true, Billable: true})
		must(t, err)
	}
	return emails
}

// checkAllTicketed checks n reports are ticketed.
func (r *rig) checkAllTicketed(t *testing.T, n int) {
	t.Helper()
	reps, err := r.store.Reports(t.Context(), r.partner.ID)
	must(t, err)
	for _, rep := range reps {
		if rep.Status != integration.StatusTicketed || rep.CWTicketID == 0 {
			t.Errorf("report %d: %s %q", rep.ID, rep.Status, rep.Reason)
		}
	}
	if len(reps) != n {
		t.Errorf("%d reports, want %d", len(reps), n)
	}
}
