package metrics_test

import (
	"io"
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/demo"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/metrics"
	"github.com/psabridge/psabridge/internal/store"
)

// TestMetricsAfterADemoRun runs the demo against a sandbox that throttles
// some calls, then scrapes /metrics and checks every metric the operator
// relies on against what the run did.
func TestMetricsAfterADemoRun(t *testing.T) {
	t.Parallel()
	faults, err := cwsandbox.ParseFaults("429@GET/company/companies=0.5,retry-after=1,seed=3")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := cwsandbox.Start("127.0.0.1:0", cwsandbox.Config{Seed: "demo", Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	company, public, private, client := srv.Sandbox.Credentials()
	data := t.TempDir()
	sum, err := demo.Run(t.Context(), demo.Config{DataDir: data, ReportsDir: "../../testdata/reports", Once: true, Stdout: io.Discard, Stderr: io.Discard,
		ConnectWise: &integration.ConnectInput{CompanyID: company, URL: srv.URL, PublicKey: public,
			PrivateKey: private, ClientID: client},
		Limits: cwm.LimiterConfig{RequestsPerSecond: 10000, Burst: 1000, MaxInFlight: 8}})
	if err != nil {
		t.Fatal(err)
	}

	st, err := store.Open(t.Context(), store.Config{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got := scrape(t, metrics.Handler(metrics.Default, st.DB()))

	wantExact := map[string]float64{
		"psabridge_reports_received": float64(sum.Reports),
		"psabridge_reports_ticketed": float64(sum.Tickets),
		"psabridge_reports_failed":   0,
		"psabridge_scrape_errors":    0,
	}
	for series, want := range wantExact {
		if v, ok := got[series]; !ok || v != want {
			t.Errorf("%s = %v (present %v), want %v", series, v, ok, want)
		}
	}
	if a := got["psabridge_reports_analysed"]; a < float64(sum.Tickets) || a > float64(sum.Reports) {
		t.Errorf("psabridge_reports_analysed = %v, want between %d tickets and %d reports", a, sum.Tickets, sum.Reports)
	}
	assertAtLeast(t, got, `psabridge_jobs{kind="report",state="completed"}`, float64(sum.Tickets))
	assertAtLeast(t, got, `psabridge_billing_changes{result="ok"}`, 1)
	assertAtLeast(t, got, `psabridge_connectwise_requests_total{endpoint="/service/tickets",method="POST",status="201"}`,
		float64(sum.Tickets))
	assertAtLeast(t, got, `psabridge_connectwise_rate_limited_total{endpoint="/company/companies"}`, 1)
	assertAtLeast(t, got, `psabridge_connectwise_retry_after_seconds_sum`, 1)
	assertAtLeast(t, got, `psabridge_connectwise_request_duration_seconds_count{endpoint="/service/tickets",method="POST"}`,
		float64(sum.Tickets))
	for series := range got {
		if strings.Contains(series, "?") || strings.Contains(series, "/tickets/1") {
			t.Errorf("series %s carries a query or a record id", series)
		}
	}
}

func assertAtLeast(t *testing.T, got map[string]float64, series string, min float64) {
	t.Helper()
	if v, ok := got[series]; !ok || v < min {
		t.Errorf("%s = %v (present %v), want at least %v", series, v, ok, min)
	}
}
