package metrics_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/metrics"
)

func TestEndpointReplacesIDsAndDropsTheCodebase(t *testing.T) {
	t.Parallel()
	for path, want := range map[string]string{
		"/v4_6_release/apis/3.0/company/companies":                      "/company/companies",
		"/v2025_1/apis/3.0/finance/agreements/42/additions/7":           "/finance/agreements/{id}/additions/{id}",
		"/v4_6_release/apis/3.0/system/documents/":                      "/system/documents",
		"/login/companyinfo/acme-msp":                                   "/login/companyinfo/{company}",
		"/apis/3.0/system/members/0b7e8c9a-1f2e-4d3c-9b8a-7f6e5d4c3b2a": "/system/members/{id}",
	} {
		if got := metrics.Endpoint(path); got != want {
			t.Errorf("Endpoint(%q) = %q, want %q", path, got, want)
		}
	}
}

func TestTransportCountsCallsRateLimitsAndRetryAfter(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("busy") != "" {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	calls := metrics.NewCalls(false)
	hc := &http.Client{Transport: calls.Transport(nil)}

	for _, q := range []string{"", "", "?busy=1"} {
		resp, err := hc.Get(srv.URL + "/x/apis/3.0/service/tickets/12" + q)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}

	ep := "/service/tickets/{id}"
	got := scrape(t, metrics.Handler(calls, nil))
	for series, want := range map[string]float64{
		`psabridge_connectwise_requests_total{endpoint="` + ep + `",method="GET",status="200"}`:    2,
		`psabridge_connectwise_requests_total{endpoint="` + ep + `",method="GET",status="429"}`:    1,
		`psabridge_connectwise_rate_limited_total{endpoint="` + ep + `"}`:                          1,
		`psabridge_connectwise_retry_after_seconds_sum`:                                            7,
		`psabridge_connectwise_request_duration_seconds_count{endpoint="` + ep + `",method="GET"}`: 3,
	} {
		if got[series] != want {
			t.Errorf("%s = %v, want %v", series, got[series], want)
		}
	}
}

func TestRetryAfterReadsSecondsAndDates(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"30": 30 * time.Second,
		now.Add(time.Minute).Format(http.TimeFormat): time.Minute,
	} {
		if got, ok := metrics.RetryAfter(v, now); !ok || got != want {
			t.Errorf("retryAfter(%q) = %v, %v; want %v", v, got, ok, want)
		}
	}
	if _, ok := metrics.RetryAfter("soon", now); ok {
		t.Error(`retryAfter("soon") ok, want not`)
	}
}
