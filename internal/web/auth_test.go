package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/store"
)

func TestPasswordHash(t *testing.T) {
	t.Parallel()
	hash, err := HashPassword(testPassword)
	if err != nil || !strings.HasPrefix(hash, "$argon2id$v=19$") {
		t.Fatalf("HashPassword = %q, %v; want an argon2id PHC string", hash, err)
	}
	for pw, want := range map[string]bool{testPassword: true, testPassword + "x": false, "": false} {
		if ok, err := CheckPassword(hash, pw); ok != want || err != nil {
			t.Errorf("CheckPassword(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	if _, err := HashPassword("short"); err == nil {
		t.Error("a short password was accepted")
	}
}

// TestSignInAndStateChanges checks the session cookie's flags, the
// sign-in limit, CSRF and the viewer role.
func TestSignInAndStateChanges(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	p, _ := e.partner(t, "a")
	hash, _ := HashPassword(testPassword)
	if _, err := e.st.CreateWebUser(t.Context(), store.WebUser{PartnerID: p.ID, Email: "viewer@example.com",
		PasswordHash: hash, Role: store.RoleViewer}); err != nil {
		t.Fatal(err)
	}

	admin := e.signIn(t, "a-admin@example.com")
	cookies := admin.c.Jar.Cookies(mustURL(t, e.srv.URL))
	if len(cookies) != 1 || cookies[0].Name != sessionCookie {
		t.Fatalf("cookies after sign-in = %v", cookies)
	}

	raw := rawSetCookie(t, e.srv.URL)
	for _, attr := range []string{"HttpOnly", "SameSite=Strict"} {
		if !strings.Contains(raw, attr) {
			t.Errorf("Set-Cookie %q lacks %s", raw, attr)
		}
	}

	tampered := *admin
	tampered.csrf = "wrong"
	if res, _ := tampered.do(t, "POST", "/billing/push", url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("POST with a wrong CSRF token = %d, want 403", res.StatusCode)
	}
	viewer := e.signIn(t, "viewer@example.com")
	if res, _ := viewer.do(t, "POST", "/integrations/recheck", url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer's POST = %d, want 403", res.StatusCode)
	}

	anon := &browser{c: &http.Client{}, base: e.srv.URL}
	statuses := []int{}
	for range 7 {
		res, _ := anon.do(t, "POST", "/login", url.Values{"email": {"nobody@example.com"}, "password": {"wrong password!"}})
		statuses = append(statuses, res.StatusCode)
	}
	if statuses[0] != http.StatusUnauthorized || statuses[6] != http.StatusTooManyRequests {
		t.Errorf("repeated failed sign-ins = %v, want 401 first and 429 at last", statuses)
	}
}

func rawSetCookie(t *testing.T, base string) string {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(base+"/login", url.Values{"email": {"a-admin@example.com"}, "password": {testPassword}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.Header.Get("Set-Cookie")
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
