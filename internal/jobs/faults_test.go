package jobs_test

import (
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/jobs"
)

// faultPlan hits about 30% of calls: throttling, server errors, resets,
// creates whose answer is lost, and redirects after POST.
func faultPlan() cwsandbox.FaultPlan {
	return cwsandbox.FaultPlan{Seed: 5, Rules: []cwsandbox.FaultRule{
		{Kind: cwsandbox.Fault429, Rate: 0.06},
		{Kind: cwsandbox.Fault500, Rate: 0.04},
		{Kind: cwsandbox.Fault503, Rate: 0.04},
		{Kind: cwsandbox.FaultReset, Rate: 0.05},
		{Kind: cwsandbox.FaultTimeoutAfterCreate, Method: "POST", Rate: 0.1},
		{Kind: cwsandbox.FaultRedirectAfterPost, Method: "POST", Rate: 0.1},
	}}
}

func TestFaultsEveryReportTicketedOnceSQLite(t *testing.T) {
	t.Parallel()
	testFaults(t, newRig(t, openSQLite(t)))
}

func TestFaultsEveryReportTicketedOncePostgres(t *testing.T) {
	t.Parallel()
	testFaults(t, newRig(t, openPostgres(t)))
}

// testFaults receives 500 reports while the sandbox misbehaves on about 30%
// of calls, and checks they become exactly 500 tickets, each with its
// documents once.
func testFaults(t *testing.T, r *rig) {
	t.Helper()
	const n = 500
	q := r.queue(t, jobs.Config{Workers: 16, BackoffUnit: time.Millisecond, PollInterval: 20 * time.Millisecond})

	r.srv.Sandbox.SetFaults(faultPlan())
	r.receive(t, q, n)
	waitTicketed(t, q)

	r.srv.Sandbox.SetFaults(cwsandbox.FaultPlan{})
	r.checkTickets(t, n)
}
