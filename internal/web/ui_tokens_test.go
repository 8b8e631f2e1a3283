package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/store"
)

var shownToken = regexp.MustCompile(`<code id="token-value">(` + TokenPrefix + `[A-Za-z0-9_-]+)</code>`)

func TestTokensPageCreatesListsAndRevokes(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	p, _ := e.partner(t, "a")
	admin := e.signIn(t, "a-admin@example.com")
	viewer := addViewer(t, e, p.ID, "viewer@example.com")

	res, body := admin.do(t, "POST", "/tokens", url.Values{"name": {"<b>reporting</b>"}, "role": {"viewer"}})
	m := shownToken.FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("creating a token = %d, want the token shown:\n%s", res.StatusCode, body)
	}
	token := m[1]
	if strings.Contains(body, "<b>reporting</b>") || !strings.Contains(body, "&lt;b&gt;reporting&lt;/b&gt;") {
		t.Error("the token's name is not escaped")
	}
	if res, _ := apiCall(t, e.srv.URL, token, "GET", "/api/v1/status", "", nil); res.StatusCode != http.StatusOK {
		t.Errorf("the shown token does not authenticate: %d", res.StatusCode)
	}
	ts, err := e.st.APITokens(t.Context(), p.ID)
	if err != nil || len(ts) != 2 || ts[1].Role != store.RoleViewer || ts[1].Hash != HashToken(token) {
		t.Fatalf("stored tokens = %+v, %v; want the new viewer token stored by its hash", ts, err)
	}
	created := ts[1]

	for who, b := range map[string]*browser{"admin": admin, "viewer": viewer} {
		res, body := b.do(t, "GET", "/tokens", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, fmt.Sprintf(`data-token="%d"`, created.ID)) {
			t.Errorf("GET /tokens as %s = %d, want the new token listed", who, res.StatusCode)
		}
		if strings.Contains(body, token) || strings.Contains(body, created.Hash) || strings.Contains(body, TokenPrefix) {
			t.Errorf("GET /tokens as %s shows a token or its hash", who)
		}
	}
	_, body = viewer.do(t, "GET", "/tokens", nil)
	if strings.Contains(body, `action="/tokens/`) || strings.Contains(body, `id="token-create"`) {
		t.Error("a viewer sees the create form or revoke buttons")
	}

	revoke := fmt.Sprintf("/tokens/%d/revoke", created.ID)
	for _, c := range []struct {
		path string
		form url.Values
	}{{"/tokens", url.Values{"name": {"x"}, "role": {"admin"}}}, {revoke, url.Values{}}} {
		if res, _ := viewer.do(t, "POST", c.path, c.form); res.StatusCode != http.StatusForbidden {
			t.Errorf("a viewer's POST %s = %d, want 403", c.path, res.StatusCode)
		}
	}
	if res, body := admin.do(t, "POST", "/tokens", url.Values{"name": {"x"}, "role": {"owner"}}); res.StatusCode != http.StatusOK ||
		shownToken.MatchString(body) || !strings.Contains(body, "role must be admin or viewer") {
		t.Errorf("a token with a bad role = %d, want the form with the error and no token", res.StatusCode)
	}

	res, body = admin.do(t, "POST", revoke, url.Values{})
	if res.StatusCode != http.StatusOK || strings.Contains(body, fmt.Sprintf(`data-token="%d"`, created.ID)) {
		t.Errorf("revoking = %d, want the list without the token", res.StatusCode)
	}
	if res, _ := apiCall(t, e.srv.URL, token, "GET", "/api/v1/status", "", nil); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("a revoked token still answers %d, want 401", res.StatusCode)
	}
	if res, _ := admin.do(t, "POST", revoke, url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("revoking twice = %d, want 404", res.StatusCode)
	}
}

// lastUsedCell finds a token's "Last used" cell on the Tokens page.
func lastUsedCell(id int64) *regexp.Regexp {
	return regexp.MustCompile(fmt.Sprintf(`(?s)data-token="%d".*?<td class="last-used">([^<]*)</td>`, id))
}

func TestTokensPageShowsLastUsed(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	p, token := e.partner(t, "a")
	admin := e.signIn(t, "a-admin@example.com")
	ts, err := e.st.APITokens(t.Context(), p.ID)
	if err != nil || len(ts) != 1 {
		t.Fatalf("APITokens = %+v, %v; want the partner's one token", ts, err)
	}
	cell := lastUsedCell(ts[0].ID)

	_, body := admin.do(t, "GET", "/tokens", nil)
	if m := cell.FindStringSubmatch(body); m == nil || m[1] != "never" {
		t.Fatalf("last used of an unused token = %v, want never:\n%s", m, body)
	}
	if res, _ := apiCall(t, e.srv.URL, token, "GET", "/api/v1/status", "", nil); res.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/status = %d", res.StatusCode)
	}
	used, err := e.st.APITokenByHash(t.Context(), HashToken(token))
	if err != nil || used.LastUsedAt.IsZero() {
		t.Fatalf("stored token after a call = %+v, %v; want its use recorded", used, err)
	}
	_, body = admin.do(t, "GET", "/tokens", nil)
	want := used.LastUsedAt.UTC().Format("2006-01-02 15:04:05Z")
	if m := cell.FindStringSubmatch(body); m == nil || m[1] != want {
		t.Errorf("last used after a call = %v, want %s", m, want)
	}
}

// TestTokenUseWrittenOncePerInterval checks that calls within a minute of
// the recorded use do not write it again.
func TestTokenUseWrittenOncePerInterval(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	_, token := e.partner(t, "a")
	if res, _ := apiCall(t, e.srv.URL, token, "GET", "/api/v1/status", "", nil); res.StatusCode != http.StatusOK {
		t.Fatalf("first call = %d", res.StatusCode)
	}
	tok, err := e.st.APITokenByHash(t.Context(), HashToken(token))
	if err != nil || tok.LastUsedAt.IsZero() {
		t.Fatalf("stored token after the first call = %+v, %v; want its use recorded", tok, err)
	}

	// A marker older than the interval: only this process's own write of a
	// moment ago keeps the next calls from replacing it.
	marker := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := e.st.MarkAPITokenUsed(t.Context(), tok.ID, marker); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if res, _ := apiCall(t, e.srv.URL, token, "GET", "/api/v1/status", "", nil); res.StatusCode != http.StatusOK {
			t.Fatalf("later call = %d", res.StatusCode)
		}
	}
	if got, err := e.st.APITokenByHash(t.Context(), HashToken(token)); err != nil || !got.LastUsedAt.Equal(marker) {
		t.Errorf("last used after calls within the interval = %v, %v; want it unwritten (%v)", got.LastUsedAt, err, marker)
	}
}

func TestTokenUsesDue(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	var u tokenUses
	for _, c := range []struct {
		what   string
		id     int64
		stored time.Time
		now    time.Time
		want   bool
	}{
		{"never used", 1, time.Time{}, t0, true},
		{"again at once", 1, time.Time{}, t0, false},
		{"within the interval of this process's write", 1, time.Time{}, t0.Add(tokenUseInterval - time.Second), false},
		{"an interval after this process's write", 1, time.Time{}, t0.Add(tokenUseInterval), true},
		{"another token, stored a moment ago", 2, t0.Add(-time.Second), t0, false},
		{"another token, stored long ago", 2, t0.Add(-time.Hour), t0, true},
		{"a newer use stored by another process", 1, t0.Add(tokenUseInterval + time.Second),
			t0.Add(tokenUseInterval + 2*time.Second), false},
	} {
		if got := u.due(c.id, c.stored, c.now); got != c.want {
			t.Errorf("%s: due = %v, want %v", c.what, got, c.want)
		}
	}
}

// TestTokenFormSentTwiceMakesOneToken: the create form sent again (a page
// reloaded), or a name already in use in another letter case, makes no
// second token and says why.
func TestTokenFormSentTwiceMakesOneToken(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	p, _ := e.partner(t, "a")
	admin := e.signIn(t, "a-admin@example.com")
	form := url.Values{"name": {"reporting"}, "role": {"viewer"}}
	if _, body := admin.do(t, "POST", "/tokens", form); shownToken.FindStringSubmatch(body) == nil {
		t.Fatal("the first create showed no token")
	}
	for _, name := range []string{"reporting", " Reporting "} {
		_, body := admin.do(t, "POST", "/tokens", url.Values{"name": {name}, "role": {"viewer"}})
		if shownToken.FindStringSubmatch(body) != nil || !strings.Contains(body, "a token named &#34;reporting&#34; exists") {
			t.Errorf("creating %q again showed a token or no reason", name)
		}
	}
	ts, err := e.st.APITokens(t.Context(), p.ID)
	if err != nil || len(ts) != 2 { // the partner's own from e.partner, and "reporting"
		t.Errorf("%d tokens stored (%v), want 2", len(ts), err)
	}
}
