package demo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/store"
)

// settleWithin is how soon a retrying report job must be due for the demo
// to wait for it; one due later is left for the next run (or serve).
const settleWithin = 30 * time.Second

// startJobs opens the job queue in the demo's database with the workers
// of reports, documents and billing pushes and starts it; jobs a killed
// earlier run left unfinished resume first. The demo's close stops it.
func (r *run) startJobs(ctx context.Context) (*jobs.Queue, error) {
	ts, ok := r.store.(store.Transactional)
	if !ok {
		return nil, errors.New("the demo's store keeps no jobs")
	}
	w := &integration.ReportJobs{Service: r.svc}
	h := jobs.Handlers{
		Report: func(ctx context.Context, a jobs.ReportArgs, last bool) error {
			return w.Work(ctx, a.PartnerID, a.ReportID, last)
		},
		Documents: func(ctx context.Context, a jobs.DocumentsArgs, reused, last bool) error {
			return w.WorkDocuments(ctx, a.PartnerID, a.ReportID, a.TicketID, reused, last)
		},
		BillingPush: func(ctx context.Context, a jobs.BillingPushArgs, _ bool) (json.RawMessage, error) {
			return r.svc.PushBilling(ctx, a.PartnerID, a.Actor)
		},
	}
	cfg := jobs.Config{Workers: 8, PollInterval: 50 * time.Millisecond}
	q, err := jobs.Open(ctx, ts.DB(), ts.Engine(), h, cfg)
	if err != nil {
		return nil, err
	}
	w.Documents = q
	if err := q.Start(ctx); err != nil {
		return nil, err
	}
	r.queue = q
	return q, nil
}

// stopJobs lets running jobs finish for a few seconds, then stops the
// workers; what is left resumes on the next run.
func (r *run) stopJobs() {
	if r.queue == nil {
		return
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = r.queue.Stop(sctx)
	r.queue = nil
}

// settle waits until no report or documents job is due soon and says how
// many are left for later.
func (r *run) settle(ctx context.Context, q *jobs.Queue) error {
	left, err := q.WaitIdle(ctx, settleWithin, 50*time.Millisecond, jobs.KindReport, jobs.KindDocuments)
	if err != nil {
		return fmt.Errorf("waiting for report jobs: %w", err)
	}
	if left > 0 {
		fmt.Fprintf(r.out, "  %d report jobs retry later: run the demo again, "+
			"or psabridge serve, to finish them\n", left)
	}
	return nil
}
