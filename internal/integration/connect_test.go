package integration_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/store"
)

func TestConnectFailuresNameTheFieldAndStoreNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t, cwsandbox.Config{})
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<!DOCTYPE html><html><body>Sign in to ConnectWise</body></html>"))
	}))
	defer html.Close()
	tlsSrv := httptest.NewTLSServer(f.sandbox.Sandbox) // a certificate nobody trusts
	defer tlsSrv.Close()
	silent := silentServer(t)
	closed := closedPort(t)
	f.svc.Policy.Allow(html.URL)
	f.svc.Policy.Allow(tlsSrv.URL)
	f.svc.Policy.Allow(silent)
	f.svc.Policy.Allow(closed)
	f.svc.Policy.Resolver = noDNS()
	f.svc.Timeout = 2 * time.Second // short for the silent server, ample for a TLS handshake under -race

	tests := []struct {
		name  string
		edit  func(in *integration.ConnectInput)
		field string
		says  string
	}{
		{"no company id", func(in *integration.ConnectInput) { in.CompanyID = " " }, "company_id", "login screen"},
		{"no url", func(in *integration.ConnectInput) { in.URL = "" }, "url", "log in"},
		{"no public key", func(in *integration.ConnectInput) { in.PublicKey = "" }, "public_key", "API Keys"},
		{"no private key", func(in *integration.ConnectInput) { in.PrivateKey = "" }, "private_key", "create a new key"},
		{"no client id", func(in *integration.ConnectInput) { in.ClientID = "" }, "client_id", "client ID"},
		{"unknown company id", func(in *integration.ConnectInput) { in.CompanyID = "nosuchco" }, "company_id", "does not know this company ID"},
		{"wrong private key", func(in *integration.ConnectInput) { in.PrivateKey = "0000" }, "public_key", "refused the keys"},
		{"wrong public key", func(in *integration.ConnectInput) { in.PublicKey = "0000" }, "public_key", "refused the keys"},
		{"client id rejected", func(in *integration.ConnectInput) { in.ClientID = "not-registered" }, "client_id", "refused the client ID"},
		{"url serves a web page", func(in *integration.ConnectInput) { in.URL = html.URL }, "url", "serves a web page"},
		{"tls failure", func(in *integration.ConnectInput) { in.URL = tlsSrv.URL }, "url", "TLS certificate"},
		{"host refused by policy", func(in *integration.ConnectInput) { in.URL = "https://10.0.0.7" }, "url", "not allowed"},
		{"loopback not allowed", func(in *integration.ConnectInput) { in.URL = "https://127.0.0.1:1" }, "url", "not allowed"},
		{"metadata address", func(in *integration.ConnectInput) { in.URL = "169.254.169.254" }, "url", "not allowed"},
		{"dns failure", func(in *integration.ConnectInput) { in.URL = "https://cw.nosuchhost.example" }, "url", "does not resolve"},
		{"timeout", func(in *integration.ConnectInput) { in.URL = silent }, "url", "did not answer in time"},
		{"nothing listening", func(in *integration.ConnectInput) { in.URL = closed }, "url", "nothing answers"},
		{"url with credentials", func(in *integration.ConnectInput) { in.URL = "https://user:pw@na.myconnectwise.net" }, "url", ""},
		{"absurd company id", func(in *integration.ConnectInput) { in.CompanyID = strings.Repeat("x", 100000) }, "company_id", "too long"},
		{"absurd private key", func(in *integration.ConnectInput) { in.PrivateKey = strings.Repeat("k", 50<<20) }, "private_key", "too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := f.input
			tt.edit(&in)
			_, err := f.svc.Connect(t.Context(), f.partner.ID, in)
			var fe *integration.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Connect error = %v; want a FieldError", err)
			}
			if fe.Field != tt.field || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("Connect error names %q: %v\nwant field %q saying %q", fe.Field, err, tt.field, tt.says)
			}
			if len(err.Error()) > 2000 {
				t.Errorf("error is %d bytes long; it must not echo absurd input", len(err.Error()))
			}
			if strings.Contains(err.Error(), f.input.PrivateKey) {
				t.Errorf("error reveals the private key: %v", err)
			}
			if _, err := f.store.Connection(t.Context(), f.partner.ID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("a connection was stored after a failed connect (%v)", err)
			}
		})
	}
}

func TestConnectStoresAWorkingConnectionFromAnyURLForm(t *testing.T) {
	t.Parallel()
	f := newFixture(t, cwsandbox.Config{})
	in := f.input
	in.URL = "  " + strings.ToUpper(strings.TrimPrefix(f.sandbox.URL, "http://")) + "/v2025_1/ConnectWise.aspx?locale=en_US#startscreen  "
	in.URL = "http://" + strings.TrimSpace(in.URL)

	rep, err := f.svc.Connect(t.Context(), f.partner.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Feature(integration.FeatureBilling).OK || !rep.Feature(integration.FeatureServiceDesk).OK {
		t.Errorf("the demo role should pass both features: %+v", rep)
	}
	conn, err := f.store.Connection(t.Context(), f.partner.ID)
	if err != nil {
		t.Fatal(err)
	}
	if conn.PrivateKey != f.input.PrivateKey || !strings.HasSuffix(conn.APIBaseURL, "/v2025_1/apis/3.0") {
		t.Errorf("stored connection %v, base %s", conn, conn.APIBaseURL)
	}
}

// silentServer accepts connections and never answers.
func silentServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
		}
	}()
	return "http://" + ln.Addr().String()
}

// closedPort is an address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

// noDNS is a resolver with no server: every look-up fails at once, without
// leaving the machine.
func noDNS() *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		return nil, errors.New("no DNS server in tests")
	}}
}
