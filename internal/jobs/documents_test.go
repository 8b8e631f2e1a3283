package jobs_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/store"
)

// pollEvery is how often the tests look at the queue.
const pollEvery = 50 * time.Millisecond

// onlyReport returns the rig's one report.
func (r *rig) onlyReport(t *testing.T) store.Report {
	t.Helper()
	reps, err := r.store.Reports(t.Context(), r.partner.ID)
	must(t, err)
	if len(reps) != 1 {
		t.Fatalf("%d reports, want 1", len(reps))
	}
	return reps[0]
}

// TestDocumentsJobParksOnAMissingRight: the ticket is created, the upload
// of its documents is refused (403), and the report waits as parked with
// its ticket; the permission check that passes again enqueues its job,
// which uploads each document once.
func TestDocumentsJobParksOnAMissingRight(t *testing.T) {
	t.Parallel()
	r := newRig(t, openSQLite(t))
	r.srv.Sandbox.InjectFault(cwsandbox.Fault{Method: "POST", Path: "system/documents", Status: 403})
	q := r.queue(t, jobs.Config{})
	r.receive(t, q, 1)
	waitTicketed(t, q)

	rep := r.onlyReport(t)
	if rep.Status != integration.StatusParked || rep.CWTicketID == 0 {
		t.Fatalf("report = %s (%q), ticket %d; want parked with its ticket", rep.Status, rep.Reason, rep.CWTicketID)
	}
	if n := len(r.srv.Sandbox.Documents("Ticket", rep.CWTicketID)); n != 0 {
		t.Fatalf("ticket has %d documents before the right is back", n)
	}

	r.svc.Jobs = q // as serve: the passing check enqueues the parked report's job
	check, err := r.svc.Check(t.Context(), r.partner.ID)
	must(t, err)
	if check.Replayed != 1 {
		t.Errorf("the check replayed %d reports, want 1", check.Replayed)
	}
	waitTicketed(t, q)
	rep = r.onlyReport(t)
	if rep.Status != integration.StatusTicketed {
		t.Errorf("after the check passes the report is %s (%q), want ticketed", rep.Status, rep.Reason)
	}
	r.checkTickets(t, 1)
}

// TestDocumentsJobGivesUpAndReplays: an upload that keeps failing gives
// the documents job up, the report says so with its ticket, and replaying
// the job uploads each document once and records the report ticketed.
func TestDocumentsJobGivesUpAndReplays(t *testing.T) {
	t.Parallel()
	r := newRig(t, openSQLite(t))
	r.srv.Sandbox.InjectFault(cwsandbox.Fault{Method: "POST", Path: "system/documents", Status: 500})
	q := r.queue(t, jobs.Config{MaxAttempts: 1})
	r.receive(t, q, 1)
	left, err := q.WaitIdle(t.Context(), -1, pollEvery, jobs.KindReport, jobs.KindDocuments)
	must(t, err)
	if left != 0 {
		t.Fatalf("%d jobs unfinished", left)
	}

	rep := r.onlyReport(t)
	if rep.Status != integration.StatusFailed || rep.CWTicketID == 0 {
		t.Fatalf("report = %s (%q), ticket %d; want failed with its ticket", rep.Status, rep.Reason, rep.CWTicketID)
	}
	given, err := q.GivenUp(t.Context())
	must(t, err)
	if len(given) != 1 || given[0].Kind != jobs.KindDocuments {
		t.Fatalf("given up = %+v; want the documents job", given)
	}
	must(t, q.Replay(t.Context(), given[0].ID))
	waitTicketed(t, q)

	rep = r.onlyReport(t)
	if rep.Status != integration.StatusTicketed || rep.Reason != "" {
		t.Errorf("after the replay the report is %s (%q), want ticketed", rep.Status, rep.Reason)
	}
	if err := q.Replay(t.Context(), given[0].ID); !errors.Is(err, jobs.ErrNotGivenUp) {
		t.Errorf("replaying the completed job again = %v, want ErrNotGivenUp", err)
	}
	r.checkTickets(t, 1)
	if n := len(r.srv.Sandbox.Records("service/tickets")); n != 1 {
		t.Errorf("%d tickets, want 1: %v", n, fmt.Sprint(r.srv.Sandbox.Records("service/tickets")))
	}
}
