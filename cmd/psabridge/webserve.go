package main

import (
	"context"
	"net/http"
	"os"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/store"
	"github.com/psabridge/psabridge/internal/web"
)

// The queue serve passes webHandler must list and replay given-up jobs and
// run billing pushes.
var (
	_ web.JobAdmin               = (*jobs.Queue)(nil)
	_ web.BillingPusher          = (*jobs.Queue)(nil)
	_ integration.ReportEnqueuer = (*jobs.Queue)(nil)
)

// webHandler is serve's web UI and JSON API: reports submitted through the
// API are stored with their durable job in one transaction (q), and a q
// that is a *jobs.Queue also lists and replays the partner's given-up
// jobs, runs billing pushes, report replays and held reports as jobs.
func webHandler(cmd *cobra.Command, st store.Store, q integration.Enqueuer) http.Handler {
	admin, _ := q.(web.JobAdmin)
	pusher, _ := q.(web.BillingPusher)
	replays, _ := q.(integration.ReportEnqueuer)
	h, err := web.New(web.Config{
		Jobs:       admin,
		Pusher:     pusher,
		ReportJobs: replays,
		Store:      st,
		Policy:     policyOf(cmd),
		ClientID:   os.Getenv("PSABRIDGE_CLIENT_ID"),
		Reports: func(_ context.Context, partnerID int64) (*integration.Reports, error) {
			return &integration.Reports{Store: st, PartnerID: partnerID, Queue: q}, nil
		},
	})
	if err != nil {
		return web.Handler(st)
	}
	return h
}
