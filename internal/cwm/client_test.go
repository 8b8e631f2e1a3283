package cwm

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNewClientNamesMissingField(t *testing.T) {
	t.Parallel()
	ok := Config{BaseURL: "https://api-na.myconnectwise.net/v2025_1/apis/3.0", Credentials: testCreds}
	tests := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"base URL", func(c *Config) { c.BaseURL = "" }, "BaseURL"},
		{"relative base URL", func(c *Config) { c.BaseURL = "api-na.myconnectwise.net/x" }, "BaseURL"},
		{"ftp base URL", func(c *Config) { c.BaseURL = "ftp://x/apis/3.0" }, "BaseURL"},
		{"user in base URL", func(c *Config) { c.BaseURL = "ftp://u:hunter2@x/apis/3.0" }, "BaseURL"},
		{"company id", func(c *Config) { c.Credentials.CompanyID = "" }, "Credentials.CompanyID"},
		{"public key", func(c *Config) { c.Credentials.PublicKey = " " }, "Credentials.PublicKey"},
		{"private key", func(c *Config) { c.Credentials.PrivateKey = "" }, "Credentials.PrivateKey"},
		{"client id", func(c *Config) { c.Credentials.ClientID = "" }, "Credentials.ClientID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := ok
			tt.change(&cfg)
			_, err := NewClient(cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("NewClient error = %v, want one naming %s", err, tt.want)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("NewClient error %q repeats the password", err)
			}
		})
	}
	if _, err := NewClient(ok); err != nil {
		t.Errorf("NewClient with every field: %v", err)
	}
}

func TestCredentialsNeverPrintPrivateKey(t *testing.T) {
	t.Parallel()
	cfg := Config{Credentials: testCreds}
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
		for _, v := range []any{testCreds, &testCreds, cfg, &cfg} {
			if s := fmt.Sprintf(format, v); strings.Contains(s, secretKey) ||
				strings.Contains(s, fmt.Sprintf("%x", secretKey)) {
				t.Errorf("Sprintf(%q, %T) = %s, reveals the private key", format, v, s)
			}
		}
	}
	if s := testCreds.String(); !strings.Contains(s, "[redacted]") || !strings.Contains(s, "pub123") {
		t.Errorf("String() = %q, want the public key and [redacted]", s)
	}
}

func TestEveryRequestCarriesHeaders(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var got []http.Header
	record := func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Clone())
		writeJSON(t, w, http.StatusOK, map[string]any{"id": 1})
	}
	handle(mux, "GET", "/system/info", record)
	handle(mux, "POST", "/service/tickets", record)

	if _, _, err := c.System.Info(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Tickets.Create(t.Context(), &Ticket{Summary: "x"}); err != nil {
		t.Fatal(err)
	}
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte("acme+pub123:"+secretKey))
	for i, h := range got {
		want := map[string]string{
			"Authorization": auth,
			"Clientid":      "client-guid",
			"Accept":        "application/vnd.connectwise.com+json; version=2025.16",
			"User-Agent":    "psabridge",
		}
		for k, v := range want {
			if h.Get(k) != v {
				t.Errorf("request %d header %s = %q, want %q", i, k, h.Get(k), v)
			}
		}
	}
	if ct := got[1].Get("Content-Type"); ct != "application/json" {
		t.Errorf("POST Content-Type = %q, want application/json", ct)
	}
}

func TestAPIVersionAndUserAgentAreConfigurable(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	c.cfg.APIVersion, c.cfg.UserAgent = "2025.1", "psabridge-test/1"
	var h http.Header
	handle(mux, "GET", "/system/myMembers", func(w http.ResponseWriter, r *http.Request) {
		h = r.Header.Clone()
		writeJSON(t, w, http.StatusOK, MyMember{ID: 7, ServiceDefaultBoard: &Reference{ID: 3}})
	})
	m, _, err := c.System.MyMember(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&MyMember{ID: 7, ServiceDefaultBoard: &Reference{ID: 3}}, m); diff != "" {
		t.Errorf("member (-want +got):\n%s", diff)
	}
	accept, ua := h.Get("Accept"), h.Get("User-Agent")
	if accept != "application/vnd.connectwise.com+json; version=2025.1" || ua != "psabridge-test/1" {
		t.Errorf("headers Accept=%q User-Agent=%q", h.Get("Accept"), h.Get("User-Agent"))
	}
}

func TestRedirectAfterPostIsNotFollowed(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var followed bool
	handle(mux, "POST", "/service/tickets", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, apiPrefix+"/service/tickets/77", http.StatusFound)
	})
	handle(mux, "GET", "/service/tickets/77", func(w http.ResponseWriter, r *http.Request) {
		followed = true
		writeJSON(t, w, http.StatusOK, Ticket{ID: 77})
	})

	tk, _, err := c.Tickets.Create(t.Context(), &Ticket{Summary: "x", ExternalXRef: "k"})
	if !errors.Is(err, ErrMaybeCreated) {
		t.Errorf("Create error = %v, want ErrMaybeCreated", err)
	}
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusFound {
		t.Errorf("Create error = %v, want a 302 *Error", err)
	}
	if tk != nil || followed {
		t.Errorf("the redirect was followed (ticket %v)", tk)
	}
}

func TestRedirectAfterGetIsAnErrorWithoutMaybeCreated(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	handle(mux, "GET", "/system/info", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "https://elsewhere.example/", http.StatusMovedPermanently)
	})
	_, _, err := c.System.Info(t.Context())
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusMovedPermanently ||
		errors.Is(err, ErrMaybeCreated) {
		t.Fatalf("Info error = %v, want a 301 *Error without ErrMaybeCreated", err)
	}
	if !strings.Contains(e.Message, "elsewhere.example") {
		t.Errorf("message %q does not name the redirect target", e.Message)
	}
}

func TestSuppliedHTTPClientDoesNotFollowRedirects(t *testing.T) {
	t.Parallel()
	own := &http.Client{}
	c, err := NewClient(Config{BaseURL: "https://x/apis/3.0", Credentials: testCreds, HTTPClient: own})
	if err != nil {
		t.Fatal(err)
	}
	if c.hc.CheckRedirect == nil || own.CheckRedirect != nil {
		t.Error("the client should stop redirects on its own copy, leaving the caller's client alone")
	}
}

func TestHTMLSuccessIsNotConnectWise(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	handle(mux, "GET", "/system/info", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body>Log in</body></html>")
	})
	if _, _, err := c.System.Info(t.Context()); !errors.Is(err, ErrNotConnectWise) {
		t.Errorf("Info error = %v, want ErrNotConnectWise", err)
	}
}
