package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
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
	if code != 0 || !strings.Contains(out, "1 job replayed:") {
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

// twoPartnersJobs makes a data folder with partners "a" and "b", each with
// one given-up report job, and a's completed report job; it returns the
// ids of a's given-up job, b's and a's completed one.
func twoPartnersJobs(t *testing.T) (data string, aGiven, bGiven, aDone int64) {
	t.Helper()
	ctx := t.Context()
	data = t.TempDir()
	st, err := store.Open(ctx, store.Config{DataDir: data})
	must(t, err)
	defer st.Close()
	a, err := st.CreatePartner(ctx, "a", "A")
	must(t, err)
	b, err := st.CreatePartner(ctx, "b", "B")
	must(t, err)
	handlers := jobs.Handlers{Report: func(_ context.Context, r jobs.ReportArgs, _ bool) error {
		if r.ReportID == 2 {
			return nil
		}
		return errors.New("connectwise is down")
	}}
	q, err := jobs.Open(ctx, st.DB(), st.Engine(), handlers, jobs.Config{MaxAttempts: 1, PollInterval: 10 * time.Millisecond})
	must(t, err)
	must(t, q.EnqueueReport(ctx, a.ID, 1))
	must(t, q.EnqueueReport(ctx, b.ID, 1))
	must(t, q.EnqueueReport(ctx, a.ID, 2))
	must(t, q.Start(ctx))
	defer q.Stop(context.Background()) //nolint:errcheck // test teardown
	for ctx.Err() == nil {
		if n, err := q.Unfinished(ctx, time.Hour); err == nil && n == 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	for id := int64(1); id <= 3; id++ {
		j, err := q.Get(ctx, id)
		must(t, err)
		p, r, _ := j.PartnerOf()
		switch {
		case j.Done():
			aDone = id
		case p == a.ID && r == 1:
			aGiven = id
		case p == b.ID:
			bGiven = id
		}
	}
	if aGiven == 0 || bGiven == 0 || aDone == 0 {
		t.Fatalf("jobs not settled as planned: %d %d %d", aGiven, bGiven, aDone)
	}
	return data, aGiven, bGiven, aDone
}

// TestJobsAreThePartners checks that jobs lists, and jobs replay --all
// replays, only the --partner's given-up jobs, and that another
// partner's job id reads as unknown.
func TestJobsAreThePartners(t *testing.T) {
	t.Parallel()
	data, aGiven, bGiven, _ := twoPartnersJobs(t)
	code, out, errOut := cli(t, "jobs", "--json", "--partner", "a", "--data", data)
	var got struct {
		GivenUp []jobs.Job `json:"given_up"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || len(got.GivenUp) != 1 || got.GivenUp[0].ID != aGiven {
		t.Errorf("jobs --partner a = %d\n%s%s, want only job %d", code, out, errOut, aGiven)
	}
	code, _, errOut = cli(t, "jobs", "replay", strconv.FormatInt(bGiven, 10), "--partner", "a", "--data", data)
	if want := fmt.Sprintf("no given-up job of this partner has id %d", bGiven); code != 1 || !strings.Contains(errOut, want) {
		t.Errorf("replaying b's job as a = %d %q, want 1 and %q", code, errOut, want)
	}
	code, out, errOut = cli(t, "jobs", "replay", "--all", "--json", "--partner", "a", "--data", data)
	if want := fmt.Sprintf(`{"replayed":[%d]}`, aGiven); code != 0 || lastLine(out) != want {
		t.Errorf("jobs replay --all --partner a = %d %q %q, want %s", code, out, errOut, want)
	}
	if out := mustRun(t, "jobs", "--partner", "b", "--data", data); !strings.Contains(out, "connectwise is down") {
		t.Errorf("b's given-up job is gone after a's replay --all:\n%s", out)
	}
}

// TestJobsReplayChecksEveryIDFirst checks that a replay naming any id it
// cannot replay replays none, and names each bad id with why.
func TestJobsReplayChecksEveryIDFirst(t *testing.T) {
	t.Parallel()
	data, aGiven, bGiven, aDone := twoPartnersJobs(t)
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	code, _, errOut := cli(t, "jobs", "replay", id(aGiven), id(aDone), id(bGiven), "99999", "--partner", "a", "--data", data)
	for _, want := range []string{
		fmt.Sprintf("job %d completed: nothing to replay", aDone),
		fmt.Sprintf("no given-up job of this partner has id %d", bGiven),
		"no given-up job of this partner has id 99999",
	} {
		if code != 1 || !strings.Contains(errOut, want) {
			t.Errorf("replay with bad ids = %d %q, want 1 and %q", code, errOut, want)
		}
	}
	if strings.Contains(errOut, "by itself") {
		t.Errorf("a completed job is said to run by itself: %q", errOut)
	}
	if out := mustRun(t, "jobs", "--partner", "a", "--data", data); !strings.Contains(out, "connectwise is down") {
		t.Errorf("a's given-up job was replayed although other ids were bad:\n%s", out)
	}
	code, _, errOut = cli(t, "jobs", "replay", "--all", id(aGiven), "--partner", "a", "--data", data)
	if want := "give either job ids or --all, not both"; code != 2 || !strings.Contains(errOut, want) {
		t.Errorf("replay --all with an id = %d %q, want 2 and %q", code, errOut, want)
	}
}
