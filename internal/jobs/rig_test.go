package jobs_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/outbound"
	"github.com/psabridge/psabridge/internal/store"
	"github.com/psabridge/psabridge/internal/store/storetest"
)

// rig is a sandbox, a store with one partner connected to it with the
// service desk on, and an end user of a mapped company who reports.
type rig struct {
	srv      *cwsandbox.Server
	store    store.Transactional
	partner  store.Partner
	svc      *integration.Service
	reporter string
}

// unpaced lets the tests call the sandbox as fast as it answers.
var unpaced = cwm.LimiterConfig{RequestsPerSecond: 10000, Burst: 1000, MaxInFlight: 64}

// openSQLite opens a fresh SQLite store.
func openSQLite(t testing.TB) store.Transactional {
	t.Helper()
	st, err := store.Open(t.Context(), store.Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// openPostgres opens a store on a fresh PostgreSQL database, or skips.
func openPostgres(t testing.TB) store.Transactional {
	t.Helper()
	st, err := store.OpenPostgres(t.Context(), store.PostgresConfig{
		URL: storetest.PostgresURL(t), KeyDir: t.TempDir(), MaxOpenConns: 40,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func newRig(t testing.TB, st store.Transactional) *rig {
	t.Helper()
	srv, err := cwsandbox.Start("127.0.0.1:0", cwsandbox.Config{Seed: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	ctx := t.Context()
	p, err := st.CreatePartner(ctx, "acme-msp", "Acme MSP")
	must(t, err)
	policy := &outbound.Policy{}
	policy.Allow(srv.URL)
	r := &rig{srv: srv, store: st, partner: p,
		svc: &integration.Service{Store: st, Policy: policy, Actor: "test", Limits: unpaced}}

	company, public, private, client := srv.Sandbox.Credentials()
	_, err = r.svc.Connect(ctx, p.ID, integration.ConnectInput{CompanyID: company, URL: srv.URL,
		PublicKey: public, PrivateKey: private, ClientID: client})
	must(t, err)
	must(t, r.svc.SetFeature(ctx, p.ID, integration.FeatureServiceDesk, true))
	r.reporter = r.mapReporter(t)
	return r
}

// mapReporter maps a platform company to the sandbox's first client
// company and returns an end user's address there.
func (r *rig) mapReporter(t testing.TB) string {
	t.Helper()
	ctx := t.Context()
	c, err := r.store.UpsertPlatformCompany(ctx, store.PlatformCompany{PartnerID: r.partner.ID,
		ExternalID: "p-1", Name: "Acme Corp", Domains: []string{"acme-corp.example"}})
	must(t, err)
	email := cwsandbox.DemoCompanies()[0].ContactEmails[0]
	_, err = r.store.UpsertEndUser(ctx, store.EndUser{PartnerID: r.partner.ID, CompanyID: c.ID,
		Email: email, Active: true, Billable: true})
	must(t, err)
	must(t, r.store.SaveMapping(ctx, store.Mapping{PartnerID: r.partner.ID, PlatformCompanyID: c.ID,
		CWCompanyID: 2, CWCompanyName: "Acme Corporation", Method: "manual", Confidence: 1}))
	return email
}

// queue opens a job queue on the rig's store that processes reports, each
// new ticket's documents in a job of their own, and stops it when the test
// ends.
func (r *rig) queue(t testing.TB, cfg jobs.Config) *jobs.Queue {
	t.Helper()
	w := &integration.ReportJobs{Service: r.svc}
	h := jobs.Handlers{
		Report: func(ctx context.Context, a jobs.ReportArgs, last bool) error {
			return w.Work(ctx, a.PartnerID, a.ReportID, last)
		},
		Documents: func(ctx context.Context, a jobs.DocumentsArgs, reused, last bool) error {
			return w.WorkDocuments(ctx, a.PartnerID, a.ReportID, a.TicketID, reused, last)
		},
	}
	q, err := jobs.Open(t.Context(), r.store.DB(), r.store.Engine(), h, cfg)
	must(t, err)
	w.Documents = q
	must(t, q.Start(t.Context()))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = q.Stop(ctx)
	})
	return q
}

// receive submits n distinct reports, each with one attachment, through
// intake that enqueues their jobs.
func (r *rig) receive(t testing.TB, q *jobs.Queue, n int) {
	t.Helper()
	reports := &integration.Reports{Store: r.store, PartnerID: r.partner.ID, Queue: q}
	for i := range n {
		_, created, err := reports.Receive(t.Context(), fmt.Sprintf("r%d.eml", i), lure(i), r.reporter)
		must(t, err)
		if !created {
			t.Fatalf("report %d: not created", i)
		}
	}
}

// lure is the i-th distinct phishing message, with a PDF attached.
func lure(i int) []byte {
	return fmt.Appendf(nil, "From: \"IT Helpdesk\" <it-support@paypa1-secure.example>\r\n"+
		"To: alex@acme-corp.example\r\nSubject: Your mailbox is full (%d)\r\n"+
		"Message-ID: <lure-%d@paypa1-secure.example>\r\nDate: Thu, 03 Dec 2026 09:00:00 +0000\r\n"+
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"+
		"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"+
		"Verify at https://paypa1-secure.example/login/%d now.\r\n"+
		"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"invoice-%d.pdf\"\r\n"+
		"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcOkw7zDtsOfCg==\r\n--b--\r\n", i, i, i, i)
}

// waitTicketed waits until no report job is due, then fails the test for
// any given-up job.
func waitTicketed(t testing.TB, q *jobs.Queue) {
	t.Helper()
	// A guard against a hang, not a speed check: under -race beside the
	// other packages on two cores, 500 reports with faults take minutes.
	ctx, cancel := context.WithTimeout(t.Context(), 12*time.Minute)
	defer cancel()
	left, err := q.WaitIdle(ctx, time.Hour, 50*time.Millisecond, jobs.KindReport, jobs.KindDocuments)
	must(t, err)
	if left != 0 {
		t.Errorf("%d report and documents jobs unfinished", left)
	}
	given, err := q.GivenUp(t.Context())
	must(t, err)
	for _, j := range given {
		t.Errorf("job %d given up: %s", j.ID, j.LastError)
	}
}

// checkTickets checks that every report has exactly one ticket with each
// of its documents exactly once.
func (r *rig) checkTickets(t testing.TB, n int) {
	t.Helper()
	tickets := r.srv.Sandbox.Records("service/tickets")
	if len(tickets) != n {
		t.Errorf("sandbox has %d tickets, want %d", len(tickets), n)
	}
	xrefs := map[string]int{}
	for _, tk := range tickets {
		xrefs[fmt.Sprint(tk["externalXRef"])]++
		var id int
		fmt.Sscan(fmt.Sprint(tk["id"]), &id)
		r.checkDocuments(t, id)
	}
	for x, c := range xrefs {
		if c != 1 {
			t.Errorf("externalXRef %s on %d tickets", x, c)
		}
	}
}

// checkDocuments checks one ticket has the message, the attachment and the
// analysis, each once.
func (r *rig) checkDocuments(t testing.TB, ticketID int) {
	t.Helper()
	names := map[string]int{}
	for _, d := range r.srv.Sandbox.Documents("Ticket", ticketID) {
		names[d.FileName]++
	}
	if len(names) != 3 {
		t.Errorf("ticket %d documents %v: want 3 different", ticketID, names)
	}
	for name, c := range names {
		if c != 1 {
			t.Errorf("ticket %d has %s %d times", ticketID, name, c)
		}
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
