package metrics

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Calls counts calls to ConnectWise. Its zero value is not usable; use
// NewCalls or Default.
type Calls struct {
	registry  *prometheus.Registry
	requests  *prometheus.CounterVec
	duration  *prometheus.HistogramVec
	limited   *prometheus.CounterVec
	waitAsked prometheus.Histogram
}

// Default is the process's ConnectWise call metrics, with the Go runtime's
// and the process's own; every ConnectWise HTTP client psabridge builds
// reports to it.
var Default = NewCalls(true)

// NewCalls returns call metrics in a registry of their own; runtime adds
// the Go runtime and process collectors.
func NewCalls(runtime bool) *Calls {
	c := &Calls{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "psabridge_connectwise_requests_total",
			Help: "Calls to ConnectWise by endpoint, method and HTTP status (\"error\" when no answer came).",
		}, []string{"endpoint", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "psabridge_connectwise_request_duration_seconds",
			Help:    "Time from sending a call to ConnectWise to its answer's headers.",
			Buckets: []float64{.025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"endpoint", "method"}),
		limited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "psabridge_connectwise_rate_limited_total",
			Help: "429 Too Many Requests answers from ConnectWise by endpoint.",
		}, []string{"endpoint"}),
		waitAsked: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "psabridge_connectwise_retry_after_seconds",
			Help:    "Waits ConnectWise asked for in Retry-After before a call may be retried.",
			Buckets: []float64{1, 2, 5, 10, 30, 60, 120, 300, 900},
		}),
	}
	c.registry.MustRegister(c.requests, c.duration, c.limited, c.waitAsked)
	if runtime {
		c.registry.MustRegister(collectors.NewGoCollector(),
			collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	return c
}

// Transport wraps next so that every call through it is counted.
func (c *Calls) Transport(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &countingTransport{calls: c, next: next}
}

type countingTransport struct {
	calls *Calls
	next  http.RoundTripper
}

// RoundTrip counts the call, its latency and, for a 429, the wait asked.
func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(r)
	endpoint := Endpoint(r.URL.Path)
	t.calls.duration.WithLabelValues(endpoint, r.Method).Observe(time.Since(start).Seconds())

	status := "error"
	if err == nil {
		status = strconv.Itoa(resp.StatusCode)
	}
	t.calls.requests.WithLabelValues(endpoint, r.Method, status).Inc()
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		t.calls.limited.WithLabelValues(endpoint).Inc()
		if wait, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			t.calls.waitAsked.Observe(wait.Seconds())
		}
	}
	return resp, err
}

// retryAfter reads a Retry-After value in seconds or as an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

// idSegment matches a path segment that names one record: a number or a
// GUID.
var idSegment = regexp.MustCompile(`^(\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$`)

// Endpoint returns the metric label for a ConnectWise URL path: the part
// after /apis/3.0 (the codebase prefix differs per partner and release),
// with record ids replaced by {id}. The company name in the login
// discovery path is replaced by {company}.
func Endpoint(path string) string {
	if _, rest, ok := strings.Cut(path, "/apis/3.0"); ok {
		path = rest
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i, s := range segs {
		switch {
		case idSegment.MatchString(s):
			segs[i] = "{id}"
		case i > 0 && strings.EqualFold(segs[i-1], "companyinfo"):
			segs[i] = "{company}"
		}
	}
	return "/" + strings.Join(segs, "/")
}
