package web

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/store"
)

// addViewer creates a viewer web user of the partner and signs it in.
func addViewer(t *testing.T, e *env, partnerID int64, email string) *browser {
	t.Helper()
	hash, err := HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.CreateWebUser(t.Context(), store.WebUser{PartnerID: partnerID, Email: email,
		PasswordHash: hash, Role: store.RoleViewer}); err != nil {
		t.Fatal(err)
	}
	return e.signIn(t, email)
}

func TestJobsPageListsAndReplays(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	p, token := e.partner(t, "a")
	id := giveUpJob(t, e.st, p.ID, 42, "<script>alert(1)</script> board gone")
	admin := e.signIn(t, "a-admin@example.com")
	viewer := addViewer(t, e, p.ID, "viewer@example.com")
	replay := fmt.Sprintf("/jobs/%d/replay", id)

	res, body := admin.do(t, "GET", "/jobs", nil)
	row := fmt.Sprintf(`data-job="%d"`, id)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, row) || !strings.Contains(body, `action="`+replay+`"`) ||
		!strings.Contains(body, `href="/reports/42"`) {
		t.Fatalf("GET /jobs as admin = %d, want the job with its report link and a replay button:\n%s", res.StatusCode, body)
	}
	if strings.Contains(body, "<script>alert(1)") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt; board gone") {
		t.Error("the last error is not escaped on the Jobs page")
	}

	res, body = viewer.do(t, "GET", "/jobs", nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, row) || strings.Contains(body, `action="`+replay+`"`) {
		t.Errorf("GET /jobs as viewer = %d, want the job without a replay button", res.StatusCode)
	}
	if res, _ := viewer.do(t, "POST", replay, url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer's replay = %d, want 403", res.StatusCode)
	}
	if res, _ := admin.do(t, "POST", "/jobs/999999/replay", url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("replaying an unknown job = %d, want 404", res.StatusCode)
	}
	if got := listJobs(t, e.srv.URL, token); len(got) != 1 {
		t.Fatalf("given-up jobs before the admin's replay = %+v, want one", got)
	}

	res, body = admin.do(t, "POST", replay, url.Values{})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "queued again") || strings.Contains(body, row) {
		t.Errorf("the admin's replay = %d, want the list without the job and a flash:\n%s", res.StatusCode, body)
	}
	if got := listJobs(t, e.srv.URL, token); len(got) != 0 {
		t.Errorf("given-up jobs after the replay = %+v, want none", got)
	}
}

func TestJobsPageWithoutQueueSaysSo(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	e.partner(t, "a")
	h, err := New(Config{Store: e.st})
	if err != nil {
		t.Fatal(err)
	}
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)
	admin := e.signIn(t, "a-admin@example.com")
	res, body := admin.do(t, "GET", "/jobs", nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `id="no-queue"`) {
		t.Errorf("GET /jobs without a queue = %d, want the page saying there is no queue:\n%s", res.StatusCode, body)
	}
	if res, _ := admin.do(t, "POST", "/jobs/1/replay", url.Values{}); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("a replay without a queue = %d, want 503", res.StatusCode)
	}
}
