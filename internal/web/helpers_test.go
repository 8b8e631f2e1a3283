package web

import (
	"bytes"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/outbound"
	"github.com/psabridge/psabridge/internal/store"
)

// testPassword is every test user's password.
const testPassword = "correct horse battery staple"

// env is a web server over a fresh store, beside a ConnectWise sandbox.
type env struct {
	st      *store.SQLite
	srv     *httptest.Server
	sandbox *cwsandbox.Server
	connect integration.ConnectInput
}

func newEnv(t *testing.T, cfg cwsandbox.Config) *env {
	t.Helper()
	st, err := store.Open(t.Context(), store.Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sb, err := cwsandbox.Start("127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	company, public, private, client := sb.Sandbox.Credentials()
	policy := &outbound.Policy{}
	policy.Allow(strings.TrimPrefix(sb.URL, "http://"))
	h, err := New(Config{Store: st, Policy: policy, ClientID: client, Jobs: openJobs(t, st),
		Limits: cwm.LimiterConfig{RequestsPerSecond: 10000, Burst: 1000, MaxInFlight: 8}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &env{st: st, srv: srv, sandbox: sb,
		connect: integration.ConnectInput{CompanyID: company, URL: sb.URL, PublicKey: public, PrivateKey: private}}
}

// partner creates a partner with an administrator and an API token.
func (e *env) partner(t *testing.T, slug string) (store.Partner, string) {
	t.Helper()
	p, err := e.st.CreatePartner(t.Context(), slug, strings.ToUpper(slug))
	if err != nil {
		t.Fatal(err)
	}
	hash, err := HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.st.CreateWebUser(t.Context(), store.WebUser{PartnerID: p.ID, Email: slug + "-admin@example.com",
		PasswordHash: hash, Role: store.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	token, tokenHash, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.st.CreateAPIToken(t.Context(), store.APIToken{PartnerID: p.ID, Name: slug, Hash: tokenHash, Role: store.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	return p, token
}

// browser is an HTTP client with a cookie jar, signed in.
type browser struct {
	c    *http.Client
	base string
	csrf string
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (e *env) signIn(t *testing.T, email string) *browser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	b := &browser{c: &http.Client{Jar: jar}, base: e.srv.URL}
	res, body := b.do(t, "POST", "/login", url.Values{"email": {email}, "password": {testPassword}})
	m := csrfInput.FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("sign in as %s: %d, no CSRF token in the page", email, res.StatusCode)
	}
	b.csrf = m[1]
	return b
}

// do sends a form (POST) or a GET; the CSRF token is added to forms.
func (b *browser) do(t *testing.T, method, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		if b.csrf != "" {
			form.Set("csrf", b.csrf)
		}
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequestWithContext(t.Context(), method, b.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res, string(out)
}

// apiCall sends a JSON API request with a bearer token.
func apiCall(t *testing.T, base, token, method, path, contentType string, body []byte) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), method, base+path, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res, out
}

func nopCloser(b []byte) io.ReadCloser { return io.NopCloser(bytes.NewReader(b)) }
