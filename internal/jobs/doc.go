// Package jobs runs psabridge's durable work on River: report processing,
// scheduled billing and the periodic permission re-check, the same on the
// embedded SQLite database and on PostgreSQL.
//
// A job is a row in the same database as the data it acts on, so a report
// and the job that tickets it commit in one transaction (EnqueueReportTx).
// Failed attempts retry with a growing backoff; a ConnectWise 429 waits for
// its Retry-After without spending an attempt; a job that exhausts its
// attempts is kept, with its errors, until an operator replays it. On
// PostgreSQL several processes share the jobs, and periodic jobs run on the
// elected leader only, so a schedule fires once however many processes run.
package jobs
