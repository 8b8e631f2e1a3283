package jobs_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/jobs"
)

// down makes every ConnectWise call fail, as when it is unreachable: half
// the calls are reset, half answered 503 by the edge.
func down() cwsandbox.FaultPlan {
	return cwsandbox.FaultPlan{Seed: 1, Rules: []cwsandbox.FaultRule{
		{Kind: cwsandbox.FaultReset, Rate: 0.5}, {Kind: cwsandbox.Fault503, Rate: 1},
	}}
}

// TestOutageOfADayDrains simulates a day-long outage with a scaled retry
// schedule: one backoff unit stands for one second, so a day is 86,400
// units. Nothing may be given up, and the backlog drains once ConnectWise
// is back.
func TestOutageOfADayDrains(t *testing.T) {
	t.Parallel()
	const unit = 20 * time.Microsecond
	const day = 86400 * unit
	r := newRig(t, openSQLite(t))
	r.srv.Sandbox.SetFaults(down())
	q := r.queue(t, jobs.Config{Workers: 8, BackoffUnit: unit, PollInterval: 10 * time.Millisecond})
	r.receive(t, q, 40)

	time.Sleep(day) // the outage: the jobs keep failing and backing off meanwhile
	given, err := q.GivenUp(t.Context())
	must(t, err)
	if len(given) != 0 {
		t.Fatalf("%d jobs given up during a one-day outage: %s", len(given), given[0].LastError)
	}

	r.srv.Sandbox.SetFaults(cwsandbox.FaultPlan{})
	waitTicketed(t, q)
	r.checkTickets(t, 40)
}

// TestGivenUpJobIsKeptAndReplayed checks that a job that exhausts its
// attempts stays visible with its last error, its report says it failed,
// and replaying it after the cause is fixed tickets the report.
func TestGivenUpJobIsKeptAndReplayed(t *testing.T) {
	t.Parallel()
	r := newRig(t, openSQLite(t))
	r.srv.Sandbox.SetFaults(down())
	q := r.queue(t, jobs.Config{Workers: 2, MaxAttempts: 2, BackoffUnit: time.Millisecond,
		PollInterval: 10 * time.Millisecond})
	r.receive(t, q, 1)

	given := waitGivenUp(t, q)
	if given.Kind != jobs.KindReport || given.LastError == "" || given.Attempt != 2 {
		t.Errorf("given-up job = %+v: want a report job after 2 attempts with its last error", given)
	}
	reps, err := r.store.Reports(t.Context(), r.partner.ID)
	must(t, err)
	if reps[0].Status != integration.StatusFailed || reps[0].Reason == "" {
		t.Errorf("report after giving up: %s %q, want failed with a reason", reps[0].Status, reps[0].Reason)
	}

	r.srv.Sandbox.SetFaults(cwsandbox.FaultPlan{})
	must(t, q.Replay(t.Context(), given.ID))
	waitTicketed(t, q)
	r.checkTickets(t, 1)
}

// waitGivenUp waits for the first given-up job.
func waitGivenUp(t *testing.T, q *jobs.Queue) jobs.Job {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	for ctx.Err() == nil {
		given, err := q.GivenUp(ctx)
		must(t, err)
		if len(given) > 0 {
			return given[0]
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("no job gave up within a minute")
	return jobs.Job{}
}

// TestReceiveStoresNothingWithoutItsJob checks the report and its job
// commit together: when enqueueing fails, no report is stored.
func TestReceiveStoresNothingWithoutItsJob(t *testing.T) {
	t.Parallel()
	st := openSQLite(t)
	p, err := st.CreatePartner(t.Context(), "p", "P")
	must(t, err)
	reports := &integration.Reports{Store: st, PartnerID: p.ID, Queue: failingQueue{}}
	if _, _, err := reports.Receive(t.Context(), "r.eml", lure(1), "a@example.com"); err == nil {
		t.Fatal("Receive succeeded although its job could not be enqueued")
	}
	reps, err := st.Reports(t.Context(), p.ID)
	must(t, err)
	if len(reps) != 0 {
		t.Errorf("%d reports stored without their job", len(reps))
	}
}

// failingQueue refuses every job.
type failingQueue struct{}

func (failingQueue) EnqueueReportTx(context.Context, *sql.Tx, int64, int64) error {
	return errors.New("queue unavailable")
}
