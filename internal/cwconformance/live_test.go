//go:build cwlive

package cwconformance

import (
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/cwm"
)

// TestConformanceOnLiveInstance runs the suite against a real ConnectWise
// Manage instance named by the environment (see
// docs/connectwise-sandbox.md):
//
//	go test -tags cwlive -run Live -v ./internal/cwconformance
func TestConformanceOnLiveInstance(t *testing.T) {
	env := func(name string) string {
		v := os.Getenv(name)
		if v == "" {
			t.Skipf("skipping: %s is not set", name)
		}
		return v
	}
	creds := cwm.Credentials{CompanyID: env("CW_COMPANY_ID"), PublicKey: env("CW_PUBLIC_KEY"),
		PrivateKey: env("CW_PRIVATE_KEY"), ClientID: env("CW_CLIENT_ID")}
	login := env("CW_URL")

	var vt *ValidatingTransport
	hc := newLiveHTTPClient(t, &vt)
	site, err := cwm.Discover(t.Context(), hc, login, creds.CompanyID)
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	client := func(c cwm.Credentials) *cwm.Client {
		cl, err := cwm.NewClient(cwm.Config{BaseURL: site.APIBaseURL, LoginURL: site.LoginURL,
			HTTPClient: hc, Credentials: c})
		if err != nil {
			t.Fatal(err)
		}
		return cl
	}
	bad := creds
	bad.PrivateKey = "psabridge-conformance-wrong-key"
	Run(t, Target{
		Client:          client(creds),
		BadKeys:         func(*testing.T) *cwm.Client { return client(bad) },
		Write:           os.Getenv("CW_WRITE") == "1",
		TicketCompanyID: envInt("CW_TICKET_COMPANY_ID"),
		AgreementID:     envInt("CW_AGREEMENT_ID"),
		AdditionID:      envInt("CW_ADDITION_ID"),
	})
	checkSpec(t, vt)
}

func newLiveHTTPClient(t *testing.T, vt **ValidatingTransport) *http.Client {
	t.Helper()
	hc := &http.Client{Timeout: 60 * time.Second}
	if _, err := os.Stat(SpecPath); err != nil {
		return hc
	}
	spec, err := LoadSpec(SpecPath)
	if err != nil {
		t.Fatal(err)
	}
	*vt = &ValidatingTransport{Spec: spec, Next: http.DefaultTransport}
	hc.Transport = *vt
	return hc
}

func envInt(name string) int {
	n, _ := strconv.Atoi(os.Getenv(name))
	return n
}
