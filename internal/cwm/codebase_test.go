package cwm

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// movingSite serves companyinfo and an API whose codebase the test can
// change, answering 404 on any other codebase, as a ConnectWise release
// does.
type movingSite struct {
	mu       sync.Mutex
	codebase string
	infos    atomic.Int32
	srv      *httptest.Server
}

func newMovingSite(t *testing.T) *movingSite {
	t.Helper()
	m := &movingSite{codebase: "v2025_1/"}
	m.srv = httptest.NewServer(http.HandlerFunc(m.serve))
	t.Cleanup(m.srv.Close)
	return m
}

func (m *movingSite) move(codebase string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.codebase = codebase
}

func (m *movingSite) serve(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	cb := m.codebase
	m.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == "/login/companyinfo/acme" {
		m.infos.Add(1)
		_, _ = w.Write([]byte(`{"Codebase":"` + cb + `","IsCloud":false,"CompanyID":"acme"}`))
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/"+cb+"apis/3.0/")
	switch {
	case !ok:
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"code":"NotFound","message":"no such path"}`))
	case rest == "service/tickets" && r.Method == http.MethodPost:
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write([]byte(`{"id":7}`))
	case rest == "company/companies/2":
		_, _ = w.Write([]byte(`{"id":2,"name":"Acme"}`))
	default:
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"code":"NotFound","message":"company not found"}`))
	}
}

func (m *movingSite) client(t *testing.T, loginURL string) *Client {
	t.Helper()
	c, err := NewClient(Config{BaseURL: m.srv.URL + "/v2025_1/apis/3.0", LoginURL: loginURL,
		Credentials: testCreds})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCodebaseChangeIsFollowed(t *testing.T) {
	t.Parallel()
	m := newMovingSite(t)
	c := m.client(t, m.srv.URL)
	m.move("v2025_2/")

	co, _, err := c.Companies.Get(t.Context(), 2)
	if err != nil || co.Name != "Acme" {
		t.Fatalf("Get after a codebase change = %+v, %v; want company 2", co, err)
	}
	if want := m.srv.URL + "/v2025_2/apis/3.0"; c.BaseURL() != want {
		t.Errorf("BaseURL = %s, want %s", c.BaseURL(), want)
	}
	tk, _, err := c.Tickets.Create(t.Context(), &Ticket{Summary: "s"})
	if err != nil || tk.ID != 7 {
		t.Fatalf("Create on the new codebase = %+v, %v", tk, err)
	}
	if n := m.infos.Load(); n != 1 {
		t.Errorf("read companyinfo %d times, want once", n)
	}
}

func TestRealNotFoundReadsCompanyInfoOnceAndFails(t *testing.T) {
	t.Parallel()
	m := newMovingSite(t)
	c := m.client(t, m.srv.URL)
	_, _, err := c.Companies.Get(t.Context(), 3)
	if !IsNotFound(err) {
		t.Fatalf("Get of a missing company = %v, want a 404", err)
	}
	if n := m.infos.Load(); n != 1 {
		t.Errorf("read companyinfo %d times, want once", n)
	}
}

func TestWithoutLoginURLA404IsFinal(t *testing.T) {
	t.Parallel()
	m := newMovingSite(t)
	c := m.client(t, "")
	m.move("v2025_2/")
	if _, _, err := c.Companies.Get(t.Context(), 2); !IsNotFound(err) {
		t.Fatalf("Get = %v, want a 404", err)
	}
	if n := m.infos.Load(); n != 0 {
		t.Errorf("read companyinfo %d times without a login URL", n)
	}
}
