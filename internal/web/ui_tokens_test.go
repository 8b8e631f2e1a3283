package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

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
