package cwsandbox

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseFaults(t *testing.T) {
	t.Parallel()
	spec := "429=0.1,503=0.05,reset=0.05,timeout-after-create=0.05,redirect-after-post=0.05,latency=20ms," +
		"500@POST/service/tickets=0.5,502@finance/agreements/7/additions/{id}=1,codebase@GET=0.01," +
		"retry-after=3,hang=5ms,seed=42"
	got, err := ParseFaults(spec)
	if err != nil {
		t.Fatal(err)
	}
	want := FaultPlan{
		Rules: []FaultRule{
			{Kind: Fault429, Rate: 0.1}, {Kind: Fault503, Rate: 0.05}, {Kind: FaultReset, Rate: 0.05},
			{Kind: FaultTimeoutAfterCreate, Rate: 0.05}, {Kind: FaultRedirectAfterPost, Rate: 0.05},
			{Kind: Fault500, Method: "POST", Path: "service/tickets", Rate: 0.5},
			{Kind: Fault502, Path: "finance/agreements/7/additions/{id}", Rate: 1},
			{Kind: FaultCodebase, Method: "GET", Rate: 0.01},
		},
		Latency: 20 * time.Millisecond, RetryAfter: 3, Hang: 5 * time.Millisecond, Seed: 42,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("ParseFaults (-want +got):\n%s", diff)
	}
	again, err := ParseFaults(got.String())
	if err != nil || !cmp.Equal(got, again) {
		t.Errorf("String %q does not read back: %v", got.String(), err)
	}
}

func TestParseFaultsRejects(t *testing.T) {
	t.Parallel()
	for _, spec := range []string{"429", "418=0.1", "503=1.5", "503=-1", "503=often", "latency=fast",
		"seed=-1", "retry-after=soon"} {
		if _, err := ParseFaults(spec); err == nil {
			t.Errorf("ParseFaults(%q) succeeded, want an error", spec)
		}
	}
}

// answerStatuses sends n GETs and returns the statuses seen.
func answerStatuses(t *testing.T, f *fixture, n int) []int {
	t.Helper()
	var got []int
	for range n {
		got = append(got, f.call(t, http.MethodGet, "/service/boards", nil).status)
	}
	return got
}

func TestFaultPlanIsReproducible(t *testing.T) {
	t.Parallel()
	plan, err := ParseFaults("503=0.3,500=0.2,seed=7")
	if err != nil {
		t.Fatal(err)
	}
	a := answerStatuses(t, newFixture(t, Config{Faults: plan}), 40)
	b := answerStatuses(t, newFixture(t, Config{Faults: plan}), 40)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("same seed, different faults (-first +second):\n%s", diff)
	}
	seen := map[int]int{}
	for _, s := range a {
		seen[s]++
	}
	if seen[503] == 0 || seen[500] == 0 || seen[200] == 0 {
		t.Errorf("statuses %v: want a mix of 200, 500 and 503", seen)
	}
	plan.Seed = 8
	if c := answerStatuses(t, newFixture(t, Config{Faults: plan}), 40); cmp.Equal(a, c) {
		t.Error("another seed gave the same 40 faults")
	}
}

func TestFaultRulesAreScoped(t *testing.T) {
	t.Parallel()
	plan, _ := ParseFaults("503@POST/service/tickets=1,500@company/companies/{id}=1")
	f := newFixture(t, Config{Faults: plan})
	wantStatus(t, f.call(t, http.MethodGet, "/service/tickets", nil), http.StatusOK)
	wantStatus(t, f.call(t, http.MethodGet, "/company/companies", nil), http.StatusOK)
	wantStatus(t, f.call(t, http.MethodGet, "/company/companies/2", nil), http.StatusInternalServerError)
	body := map[string]any{"summary": "s", "company": map[string]any{"id": 2}}
	wantStatus(t, f.call(t, http.MethodPost, "/service/tickets", body), http.StatusServiceUnavailable)
	if n := len(f.sb.Records("service/tickets")); n != 0 {
		t.Errorf("%d tickets stored after a 503, want none", n)
	}

	f.sb.SetFaults(FaultPlan{})
	wantStatus(t, f.call(t, http.MethodGet, "/company/companies/2", nil), http.StatusOK)
}

func TestFaultAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec, contentType, body string
		status                  int
	}{
		{"502=1", "text/html", "502 Bad Gateway", 502},
		{"503=1", "text/html", "503 Service Unavailable", 503},
		{"500=1", "application/vnd.connectwise.com+json", `"code":"InternalServerError"`, 500},
	}
	for _, tt := range tests {
		plan, _ := ParseFaults(tt.spec)
		a := newFixture(t, Config{Faults: plan}).call(t, http.MethodGet, "/service/boards", nil)
		if a.status != tt.status || !strings.HasPrefix(a.header.Get("Content-Type"), tt.contentType) ||
			!strings.Contains(string(a.body), tt.body) {
			t.Errorf("%s: %d %s %s", tt.spec, a.status, a.header.Get("Content-Type"), a.body)
		}
	}
	plan, _ := ParseFaults("429=1,retry-after=4,seed=3")
	f := newFixture(t, Config{Faults: plan})
	bodies := map[string]bool{}
	for range 20 {
		a := f.call(t, http.MethodGet, "/service/boards", nil)
		if a.status != 429 || a.header.Get("Retry-After") != "4" {
			t.Fatalf("429 fault answered %d with Retry-After %q", a.status, a.header.Get("Retry-After"))
		}
		bodies[strings.SplitN(a.header.Get("Content-Type"), ";", 2)[0]] = true
	}
	if !bodies["application/json"] || !bodies["text/plain"] {
		t.Errorf("429 bodies were %v, want both ConnectWise's JSON and the CDN's text", bodies)
	}
}

func TestResetFaultCarriesNothingOut(t *testing.T) {
	t.Parallel()
	plan, _ := ParseFaults("reset=1")
	f := newFixture(t, Config{Faults: plan})
	req := f.request(t, http.MethodPost, f.srv.URL+"/"+f.sb.Codebase()+"apis/3.0/service/tickets",
		map[string]any{"summary": "s", "company": map[string]any{"id": 2}})
	if _, err := f.srv.Client().Do(req); err == nil {
		t.Fatal("request through a reset succeeded")
	}
	if n := len(f.sb.Records("service/tickets")); n != 0 {
		t.Errorf("%d tickets after a reset before handling, want none", n)
	}
}

func TestTimeoutAfterCreateStoresAndDrops(t *testing.T) {
	t.Parallel()
	plan, _ := ParseFaults("timeout-after-create=1,hang=1ms")
	f := newFixture(t, Config{Faults: plan})
	wantStatus(t, f.call(t, http.MethodGet, "/service/boards", nil), http.StatusOK) // reads pass
	req := f.request(t, http.MethodPost, f.srv.URL+"/"+f.sb.Codebase()+"apis/3.0/service/tickets",
		map[string]any{"summary": "s", "company": map[string]any{"id": 2}})
	co, pub, priv, cid := f.sb.Credentials()
	req.SetBasicAuth(co+"+"+pub, priv)
	req.Header.Set("clientId", cid)
	resp, err := f.srv.Client().Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("POST answered %d, want the connection dropped", resp.StatusCode)
	}
	if n := len(f.sb.Records("service/tickets")); n != 1 {
		t.Errorf("%d tickets, want the one whose answer was lost", n)
	}
}

func TestRedirectAfterPost(t *testing.T) {
	t.Parallel()
	plan, _ := ParseFaults("redirect-after-post=1")
	f := newFixture(t, Config{Faults: plan})
	client := *f.srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	req := f.request(t, http.MethodPost, f.srv.URL+"/"+f.sb.Codebase()+"apis/3.0/service/tickets",
		map[string]any{"summary": "s", "company": map[string]any{"id": 2}})
	co, pub, priv, cid := f.sb.Credentials()
	req.SetBasicAuth(co+"+"+pub, priv)
	req.Header.Set("clientId", cid)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(resp.Header.Get("Location"), "http://") {
		t.Errorf("answer %d to %q, want 302 to an http:// URL", resp.StatusCode, resp.Header.Get("Location"))
	}
	if n := len(f.sb.Records("service/tickets")); n != 1 {
		t.Errorf("%d tickets, want the one created before the redirect", n)
	}
}

func TestCodebaseFaultMovesTheAPI(t *testing.T) {
	t.Parallel()
	plan, _ := ParseFaults("codebase@GET/system/info=1")
	f := newFixture(t, Config{Faults: plan})
	old := f.sb.Codebase()
	a := f.call(t, http.MethodGet, "/system/info", nil)
	if a.status != http.StatusNotFound || f.sb.Codebase() == old {
		t.Fatalf("call during the move = %d on codebase %s, want 404 and a new codebase", a.status, f.sb.Codebase())
	}
	if f.sb.Codebase() != "v2025_2/" {
		t.Errorf("codebase = %s, want v2025_2/", f.sb.Codebase())
	}
	wantStatus(t, f.call(t, http.MethodGet, "/service/boards", nil), http.StatusOK) // on the new one
}

func TestNextCodebase(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"v2025_1/": "v2025_2/", "v4_6_release/": "v4_6_release_2/",
		"v2025_19/": "v2025_20/"} {
		if got := nextCodebase(in); got != want {
			t.Errorf("nextCodebase(%q) = %q, want %q", in, got, want)
		}
	}
}
