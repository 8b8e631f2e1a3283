package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/config"
	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/web"
)

func newServeCommand() *cobra.Command {
	var c config.Config
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve psabridge, run its durable jobs and re-check every partner's ConnectWise permissions periodically",
		Long: "Serves the API and runs the job workers: reported e-mails become tickets, due billing\n" +
			"schedules are pushed, and permissions are re-checked every --recheck-interval. With\n" +
			"--database-url several serve processes share one PostgreSQL: jobs are shared and\n" +
			"schedules fire once. Every flag has a PSABRIDGE_ variable (see psabridge config check).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			full, err := settingsOf(cmd, c)
			if err != nil {
				return err
			}
			return serve(cmd, full)
		},
	}
	bindSettings(cmd, &c)
	return cmd
}

// bindSettings binds serve's flags to c's fields, with config's defaults;
// the root command then fills flags not given from their PSABRIDGE_
// variables (the environment, or the file PSABRIDGE_CONFIG names).
func bindSettings(cmd *cobra.Command, c *config.Config) {
	def, _ := config.Load(nil) // the defaults parse: config's tests load them
	f := cmd.Flags()
	f.StringVar(&c.DataDir, "data", def.DataDir, "folder for the embedded database and key file")
	f.StringVar(&c.DatabaseURL, "database-url", "", "PostgreSQL URL instead of the embedded database")
	f.StringVar(&c.Listen, "listen", def.Listen, "address to serve on")
	f.DurationVar(&c.RecheckInterval, "recheck-interval", def.RecheckInterval, "how often every partner's permissions are re-checked")
	f.IntVar(&c.Workers, "workers", def.Workers, "jobs this process runs at once")
	f.Float64Var(&c.CWRequestsPerSecond, "cw-requests-per-second", cwm.DefaultRequestsPerSecond,
		"calls per second to each partner's ConnectWise from this process (raise only for a local sandbox)")
	f.DurationVar(&c.ShutdownGrace, "shutdown-grace", def.ShutdownGrace,
		"on SIGTERM, how long running jobs may finish before they are cancelled and released to run again")
	f.StringVar(&c.LogFormat, "log-format", def.LogFormat, "log format: text or json")
	f.StringVar(&c.LogLevel, "log-level", def.LogLevel, "log level: debug, info, warn or error")
}

// completeSettings adds to the flag-bound settings c what has no flag
// here: the secrets (from the environment or their _FILE) and
// --allow-host.
func completeSettings(cmd *cobra.Command, c config.Config) (config.Config, error) {
	env, err := config.Load(os.Environ())
	if err != nil {
		return c, &usageError{err}
	}
	c.EncryptionKey, c.ClientID, c.DatabasePassword = env.EncryptionKey, env.ClientID, env.DatabasePassword
	c.AllowHosts, _ = cmd.Flags().GetStringSlice("allow-host")
	return c, nil
}

// settingsOf completes the flag-bound settings c with what has no flag
// here (the secrets, --allow-host) and validates them: the configuration
// serve runs with, and config check shows.
func settingsOf(cmd *cobra.Command, c config.Config) (config.Config, error) {
	c, err := completeSettings(cmd, c)
	if err != nil {
		return c, err
	}
	if err := c.Validate(); err != nil {
		return c, &usageError{fmt.Errorf("the settings need changes (each flag is named by its variable):\n%w", err)}
	}
	return c, nil
}

// serve runs the workers and the API until the command's context is done
// (SIGTERM or an interrupt). Then /readyz fails, the HTTP server stops
// taking requests and running jobs get the shutdown grace to finish; jobs
// still running after it are cancelled and released to run again.
func serve(cmd *cobra.Command, c config.Config) error {
	ctx := cmd.Context()
	dsn, err := c.DatabaseDSN()
	if err != nil {
		return err
	}
	if err := needDatabase(c.DataDir, dsn); err != nil {
		return err
	}
	st, err := openStore(ctx, c.DataDir, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	log := newLogger(cmd.ErrOrStderr(), c.LogFormat, c.LogLevel)
	slog.SetDefault(log) // the web UI's and API's own lines, in the same format

	// TODO: the pace is per process; N serve processes on one PostgreSQL
	// may call one partner's ConnectWise N times as fast and meet its 429s
	// (which the jobs then wait out). A limiter shared through the
	// database would keep them together under the limit.
	ws := workerSet{store: st, policy: policyOf(cmd), log: log,
		limits: cwm.LimiterConfig{RequestsPerSecond: c.CWRequestsPerSecond, Burst: max(int(c.CWRequestsPerSecond), 1)}}
	h, bind := ws.handlers()
	q, err := jobs.Open(ctx, st.DB(), st.Engine(), h, jobs.Config{
		Workers: c.Workers, RecheckInterval: c.RecheckInterval, Logger: log,
	})
	if err != nil {
		return err
	}
	bind(q)
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
		log.Info("shutting down", "grace", c.ShutdownGrace.String())
		stopQueue(q, c.ShutdownGrace, log)
	}()

	err = web.Serve(serving, c.Listen, withRequestIDs(log, withOps(serving, webHandler(cmd, st, q), st)), func(a net.Addr) {
		log.Info("serving", "address", a.String(), "database", st.Engine(), "workers", c.Workers)
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
