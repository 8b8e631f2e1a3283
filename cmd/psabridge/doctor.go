package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/config"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/secret"
	"github.com/psabridge/psabridge/internal/store"
)

// errDoctorFound makes doctor exit 1 once it has printed what to fix.
var errDoctorFound = errors.New("doctor found problems: fix the lines marked FIX above")

func newDoctorCommand() *cobra.Command {
	var dataDir, databaseURL string
	cmd := &cobra.Command{
		Use:   "doctor",
		Short: "Check the configuration, database, encryption key and every partner's ConnectWise, and say what to fix",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d := &doctor{out: cmd.OutOrStdout(), svc: &integration.Service{Policy: policyOf(cmd), Actor: "doctor"}}
			d.run(cmd.Context(), dataDir, databaseURL)
			if d.problems > 0 {
				return errDoctorFound
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&dataDir, "data", defaultDataDir, "folder for the embedded database and key file")
	cmd.Flags().StringVar(&databaseURL, "database-url", "", "PostgreSQL URL instead of the embedded database")
	return cmd
}

// doctor prints one line per check: ok, or FIX with what to do.
type doctor struct {
	out      io.Writer
	svc      *integration.Service
	problems int
}

func (d *doctor) ok(format string, args ...any) { fmt.Fprintf(d.out, "ok   "+format+"\n", args...) }

func (d *doctor) fix(format string, args ...any) {
	d.problems++
	fmt.Fprintf(d.out, "FIX  "+format+"\n", args...)
}

func (d *doctor) run(ctx context.Context, dataDir, databaseURL string) {
	d.checkConfig()
	if err := needDatabase(dataDir, databaseURL); err != nil {
		d.fix("database: %v", err)
		return
	}
	st, err := openStore(ctx, dataDir, databaseURL)
	if err != nil {
		d.fix("database: %v", err)
		return
	}
	defer st.Close()
	if err := st.DB().PingContext(ctx); err != nil {
		d.fix("database: %v: check PSABRIDGE_DATABASE_URL and that the server is up", err)
		return
	}
	d.ok("database: %s reachable, migrations applied", st.Engine())
	d.svc.Store = st
	d.checkPartners(ctx, st)
}

func (d *doctor) checkConfig() {
	c, err := config.Load(os.Environ())
	if err == nil {
		err = c.Validate()
	}
	if err != nil {
		d.fix("configuration: %v", err)
		return
	}
	d.ok("configuration")
}

// checkPartners opens each partner's sealed key and checks its ConnectWise
// connection and permissions.
func (d *doctor) checkPartners(ctx context.Context, st store.Store) {
	partners, err := st.Partners(ctx)
	if err != nil {
		d.fix("reading partners: %v", err)
		return
	}
	if len(partners) == 0 {
		d.ok("no partner yet: run psabridge connect")
	}
	for _, p := range partners {
		d.checkPartner(ctx, st, p)
	}
}

func (d *doctor) checkPartner(ctx context.Context, st store.Store, p store.Partner) {
	_, err := st.Connection(ctx, p.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		d.ok("partner %s: not connected (run psabridge connect --partner %s to connect)", p.Slug, p.Slug)
		return
	case errors.Is(err, secret.ErrWrongKey):
		d.fix("partner %s: encryption key: %v", p.Slug, err)
		return
	case err != nil:
		d.fix("partner %s: %v", p.Slug, err)
		return
	}
	d.ok("partner %s: encryption key opens the stored private key", p.Slug)

	rep, err := d.svc.Check(ctx, p.ID)
	if err != nil {
		d.fix("partner %s: ConnectWise: %v", p.Slug, err)
		return
	}
	d.reportPermissions(p.Slug, rep)
}

func (d *doctor) reportPermissions(slug string, rep integration.PermissionReport) {
	for _, f := range rep.Features {
		if f.OK {
			d.ok("partner %s: %s rights", slug, f.Feature)
			continue
		}
		for _, m := range f.Missing {
			d.fix("partner %s: %s needs %s: %s", slug, f.Feature, m.Right, m.Remediation)
		}
	}
	if !rep.DefaultBoard.OK {
		d.fix("partner %s: default service board: %s", slug, rep.DefaultBoard.Remediation)
	}
}
