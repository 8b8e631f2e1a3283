package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/outbound"
	"github.com/psabridge/psabridge/internal/store"
)

// openStore opens PostgreSQL when databaseURL is set, else the embedded
// SQLite database in dataDir. Either way the encryption key is
// PSABRIDGE_ENCRYPTION_KEY when set, else the key file in dataDir.
func openStore(ctx context.Context, dataDir, databaseURL string) (store.Transactional, error) {
	if databaseURL == "" {
		st, err := store.Open(ctx, store.Config{DataDir: dataDir, EncryptionKey: os.Getenv("PSABRIDGE_ENCRYPTION_KEY")})
		if err != nil {
			return nil, fmt.Errorf("opening %s: %w", dataDir, err)
		}
		return st, nil
	}
	st, err := store.OpenPostgres(ctx, store.PostgresConfig{URL: databaseURL, KeyDir: dataDir,
		EncryptionKey: os.Getenv("PSABRIDGE_ENCRYPTION_KEY")})
	if err != nil {
		return nil, fmt.Errorf("opening the PostgreSQL database: %w", err)
	}
	return st, nil
}

// workerSet is what a process's job workers need.
type workerSet struct {
	store  store.Transactional
	policy *outbound.Policy
	log    *slog.Logger
	limits cwm.LimiterConfig // paces each partner's ConnectWise calls
}

// handlers are the job handlers of a serving process: reports, their
// documents, billing pushes, scheduled billing and the permission re-check.
// bind must be called with the queue opened with them before it starts:
// their jobs enqueue jobs of their own.
func (w workerSet) handlers() (h jobs.Handlers, bind func(q *jobs.Queue)) {
	svc := &integration.Service{Store: w.store, Policy: w.policy, Actor: "system", Limits: w.limits}
	reports := &integration.ReportJobs{Service: svc}
	bill := svc.Billing()
	bill.Logger = w.log
	bind = func(q *jobs.Queue) {
		svc.Jobs = q // held reports become jobs when the re-check passes
		reports.Documents = q
		bill.Enqueue = func(ctx context.Context, partnerID int64, actor string) error {
			_, _, err := q.EnqueueBillingPush(ctx, partnerID, actor)
			return err
		}
	}
	return jobs.Handlers{
		Report: func(ctx context.Context, a jobs.ReportArgs, last bool) error {
			return w.logged(ctx, "report job", last, reports.Work(ctx, a.PartnerID, a.ReportID, last))
		},
		Documents: func(ctx context.Context, a jobs.DocumentsArgs, reused, last bool) error {
			return w.logged(ctx, "documents job", last,
				reports.WorkDocuments(ctx, a.PartnerID, a.ReportID, a.TicketID, reused, last))
		},
		BillingPush: func(ctx context.Context, a jobs.BillingPushArgs, last bool) (json.RawMessage, error) {
			out, err := svc.PushBilling(ctx, a.PartnerID, a.Actor)
			return out, w.logged(ctx, "billing push job", last, err)
		},
		Billing: func(ctx context.Context, now time.Time) error {
			_, err := bill.RunDue(ctx, now)
			return err
		},
		Recheck: func(ctx context.Context) error {
			_, err := svc.CheckAll(ctx, w.log)
			return err
		},
	}, bind
}

// logged logs the outcome of a job's attempt and returns its error.
func (w workerSet) logged(ctx context.Context, what string, last bool, err error) error {
	if err != nil {
		w.log.WarnContext(ctx, what+" failed", "error", err.Error(), "last_attempt", last)
		return err
	}
	w.log.InfoContext(ctx, what+" done")
	return nil
}
