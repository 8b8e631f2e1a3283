package metrics

import (
	"context"
	"database/sql"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// scrapeTimeout bounds the database queries of one scrape.
const scrapeTimeout = 5 * time.Second

// Handler serves the metrics of calls (Default when nil) and those read
// from db (none when nil) at each scrape, in Prometheus's text format.
func Handler(calls *Calls, db *sql.DB) http.Handler {
	if calls == nil {
		calls = Default
	}
	reg := prometheus.NewRegistry()
	if db != nil {
		reg.MustRegister(NewDatabaseCollector(db))
	}
	return promhttp.HandlerFor(prometheus.Gatherers{calls.registry, reg},
		promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

var (
	reportsReceived = prometheus.NewDesc("psabridge_reports_received",
		"Reported e-mails stored, whatever became of them.", nil, nil)
	reportsAnalysed = prometheus.NewDesc("psabridge_reports_analysed",
		"Reported e-mails whose message was found and analysed.", nil, nil)
	reportsTicketed = prometheus.NewDesc("psabridge_reports_ticketed",
		"Reported e-mails that became a ConnectWise ticket.", nil, nil)
	reportsFailed = prometheus.NewDesc("psabridge_reports_failed",
		"Reported e-mails given up on after retries.", nil, nil)
	reportsByStatus = prometheus.NewDesc("psabridge_reports",
		"Reported e-mails by status: received (waiting), ticketed, refused, failed, parked.",
		[]string{"status"}, nil)
	jobsByState = prometheus.NewDesc("psabridge_jobs",
		"Durable jobs by kind and state (available, running, retryable, completed, discarded, …).",
		[]string{"kind", "state"}, nil)
	billingChanges = prometheus.NewDesc("psabridge_billing_changes",
		"Addition quantity changes pushed to ConnectWise, by result.", []string{"result"}, nil)
	scrapeErrors = prometheus.NewDesc("psabridge_scrape_errors",
		"Database queries that failed during this scrape.", nil, nil)
)

// DatabaseCollector reads the report, job and billing figures from the
// database at each scrape.
type DatabaseCollector struct {
	db *sql.DB
}

// NewDatabaseCollector returns a collector over db, which holds psabridge's
// tables and, once the job queue has run, River's.
func NewDatabaseCollector(db *sql.DB) *DatabaseCollector { return &DatabaseCollector{db: db} }

// Describe sends the descriptions of every metric the collector makes.
func (c *DatabaseCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{reportsReceived, reportsAnalysed, reportsTicketed,
		reportsFailed, reportsByStatus, jobsByState, billingChanges, scrapeErrors} {
		ch <- d
	}
}

// Collect queries the database and sends the figures. A failed query is
// counted in psabridge_scrape_errors and its metrics left out; the others
// are still sent.
func (c *DatabaseCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()

	failed := 0
	for _, collect := range []func(context.Context, chan<- prometheus.Metric) error{
		c.reports, c.analysed, c.billing,
	} {
		if err := collect(ctx, ch); err != nil {
			failed++
		}
	}
	// River creates its table on the queue's first start; before that
	// there are no jobs to count, which is not an error.
	if c.hasJobTable(ctx) && c.jobs(ctx, ch) != nil {
		failed++
	}
	ch <- prometheus.MustNewConstMetric(scrapeErrors, prometheus.GaugeValue, float64(failed))
}
