package main

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/store"
)

// giveUpOneJob leaves one report job given up in the data folder, its
// last error "connectwise is down".
func giveUpOneJob(t *testing.T, data string) {
	t.Helper()
	ctx := t.Context()
	st, err := store.Open(ctx, store.Config{DataDir: data})
	must(t, err)
	defer st.Close()
	p, err := st.CreatePartner(ctx, "default", "Default")
	must(t, err)
	failing := jobs.Handlers{Report: func(context.Context, jobs.ReportArgs, bool) error {
		return errors.New("connectwise is down")
	}}
	q, err := jobs.Open(ctx, st.DB(), st.Engine(), failing, jobs.Config{MaxAttempts: 1, PollInterval: 10 * time.Millisecond})
	must(t, err)
	must(t, q.EnqueueReport(ctx, p.ID, 1))
	must(t, q.Start(ctx))
	defer q.Stop(context.Background()) //nolint:errcheck // test teardown
	for ctx.Err() == nil {
		given, err := q.GivenUp(ctx)
		must(t, err)
		if len(given) == 1 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestJobsListsAndReplaysGivenUp(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	giveUpOneJob(t, data)

	code, out, errOut := cli(t, "jobs", "--json", "--data", data)
	var got struct {
		GivenUp []jobs.Job `json:"given_up"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || len(got.GivenUp) != 1 {
		t.Fatalf("jobs --json = %d\n%s%s", code, out, errOut)
	}
	if j := got.GivenUp[0]; j.Kind != jobs.KindReport || j.LastError != "connectwise is down" {
		t.Errorf("given-up job = %+v", j)
	}

	code, out, _ = cli(t, "jobs", "replay", "--all", "--data", data)
	if code != 0 || !strings.Contains(out, "1 jobs replayed") {
		t.Errorf("jobs replay --all = %d %q", code, out)
	}
	if code, out, _ = cli(t, "jobs", "--data", data); code != 0 || !strings.Contains(out, "no job gave up") {
		t.Errorf("jobs after replay = %d %q", code, out)
	}
}

func TestJobsReplayUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{}, {"1", "--all"}, {"x"}, {"0"}} {
		code, _, errOut := cli(t, append([]string{"jobs", "replay", "--data", t.TempDir()}, args...)...)
		if code != 2 {
			t.Errorf("jobs replay %v = %d (%s), want 2", args, code, errOut)
		}
	}
}
