package main

import (
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/store"
	"github.com/psabridge/psabridge/internal/web"
)

func newServeCommand() *cobra.Command {
	var dataDir, listen string
	var recheck time.Duration
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve psabridge and re-check every partner's ConnectWise permissions periodically",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if recheck < time.Minute {
				return &usageError{fmt.Errorf("--recheck-interval %s: at least 1m", recheck)}
			}
			ctx := cmd.Context()
			st, err := store.Open(ctx, store.Config{DataDir: dataDir})
			if err != nil {
				return fmt.Errorf("opening %s: %w", dataDir, err)
			}
			defer st.Close()
			log := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil))

			// TODO: durable workers for reports and billing (issue 5); until
			// then serve checks permissions and replays parked reports only.
			svc := &integration.Service{Store: st, Policy: policyOf(cmd), Actor: "system"}
			go svc.CheckEvery(ctx, recheck, log)
			return web.Serve(ctx, listen, web.Handler(st), func(a net.Addr) {
				log.Info("serving", "address", a.String())
			})
		},
	}
	cmd.Flags().StringVar(&dataDir, "data", defaultDataDir, "folder for the embedded database and key file")
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:8080", "address to serve on")
	cmd.Flags().DurationVar(&recheck, "recheck-interval", time.Hour, "how often every partner's permissions are re-checked")
	return cmd
}
