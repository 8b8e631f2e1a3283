package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/jobs"
)

// TestThrottlingSpendsNoAttempt throttles every ticket create with a
// Retry-After. The job has a single attempt, so only waiting out the
// Retry-After (a snooze) rather than failing keeps it alive until the
// throttling stops.
func TestThrottlingSpendsNoAttempt(t *testing.T) {
	t.Parallel()
	r := newRig(t, openSQLite(t))
	r.srv.Sandbox.SetFaults(cwsandbox.FaultPlan{RetryAfter: 1, Rules: []cwsandbox.FaultRule{
		{Kind: cwsandbox.Fault429, Method: "POST", Path: "service/tickets", Rate: 1},
	}})
	q := r.queue(t, jobs.Config{Workers: 1, MaxAttempts: 1, PollInterval: 10 * time.Millisecond})
	r.receive(t, q, 1)

	// The client retries a 429 itself a few times; past those the job
	// snoozes. Wait until the creates outnumber what one attempt sends.
	waitCalls(t, r.srv.Sandbox, "POST /service/tickets", 6)
	if given, err := q.GivenUp(t.Context()); err != nil || len(given) != 0 {
		t.Fatalf("throttled job given up (%v): %+v", err, given)
	}

	r.srv.Sandbox.SetFaults(cwsandbox.FaultPlan{})
	waitTicketed(t, q)
	r.checkTickets(t, 1)
}

// waitCalls waits until the sandbox has answered at least n calls of the
// method and path.
func waitCalls(t *testing.T, sb *cwsandbox.Sandbox, call string, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	for sb.Calls()[call] < n {
		if ctx.Err() != nil {
			t.Fatalf("%d calls %s, waited for %d", sb.Calls()[call], call, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
