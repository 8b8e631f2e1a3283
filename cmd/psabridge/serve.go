package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/web"
)

// serveFlags are the flags of serve.
type serveFlags struct {
	dataDir, databaseURL, listen string
	recheck, grace               time.Duration
	workers                      int
	cwRate                       float64
	logFormat, logLevel          string
}

func newServeCommand() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve psabridge, run its durable jobs and re-check every partner's ConnectWise permissions periodically",
		Long: "Serves the API and runs the job workers: reported e-mails become tickets, due billing\n" +
			"schedules are pushed, and permissions are re-checked every --recheck-interval. With\n" +
			"--database-url several serve processes share one PostgreSQL: jobs are shared and\n" +
			"schedules fire once.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.recheck < time.Minute {
				return &usageError{fmt.Errorf("--recheck-interval %s: at least 1m", f.recheck)}
			}
			if f.cwRate <= 0 {
				return &usageError{fmt.Errorf("--cw-requests-per-second %g: above 0", f.cwRate)}
			}
			if f.grace < time.Second {
				return &usageError{fmt.Errorf("--shutdown-grace %s: at least 1s", f.grace)}
			}
			if f.workers < 1 {
				return &usageError{fmt.Errorf("--workers %d: at least 1", f.workers)}
			}
			return serve(cmd, f)
		},
	}
	cmd.Flags().StringVar(&f.dataDir, "data", defaultDataDir, "folder for the embedded database and key file")
	cmd.Flags().StringVar(&f.databaseURL, "database-url", "", "PostgreSQL URL instead of the embedded database")
	cmd.Flags().StringVar(&f.listen, "listen", "127.0.0.1:8080", "address to serve on")
	cmd.Flags().DurationVar(&f.recheck, "recheck-interval", time.Hour, "how often every partner's permissions are re-checked")
	cmd.Flags().IntVar(&f.workers, "workers", 10, "jobs this process runs at once")
	cmd.Flags().Float64Var(&f.cwRate, "cw-requests-per-second", cwm.DefaultRequestsPerSecond,
		"calls per second to each partner's ConnectWise from this process (raise only for a local sandbox)")
	cmd.Flags().DurationVar(&f.grace, "shutdown-grace", 30*time.Second,
		"on SIGTERM, how long running jobs may finish before they are cancelled and released to run again")
	cmd.Flags().StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
	cmd.Flags().StringVar(&f.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	return cmd
}

// serve runs the workers and the API until the command's context is done
// (SIGTERM or an interrupt). Then /readyz fails, the HTTP server stops
// taking requests and running jobs get the shutdown grace to finish; jobs
// still running after it are cancelled and released to run again.
func serve(cmd *cobra.Command, f serveFlags) error {
	ctx := cmd.Context()
	st, err := openStore(ctx, f.dataDir, f.databaseURL)
	if err != nil {
		return err
	}
	defer st.Close()
	log := newLogger(cmd.ErrOrStderr(), f.logFormat, f.logLevel)
	slog.SetDefault(log) // the web UI's and API's own lines, in the same format

	// TODO: the pace is per process; N serve processes on one PostgreSQL
	// may call one partner's ConnectWise N times as fast and meet its 429s
	// (which the jobs then wait out). A limiter shared through the
	// database would keep them together under the limit.
	ws := workerSet{store: st, policy: policyOf(cmd), log: log,
		limits: cwm.LimiterConfig{RequestsPerSecond: f.cwRate, Burst: max(int(f.cwRate), 1)}}
	q, err := jobs.Open(ctx, st.DB(), st.Engine(), ws.handlers(), jobs.Config{
		Workers: f.workers, RecheckInterval: f.recheck, Logger: log,
	})
	if err != nil {
		return err
	}
	// River cancels running jobs when Start's context ends; the workers get
	// a context of their own so that SIGTERM lets them finish first.
	if err := q.Start(context.WithoutCancel(ctx)); err != nil {
		return err
	}

	serving, stopServing := context.WithCancel(ctx)
	defer stopServing()
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		<-serving.Done()
		log.Info("shutting down", "grace", f.grace.String())
		stopQueue(q, f.grace, log)
	}()

	err = web.Serve(serving, f.listen, withRequestIDs(log, withOps(serving, webHandler(cmd, st, q), st)), func(a net.Addr) {
		log.Info("serving", "address", a.String(), "database", st.Engine(), "workers", f.workers)
	})
	stopServing()
	<-drained
	return err
}

// stopQueue stops the workers: running jobs may finish within grace; those
// still running then are cancelled and left to run again (nothing is lost:
// their reports stay queued).
func stopQueue(q *jobs.Queue, grace time.Duration, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := q.Stop(ctx); err != nil {
		log.Warn("stopping the job workers", "error", err.Error())
		return
	}
	log.Info("job workers stopped")
}
