package jobs_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/psabridge/psabridge/internal/jobs"
)

// givenUpQueue gives up one report job for each of two partners and
// returns the stopped queue and the partners' ids.
func givenUpQueue(t *testing.T) (q *jobs.Queue, a, b int64) {
	t.Helper()
	ctx := t.Context()
	st := openSQLite(t)
	pa, err := st.CreatePartner(ctx, "a", "A")
	must(t, err)
	pb, err := st.CreatePartner(ctx, "b", "B")
	must(t, err)
	failing := jobs.Handlers{Report: func(context.Context, jobs.ReportArgs, bool) error {
		return errors.New("connectwise is down")
	}}
	q, err = jobs.Open(ctx, st.DB(), st.Engine(), failing, jobs.Config{MaxAttempts: 1, PollInterval: 10 * time.Millisecond})
	must(t, err)
	must(t, q.EnqueueReport(ctx, pa.ID, 7))
	must(t, q.EnqueueReport(ctx, pb.ID, 8))
	must(t, q.Start(ctx))
	for ctx.Err() == nil {
		given, err := q.GivenUp(ctx)
		must(t, err)
		if len(given) == 2 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	must(t, q.Stop(context.Background()))
	return q, pa.ID, pb.ID
}

func TestGivenUpOfAndReplayOfKeepToThePartner(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	q, a, b := givenUpQueue(t)

	ofA, err := q.GivenUpOf(ctx, a)
	must(t, err)
	if len(ofA) != 1 {
		t.Fatalf("A's given-up jobs = %+v, want one", ofA)
	}
	p, report, ok := ofA[0].PartnerOf()
	if diff := cmp.Diff([]any{a, int64(7), true, "connectwise is down"},
		[]any{p, report, ok, ofA[0].LastError}); diff != "" {
		t.Errorf("A's job (-want +got):\n%s", diff)
	}
	ofB, err := q.GivenUpOf(ctx, b)
	must(t, err)
	if len(ofB) != 1 || ofB[0].ID == ofA[0].ID {
		t.Fatalf("B's given-up jobs = %+v", ofB)
	}

	for _, tc := range []struct {
		name    string
		partner int64
		id      int64
	}{{"another partner's job", a, ofB[0].ID}, {"an unknown id", a, 1 << 40}} {
		if err := q.ReplayOf(ctx, tc.partner, tc.id); !errors.Is(err, jobs.ErrNoJob) {
			t.Errorf("%s: ReplayOf = %v, want ErrNoJob", tc.name, err)
		}
	}
	must(t, q.ReplayOf(ctx, a, ofA[0].ID))
	if err := q.ReplayOf(ctx, a, ofA[0].ID); !errors.Is(err, jobs.ErrNoJob) {
		t.Errorf("replaying a job that no longer gave up = %v, want ErrNoJob", err)
	}
	if ofA, _ = q.GivenUpOf(ctx, a); len(ofA) != 0 {
		t.Errorf("A's given-up jobs after replay = %+v", ofA)
	}
	if ofB, _ = q.GivenUpOf(ctx, b); len(ofB) != 1 {
		t.Errorf("B's given-up jobs after A's replays = %+v", ofB)
	}
}
