package metrics

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"
)

// reportStatuses are the statuses a report can have; each is sent, zero
// when no report has it, so that a dashboard's series do not come and go.
var reportStatuses = []string{"received", "ticketed", "refused", "failed", "parked"}

// reports sends the report counts by status and their totals.
func (c *DatabaseCollector) reports(ctx context.Context, ch chan<- prometheus.Metric) error {
	counts, err := c.countBy(ctx, `SELECT status, COUNT(*) FROM reports GROUP BY status`)
	if err != nil {
		return err
	}
	total := 0
	for _, s := range reportStatuses {
		ch <- prometheus.MustNewConstMetric(reportsByStatus, prometheus.GaugeValue, float64(counts[s]), s)
		total += counts[s]
	}
	ch <- prometheus.MustNewConstMetric(reportsReceived, prometheus.GaugeValue, float64(total))
	ch <- prometheus.MustNewConstMetric(reportsTicketed, prometheus.GaugeValue, float64(counts["ticketed"]))
	ch <- prometheus.MustNewConstMetric(reportsFailed, prometheus.GaugeValue, float64(counts["failed"]))
	return nil
}

// analysed sends how many reports carry an analysis.
func (c *DatabaseCollector) analysed(ctx context.Context, ch chan<- prometheus.Metric) error {
	var n int
	err := c.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports WHERE analysis_json IS NOT NULL`).Scan(&n)
	if err != nil {
		return err
	}
	ch <- prometheus.MustNewConstMetric(reportsAnalysed, prometheus.GaugeValue, float64(n))
	return nil
}

// billing sends the billing changes by result.
func (c *DatabaseCollector) billing(ctx context.Context, ch chan<- prometheus.Metric) error {
	counts, err := c.countBy(ctx, `SELECT result, COUNT(*) FROM billing_changes GROUP BY result`)
	if err != nil {
		return err
	}
	for result, n := range counts {
		ch <- prometheus.MustNewConstMetric(billingChanges, prometheus.GaugeValue, float64(n), result)
	}
	return nil
}

// jobs sends River's jobs by kind and state.
func (c *DatabaseCollector) jobs(ctx context.Context, ch chan<- prometheus.Metric) error {
	rows, err := c.db.QueryContext(ctx, `SELECT kind, state, COUNT(*) FROM river_job GROUP BY kind, state`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var kind, state string
		var n int
		if err := rows.Scan(&kind, &state, &n); err != nil {
			return err
		}
		ch <- prometheus.MustNewConstMetric(jobsByState, prometheus.GaugeValue, float64(n), kind, state)
	}
	return rows.Err()
}

// hasJobTable reports whether River's job table exists yet.
func (c *DatabaseCollector) hasJobTable(ctx context.Context) bool {
	var n int
	return c.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job WHERE 1 = 0`).Scan(&n) == nil
}

// countBy runs a query of (label, count) rows.
func (c *DatabaseCollector) countBy(ctx context.Context, query string) (map[string]int, error) {
	rows, err := c.db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var label string
		var n int
		if err := rows.Scan(&label, &n); err != nil {
			return nil, err
		}
		out[label] = n
	}
	return out, rows.Err()
}
