package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/store"
)

// openJobs opens an insert-only job queue on st, for the server to list
// and replay given-up jobs.
func openJobs(t *testing.T, st *store.SQLite) *jobs.Queue {
	t.Helper()
	q, err := jobs.Open(t.Context(), st.DB(), st.Engine(), jobs.Handlers{}, jobs.Config{Workers: -1})
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// giveUpJob runs a report job of the partner that fails once with
// message and is given up; it returns the job's id.
func giveUpJob(t *testing.T, st *store.SQLite, partnerID, reportID int64, message string) int64 {
	t.Helper()
	ctx := t.Context()
	failing := jobs.Handlers{Report: func(context.Context, jobs.ReportArgs, bool) error {
		return errors.New(message)
	}}
	q, err := jobs.Open(ctx, st.DB(), st.Engine(), failing, jobs.Config{MaxAttempts: 1, PollInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.EnqueueReport(ctx, partnerID, reportID); err != nil {
		t.Fatal(err)
	}
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer q.Stop(context.Background()) //nolint:errcheck // test teardown
	for ctx.Err() == nil {
		given, err := q.GivenUpOf(ctx, partnerID)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range given {
			if _, r, _ := j.PartnerOf(); r == reportID {
				return j.ID
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the job never gave up")
	return 0
}

// listJobs is GET /api/v1/jobs with token, which must answer 200.
func listJobs(t *testing.T, base, token string) []jobJSON {
	t.Helper()
	res, body := apiCall(t, base, token, "GET", "/api/v1/jobs", "", nil)
	var out []jobJSON
	if res.StatusCode != http.StatusOK || json.Unmarshal(body, &out) != nil {
		t.Fatalf("GET /api/v1/jobs = %d %s", res.StatusCode, body)
	}
	return out
}

func TestJobsListAndReplayOwnGivenUpJob(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "demo"})
	p, token := e.partner(t, "a")
	id := giveUpJob(t, e.st, p.ID, 42, "connectwise is down")

	got := listJobs(t, e.srv.URL, token)
	if len(got) != 1 {
		t.Fatalf("given-up jobs = %+v, want one", got)
	}
	if got[0].GaveUpAt.IsZero() {
		t.Error("gave_up_at is zero")
	}
	got[0].GaveUpAt = time.Time{}
	want := jobJSON{ID: id, Kind: jobs.KindReport, State: "discarded", Attempts: 1, MaxAttempts: 1,
		LastError: "connectwise is down", ReportID: 42}
	if diff := cmp.Diff(want, got[0]); diff != "" {
		t.Errorf("given-up job (-want +got):\n%s", diff)
	}

	path := fmt.Sprintf("/api/v1/jobs/%d/replay", id)
	if res, body := apiCall(t, e.srv.URL, token, "POST", path, "", nil); res.StatusCode != http.StatusAccepted {
		t.Fatalf("POST %s = %d %s", path, res.StatusCode, body)
	}
	if got := listJobs(t, e.srv.URL, token); len(got) != 0 {
		t.Errorf("given-up jobs after replay = %+v", got)
	}
	if res, _ := apiCall(t, e.srv.URL, token, "POST", path, "", nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("replaying a job no longer given up = %d, want 404", res.StatusCode)
	}
	log, err := e.st.AuditLog(t.Context(), p.ID)
	if !slices.ContainsFunc(log, func(a store.AuditEntry) bool { return a.Action == "job.replay" }) {
		t.Errorf("the replay left no audit entry: %+v %v", log, err)
	}
}

func TestJobsReplayRefusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "demo"})
	p, token := e.partner(t, "a")
	id := giveUpJob(t, e.st, p.ID, 42, "connectwise is down")
	viewer, hash, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.CreateAPIToken(t.Context(), store.APIToken{PartnerID: p.ID, Name: "viewer", Hash: hash,
		Role: store.RoleViewer}); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name, token, path string
		status            int
		code              string
	}{
		{"a viewer", viewer, fmt.Sprintf("/api/v1/jobs/%d/replay", id), http.StatusForbidden, "forbidden"},
		{"an unknown id", token, "/api/v1/jobs/999999/replay", http.StatusNotFound, "not_found"},
		{"a bad id", token, "/api/v1/jobs/x/replay", http.StatusBadRequest, "bad_request"},
	} {
		res, body := apiCall(t, e.srv.URL, tc.token, "POST", tc.path, "", nil)
		var got errorBody
		_ = json.Unmarshal(body, &got)
		if res.StatusCode != tc.status || got.Error.Code != tc.code {
			t.Errorf("%s: POST %s = %d %s, want %d %s", tc.name, tc.path, res.StatusCode, body, tc.status, tc.code)
		}
	}
	if got := listJobs(t, e.srv.URL, viewer); len(got) != 1 {
		t.Errorf("the viewer sees %d given-up jobs, want 1 (and still given up)", len(got))
	}
}

func TestJobsWithoutQueueAre503(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "demo"})
	_, token := e.partner(t, "a")
	h, err := New(Config{Store: e.st})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)

	for _, c := range []struct{ method, path string }{{"GET", "/api/v1/jobs"}, {"POST", "/api/v1/jobs/1/replay"}} {
		res, body := apiCall(t, srv.URL, token, c.method, c.path, "", nil)
		var got errorBody
		_ = json.Unmarshal(body, &got)
		if res.StatusCode != http.StatusServiceUnavailable || got.Error.Code != "jobs_unavailable" {
			t.Errorf("%s %s without a queue = %d %s, want 503 jobs_unavailable", c.method, c.path, res.StatusCode, body)
		}
	}
}
