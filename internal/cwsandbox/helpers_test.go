package cwsandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// fixture is a sandbox behind an httptest server with a client that
// signs every request.
type fixture struct {
	sb  *Sandbox
	srv *httptest.Server
}

func newFixture(t *testing.T, cfg Config) *fixture {
	t.Helper()
	sb, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	return &fixture{sb: sb, srv: srv}
}

// answer is a response read whole.
type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(a.body, v); err != nil {
		t.Fatalf("decoding %s: %v", a.body, err)
	}
}

// call sends an authenticated request to an API path such as
// "/company/companies?pageSize=5"; body may be nil, a []byte or a value
// to encode as JSON.
func (f *fixture) call(t *testing.T, method, path string, body any, edit ...func(*http.Request)) answer {
	t.Helper()
	req := f.request(t, method, f.srv.URL+"/"+f.sb.Codebase()+"apis/3.0"+path, body)
	co, pub, priv, cid := f.sb.Credentials()
	req.SetBasicAuth(co+"+"+pub, priv)
	req.Header.Set("clientId", cid)
	for _, e := range edit {
		e(req)
	}
	return f.send(t, req)
}

func (f *fixture) request(t *testing.T, method, url string, body any) *http.Request {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		r = bytes.NewReader(b)
	default:
		enc, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(enc)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

func (f *fixture) send(t *testing.T, req *http.Request) answer {
	t.Helper()
	resp, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: b}
}

// errorBody is ConnectWise's error shape, decoded for assertions.
type errorBody struct {
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Errors  []fieldError `json:"errors"`
}

func wantError(t *testing.T, a answer, status int, code string) errorBody {
	t.Helper()
	if a.status != status {
		t.Fatalf("status = %d, want %d; body %s", a.status, status, a.body)
	}
	var e errorBody
	a.decode(t, &e)
	if e.Code != code {
		t.Fatalf("code = %q, want %q; body %s", e.Code, code, a.body)
	}
	return e
}

func wantStatus(t *testing.T, a answer, status int) {
	t.Helper()
	if a.status != status {
		t.Fatalf("status = %d, want %d; body %s", a.status, status, a.body)
	}
}

// linkRel returns the URL of one rel in a Link header, or "".
func linkRel(header, rel string) string {
	for _, part := range strings.Split(header, ",") {
		u, params, ok := strings.Cut(strings.TrimSpace(part), ";")
		if ok && strings.TrimSpace(params) == `rel="`+rel+`"` {
			return strings.Trim(strings.TrimSpace(u), "<>")
		}
	}
	return ""
}
