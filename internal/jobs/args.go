package jobs

import (
	"context"
	"encoding/json"
	"time"
)

// Job kinds, as River stores them.
const (
	KindReport  = "report"
	KindBilling = "billing_schedule"
	KindRecheck = "permission_recheck"
	// KindDocuments uploads a ticketed report's documents.
	KindDocuments = "report_documents"
	// KindBillingPush pushes one partner's billing now.
	KindBillingPush = "billing_push"
)

// QueueBilling is the queue of billing push jobs, apart from the default
// queue so that a process which only pushes billing (psabridge billing
// push) takes no other work.
const QueueBilling = "billing_push"

// ReportArgs is the job that analyses a stored report and tickets it.
type ReportArgs struct {
	PartnerID int64 `json:"partner_id"`
	ReportID  int64 `json:"report_id"`
}

// Kind implements river.JobArgs.
func (ReportArgs) Kind() string { return KindReport }

// DocumentsArgs is the job that uploads the documents of a report whose
// ticket exists: the reported message, its attachments and the analysis.
type DocumentsArgs struct {
	PartnerID int64 `json:"partner_id" river:"unique"`
	ReportID  int64 `json:"report_id" river:"unique"`
	TicketID  int   `json:"ticket_id"`
	// Fresh is true when the report's job created the ticket, which then
	// holds nothing psabridge did not record; false when the ticket was
	// found again, so what it already holds must be listed first.
	Fresh bool `json:"fresh"`
}

// Kind implements river.JobArgs.
func (DocumentsArgs) Kind() string { return KindDocuments }

// BillingPushArgs is the job that previews and pushes one partner's
// billing and records it in the history. At most one is pending per
// partner: a push asked for while one waits joins it.
type BillingPushArgs struct {
	PartnerID int64 `json:"partner_id" river:"unique"`
	// Actor is who asked: a user, "cli", "api", or billing.ScheduleActor.
	Actor string `json:"actor"`
}

// Kind implements river.JobArgs.
func (BillingPushArgs) Kind() string { return KindBillingPush }

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
	// Documents uploads a report's documents; reused is true when the
	// ticket may already hold some (not fresh, or a retry). Errors are
	// handled as Report's.
	Documents func(ctx context.Context, a DocumentsArgs, reused, lastAttempt bool) error
	// BillingPush pushes a partner's billing and returns what it did, as
	// JSON the job keeps as its output (Job.Output). An error retries the
	// push, which previews again: what was pushed is not pushed twice.
	BillingPush func(ctx context.Context, a BillingPushArgs, lastAttempt bool) (json.RawMessage, error)
}
