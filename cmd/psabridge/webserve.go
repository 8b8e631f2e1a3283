package main

import (
	"context"
	"net/http"
	"os"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/store"
	"github.com/psabridge/psabridge/internal/web"
)

// webHandler is serve's web UI and JSON API: reports submitted through the
// API are stored with their durable job in one transaction (q).
func webHandler(cmd *cobra.Command, st store.Store, q integration.Enqueuer) http.Handler {
	h, err := web.New(web.Config{
		Store:    st,
		Policy:   policyOf(cmd),
		ClientID: os.Getenv("PSABRIDGE_CLIENT_ID"),
		Reports: func(_ context.Context, partnerID int64) (*integration.Reports, error) {
			return &integration.Reports{Store: st, PartnerID: partnerID, Queue: q}, nil
		},
	})
	if err != nil {
		return web.Handler(st)
	}
	return h
}
