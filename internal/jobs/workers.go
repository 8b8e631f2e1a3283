package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/logctx"
)

// maxSnooze caps how long a Retry-After is honoured: a longer or absurd
// value waits this long and asks again.
const maxSnooze = time.Hour

// reportWorker runs Handlers.Report.
type reportWorker struct {
	river.WorkerDefaults[ReportArgs]
	handle func(ctx context.Context, a ReportArgs, lastAttempt bool) error
}

// Work processes one report job.
func (w *reportWorker) Work(ctx context.Context, job *river.Job[ReportArgs]) error {
	last := job.Attempt >= job.MaxAttempts
	ctx = logctx.With(ctx, slog.Int64("job_id", job.ID), slog.Int64("report_id", job.Args.ReportID),
		slog.Int64("partner_id", job.Args.PartnerID))
	err := w.handle(ctx, job.Args, last)

	return throttled(err)
}

// throttled turns ConnectWise throttling into a snooze for its
// Retry-After, which River does not count as an attempt; other errors are
// returned as they are.
func throttled(err error) error {
	var rl *cwm.RateLimitError
	if !errors.As(err, &rl) {
		return err
	}
	wait := min(max(rl.RetryAfter, time.Second), maxSnooze)

	return river.JobSnooze(wait)
}

// billingWorker runs Handlers.Billing.
type billingWorker struct {
	river.WorkerDefaults[billingArgs]
	handle func(ctx context.Context, now time.Time) error
}

// Work runs the due billing schedules.
func (w *billingWorker) Work(ctx context.Context, job *river.Job[billingArgs]) error {
	ctx = logctx.With(ctx, slog.Int64("job_id", job.ID))
	if err := w.handle(ctx, time.Now()); err != nil {
		return fmt.Errorf("running billing schedules: %w", err)
	}

	return nil
}

// recheckWorker runs Handlers.Recheck.
type recheckWorker struct {
	river.WorkerDefaults[recheckArgs]
	handle func(ctx context.Context) error
}

// Work re-checks every partner's permissions.
func (w *recheckWorker) Work(ctx context.Context, job *river.Job[recheckArgs]) error {
	ctx = logctx.With(ctx, slog.Int64("job_id", job.ID))
	if err := w.handle(ctx); err != nil {
		return fmt.Errorf("re-checking permissions: %w", err)
	}

	return nil
}

// documentsWorker runs Handlers.Documents.
type documentsWorker struct {
	river.WorkerDefaults[DocumentsArgs]
	handle func(ctx context.Context, a DocumentsArgs, reused, lastAttempt bool) error
}

// Work uploads one report's documents.
func (w *documentsWorker) Work(ctx context.Context, job *river.Job[DocumentsArgs]) error {
	ctx = logctx.With(ctx, slog.Int64("job_id", job.ID), slog.Int64("report_id", job.Args.ReportID),
		slog.Int64("partner_id", job.Args.PartnerID))
	reused := !job.Args.Fresh || job.Attempt > 1

	return throttled(w.handle(ctx, job.Args, reused, job.Attempt >= job.MaxAttempts))
}

// billingPushWorker runs Handlers.BillingPush.
type billingPushWorker struct {
	river.WorkerDefaults[BillingPushArgs]
	handle func(ctx context.Context, a BillingPushArgs, lastAttempt bool) (json.RawMessage, error)
}

// Work pushes one partner's billing and keeps what it did as the job's
// output.
func (w *billingPushWorker) Work(ctx context.Context, job *river.Job[BillingPushArgs]) error {
	ctx = logctx.With(ctx, slog.Int64("job_id", job.ID), slog.Int64("partner_id", job.Args.PartnerID))
	out, err := w.handle(ctx, job.Args, job.Attempt >= job.MaxAttempts)
	if len(out) > 0 {
		if rerr := river.RecordOutput(ctx, out); rerr != nil {
			// The push is done and in the history; retrying it for its
			// output would only push again what it pushed.
			slog.WarnContext(ctx, "recording a billing push's outcome", "error", rerr.Error())
		}
	}

	return throttled(err)
}
