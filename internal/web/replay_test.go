package web

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/outbound"
	"github.com/psabridge/psabridge/internal/store"
)

// TestReplayRunsTheReportsJob: on a server with report jobs, reports are
// ticketed by their jobs, and replaying a parked report from its page runs
// its job and shows the outcome: one ticket with its documents.
func TestReplayRunsTheReportsJob(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "demo"})
	p, token := e.partner(t, "b")
	ctx := t.Context()
	policy := &outbound.Policy{}
	policy.Allow(strings.TrimPrefix(e.sandbox.URL, "http://"))
	_, _, _, client := e.sandbox.Sandbox.Credentials()
	svc := &integration.Service{Store: e.st, Policy: policy, Actor: "test"}
	w := &integration.ReportJobs{Service: svc}
	q, err := jobs.Open(ctx, e.st.DB(), e.st.Engine(), jobs.Handlers{
		Report: func(ctx context.Context, a jobs.ReportArgs, last bool) error {
			return w.Work(ctx, a.PartnerID, a.ReportID, last)
		},
		Documents: func(ctx context.Context, a jobs.DocumentsArgs, reused, last bool) error {
			return w.WorkDocuments(ctx, a.PartnerID, a.ReportID, a.TicketID, reused, last)
		},
	}, jobs.Config{Workers: 2, PollInterval: 20 * time.Millisecond})
	must(t, err)
	w.Documents = q
	must(t, q.Start(ctx))
	t.Cleanup(func() { _ = q.Stop(context.Background()) })
	h, err := New(Config{Store: e.st, Policy: policy, ClientID: client, Jobs: q, ReportJobs: q,
		PushWait: 2 * time.Minute, // a guard against a hang, not a speed check
		Reports: func(_ context.Context, partnerID int64) (*integration.Reports, error) {
			return &integration.Reports{Store: e.st, PartnerID: partnerID, Queue: q}, nil
		}})
	must(t, err)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	e.srv = srv

	_, reportID := setUpB(t, e, token) // stored while the service desk is off
	if _, err := q.WaitIdle(ctx, -1, 20*time.Millisecond, jobs.KindReport); err != nil {
		t.Fatal(err)
	}
	e.sandbox.Sandbox.InjectFault(cwsandbox.Fault{Method: "POST", Path: "service/tickets", Status: 403})
	must(t, svc.SetFeature(ctx, p.ID, integration.FeatureServiceDesk, true)) // inline: parked by the 403
	rep, err := e.st.Report(ctx, reportID)
	must(t, err)
	if rep.Status != store.ReportParked {
		t.Fatalf("report = %s (%q); want parked by the refused create", rep.Status, rep.Reason)
	}

	b := e.signIn(t, "b-admin@example.com")
	_, page := b.do(t, "POST", fmt.Sprintf("/reports/%d/replay", reportID), url.Values{})
	if !strings.Contains(page, "Replayed: the report is now ticketed.") {
		t.Errorf("the report's page after replay lacks its outcome:\n%s", page)
	}
	left, err := q.WaitIdle(ctx, -1, 20*time.Millisecond, jobs.KindReport, jobs.KindDocuments)
	must(t, err)
	if left != 0 {
		t.Fatalf("%d jobs unfinished", left)
	}
	tickets := e.sandbox.Sandbox.Records("service/tickets")
	if len(tickets) != 1 {
		t.Fatalf("%d tickets, want 1", len(tickets))
	}
	var id int
	fmt.Sscan(fmt.Sprint(tickets[0]["id"]), &id)
	if n := len(e.sandbox.Sandbox.Documents("Ticket", id)); n != 2 {
		t.Errorf("ticket %d has %d documents, want the message and the analysis", id, n)
	}
	res, body := apiCall(t, e.srv.URL, token, "POST", fmt.Sprintf("/api/v1/reports/%d/replay", reportID), "", nil)
	if res.StatusCode != 409 || !strings.Contains(string(body), "already ticketed") {
		t.Errorf("replaying a ticketed report = %d %s; want 409 saying there is nothing to do", res.StatusCode, body)
	}
	res, body = apiCall(t, e.srv.URL, token, "GET", fmt.Sprintf("/api/v1/reports/%d", reportID), "", nil)
	if res.StatusCode != 200 || !strings.Contains(string(body), `"findings":[`) {
		t.Errorf("the report's API answer lacks its findings: %s", body)
	}
	log, err := e.st.AuditLog(ctx, p.ID)
	must(t, err)
	found := false
	for _, a := range log {
		found = found || (a.Action == "report.replay" && strings.HasSuffix(a.Detail, "queued"))
	}
	if !found {
		t.Errorf("the replay left no audit entry saying it was queued")
	}
}
