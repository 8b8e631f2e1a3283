package jobs_test

import (
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/jobs"
)

// BenchmarkTicketsSQLite and BenchmarkTicketsPostgres measure reports
// ticketed per second end to end (intake with its job, analysis, contact
// look-up, ticket, three documents) against a zero-latency sandbox, and
// ConnectWise calls per ticket against the minimum: one create plus one
// upload per document (look-ups are the rest). Each iteration is a batch
// of 200 reports. docs/benchmarks.md records the figures.
func BenchmarkTicketsSQLite(b *testing.B) { benchTickets(b, false) }

// BenchmarkTicketsPostgres is BenchmarkTicketsSQLite on PostgreSQL.
func BenchmarkTicketsPostgres(b *testing.B) { benchTickets(b, true) }

func benchTickets(b *testing.B, postgres bool) {
	const batch, docsPerTicket = 200, 3
	var tickets int
	var elapsed time.Duration
	calls := 0
	for b.Loop() {
		b.StopTimer()
		open := openSQLite
		if postgres {
			open = openPostgres
		}
		r := newRig(b, open(b))
		q := r.queue(b, jobs.Config{Workers: 16, PollInterval: 10 * time.Millisecond})
		r.srv.Sandbox.ResetCalls()
		b.StartTimer()
		start := time.Now()
		r.receive(b, q, batch)
		waitTicketed(b, q)
		elapsed += time.Since(start)
		tickets += batch
		for _, n := range r.srv.Sandbox.Calls() {
			calls += n
		}
	}
	b.ReportMetric(float64(tickets)/elapsed.Seconds(), "tickets/s")
	b.ReportMetric(float64(calls)/float64(tickets), "calls/ticket")
	b.ReportMetric(1+docsPerTicket, "min-calls/ticket")
}
