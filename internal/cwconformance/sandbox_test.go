package cwconformance

import (
	"crypto/tls"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/cwsandbox"
)

// sandboxTarget starts an HTTPS sandbox and returns a client of it found
// through site discovery, with every API call checked against the spec
// when the spec is present.
func sandboxTarget(t *testing.T, cfg cwsandbox.Config) (*cwsandbox.Server, *cwm.Client, *ValidatingTransport) {
	t.Helper()
	srv, err := cwsandbox.StartWith("127.0.0.1:0", cfg, cwsandbox.ServerOptions{TLS: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	base := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: srv.CertPool()}}
	t.Cleanup(base.CloseIdleConnections)
	var rt http.RoundTripper = base
	var vt *ValidatingTransport
	if _, err := os.Stat(SpecPath); err == nil {
		spec, err := LoadSpec(SpecPath)
		if err != nil {
			t.Fatal(err)
		}
		vt = &ValidatingTransport{Spec: spec, Next: base}
		rt = vt
	}
	hc := &http.Client{Transport: rt, Timeout: 10 * time.Second}
	return srv, newClient(t, srv, hc, ""), vt
}

func newClient(t *testing.T, srv *cwsandbox.Server, hc *http.Client, privateKey string) *cwm.Client {
	t.Helper()
	company, public, private, clientID := srv.Sandbox.Credentials()
	if privateKey != "" {
		private = privateKey
	}
	site, err := cwm.Discover(t.Context(), hc, srv.URL, company)
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	c, err := cwm.NewClient(cwm.Config{BaseURL: site.APIBaseURL, LoginURL: site.LoginURL, HTTPClient: hc,
		Credentials:    cwm.Credentials{CompanyID: company, PublicKey: public, PrivateKey: private, ClientID: clientID},
		RetryBaseDelay: time.Millisecond, Limits: cwm.LimiterConfig{RequestsPerSecond: 1e6, Burst: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkSpec fails the test with every spec mismatch the transport saw.
func checkSpec(t *testing.T, vt *ValidatingTransport) {
	t.Helper()
	if vt == nil {
		t.Logf("skipping OpenAPI validation: the subset is not at %s (it lives outside the repository)", SpecPath)
		return
	}
	for _, p := range vt.Problems() {
		t.Errorf("spec mismatch: %s", p)
	}
	if vt.Checked() == 0 {
		t.Error("no API call was checked against the spec")
	}
}

func TestConformanceOnSandbox(t *testing.T) {
	t.Parallel()
	srv, c, vt := sandboxTarget(t, cwsandbox.Config{})
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: srv.CertPool()}}}
	Run(t, Target{
		Client:          c,
		BadKeys:         func(t *testing.T) *cwm.Client { return newClient(t, srv, hc, "wrong-private-key") },
		Write:           true,
		TicketCompanyID: 2,
		AgreementID:     1,
		AdditionID:      1,
	})
	checkSpec(t, vt)
}
