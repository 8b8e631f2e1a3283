package jobs

import (
	"context"
	"time"
)

// Job kinds, as River stores them.
const (
	KindReport  = "report"
	KindBilling = "billing_schedule"
	KindRecheck = "permission_recheck"
)

// ReportArgs is the job that analyses a stored report and tickets it.
type ReportArgs struct {
	PartnerID int64 `json:"partner_id"`
	ReportID  int64 `json:"report_id"`
}

// Kind implements river.JobArgs.
func (ReportArgs) Kind() string { return KindReport }

// billingArgs is the periodic job that runs every partner's billing
// schedule that is due.
type billingArgs struct{}

// Kind implements river.JobArgs.
func (billingArgs) Kind() string { return KindBilling }

// recheckArgs is the periodic job that re-checks every partner's
// ConnectWise permissions.
type recheckArgs struct{}

// Kind implements river.JobArgs.
func (recheckArgs) Kind() string { return KindRecheck }

// Handlers is the work the queue's jobs do. A nil handler leaves its jobs
// to other processes (and its periodic job unscheduled here).
type Handlers struct {
	// Report processes a report. lastAttempt is true on the attempt after
	// which the job is given up, so the report can say it failed. An error
	// the caller wraps from *cwm.RateLimitError waits for its Retry-After
	// without spending an attempt; any other error is retried with backoff.
	// Return nil for outcomes a retry cannot change (refused, parked).
	Report func(ctx context.Context, a ReportArgs, lastAttempt bool) error
	// Billing runs the billing schedules that are due at now.
	Billing func(ctx context.Context, now time.Time) error
	// Recheck re-checks every partner's permissions.
	Recheck func(ctx context.Context) error
}
