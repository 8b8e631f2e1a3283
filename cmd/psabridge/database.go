package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/psabridge/psabridge/internal/billing"
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

// handlers are the job handlers of a serving process: reports, scheduled
// billing and the permission re-check.
func (w workerSet) handlers() jobs.Handlers {
	svc := &integration.Service{Store: w.store, Policy: w.policy, Actor: "system", Limits: w.limits}
	reports := &integration.ReportJobs{Service: svc}
	bill := &billing.Service{Store: w.store, Logger: w.log,
		Connect: func(ctx context.Context, partnerID int64) (billing.Agreements, error) {
			c, err := svc.Client(ctx, partnerID)
			if err != nil {
				return nil, err
			}
			return integration.PSA{Client: c}, nil
		}}
	return jobs.Handlers{
		Report: func(ctx context.Context, a jobs.ReportArgs, last bool) error {
			err := reports.Work(ctx, a.PartnerID, a.ReportID, last)
			if err != nil {
				w.log.WarnContext(ctx, "report job failed", "error", err.Error(), "last_attempt", last)
				return err
			}
			w.log.InfoContext(ctx, "report job done")
			return nil
		},
		Billing: func(ctx context.Context, now time.Time) error {
			_, err := bill.RunDue(ctx, now)
			return err
		},
		Recheck: func(ctx context.Context) error {
			_, err := svc.CheckAll(ctx, w.log)
			return err
		},
	}
}
