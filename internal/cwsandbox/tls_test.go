package cwsandbox

import (
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestTLSServerAndFaultControl(t *testing.T) {
	t.Parallel()
	srv, err := StartWith("127.0.0.1:0", Config{}, ServerOptions{TLS: true})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if !strings.HasPrefix(srv.URL, "https://127.0.0.1:") || !strings.HasPrefix(srv.APIURL(), "https://") {
		t.Fatalf("URL %s, API URL %s: want https", srv.URL, srv.APIURL())
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: srv.CertPool()}}}
	defer hc.CloseIdleConnections()

	if _, err := http.Get(srv.URL + "/login/companyinfo/psabridge-demo"); err == nil {
		t.Error("a client that does not trust the certificate got through")
	}
	var info map[string]any
	getJSON(t, hc, srv.URL+"/login/companyinfo/psabridge-demo", &info)
	if info["Codebase"] != "v2025_1/" {
		t.Errorf("companyinfo over HTTPS = %v", info)
	}

	ctl := Control{URL: srv.URL, Token: srv.ControlToken, HTTPClient: hc}
	if err := ctl.SetFaults(t.Context(), "503@GET/system/info=1,seed=4"); err != nil {
		t.Fatal(err)
	}
	if got := srv.Sandbox.Faults().String(); got != "503@GET/system/info=1,seed=4" {
		t.Errorf("plan after SetFaults = %q", got)
	}
	if err := ctl.SetFaults(t.Context(), "teapot=1"); err == nil {
		t.Error("SetFaults accepted an unknown kind")
	}
	if err := ctl.SetFaults(t.Context(), ""); err != nil || len(srv.Sandbox.Faults().Rules) != 0 {
		t.Errorf("clearing the plan: %v, plan %v", err, srv.Sandbox.Faults())
	}
}

func getJSON(t *testing.T, hc *http.Client, url string, v any) {
	t.Helper()
	resp, err := hc.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v: %s", url, err, b)
	}
}
