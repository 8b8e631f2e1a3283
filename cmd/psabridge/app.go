package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/outbound"
	"github.com/psabridge/psabridge/internal/store"
)

// dataFlags are the flags of every command that reads or writes
// psabridge's data.
type dataFlags struct {
	dataDir     string
	databaseURL string
	partner     string
	json        bool
}

func addDataFlags(cmd *cobra.Command) *dataFlags {
	f := &dataFlags{}
	f.register(cmd)
	return f
}

// register adds the data flags to cmd.
func (f *dataFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.dataDir, "data", defaultDataDir, "folder for the embedded database and key file")
	cmd.Flags().StringVar(&f.databaseURL, "database-url", "", "PostgreSQL URL instead of the embedded database")
	cmd.Flags().StringVar(&f.partner, "partner", "", "partner slug (needed only when there is more than one)")
	cmd.Flags().BoolVar(&f.json, "json", false, "machine-readable output on standard output")
}

// app is an open data store and the partner a command works for.
type app struct {
	store   store.Store
	partner store.Partner
	out     io.Writer
	errOut  io.Writer
	json    bool
	policy  *outbound.Policy
}

// open opens the store and finds the partner: the one named by --partner,
// else the only one. create makes a partner "default" when there is none.
func (f *dataFlags) open(cmd *cobra.Command, create bool) (*app, error) {
	ctx := cmd.Context()
	st, err := openStore(ctx, f.dataDir, f.databaseURL)
	if err != nil {
		return nil, err
	}
	p, err := findPartner(ctx, st, f.partner, create)
	if err != nil {
		st.Close()
		return nil, err
	}
	return &app{store: st, partner: p, out: cmd.OutOrStdout(), errOut: cmd.ErrOrStderr(), json: f.json,
		policy: policyOf(cmd)}, nil
}

func findPartner(ctx context.Context, st store.Store, slug string, create bool) (store.Partner, error) {
	if slug != "" {
		p, err := st.PartnerBySlug(ctx, slug)
		if errors.Is(err, store.ErrNotFound) && create {
			return st.CreatePartner(ctx, slug, slug)
		}
		if errors.Is(err, store.ErrNotFound) {
			return p, fmt.Errorf("no partner %q: list them with psabridge partners, or connect first", slug)
		}
		return p, err
	}
	all, err := st.Partners(ctx)
	if err != nil {
		return store.Partner{}, err
	}
	switch {
	case len(all) == 1:
		return all[0], nil
	case len(all) > 1:
		return store.Partner{}, &usageError{fmt.Errorf("%d partners exist: name one with --partner", len(all))}
	case create:
		return st.CreatePartner(ctx, "default", "Default partner")
	default:
		return store.Partner{}, errors.New("no partner yet: run psabridge connect first")
	}
}

func (a *app) close() { a.store.Close() }

// client builds the ConnectWise client from the partner's stored
// connection.
func (a *app) client(ctx context.Context) (*cwm.Client, store.Connection, error) {
	conn, err := a.store.Connection(ctx, a.partner.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, conn, errors.New("not connected to ConnectWise: run psabridge connect")
	}
	if err != nil {
		return nil, conn, fmt.Errorf("reading the connection: %w", err)
	}
	c, err := integration.Open(integration.NewHTTPClient(a.policy), conn, nil)
	return c, conn, err
}

// service is the partner's connection operations, as the command line's
// operator performs them.
func (a *app) service() *integration.Service {
	return &integration.Service{Store: a.store, Policy: a.policy, Actor: "cli"}
}

// audit records an operation; a failure to record is reported, not fatal.
func (a *app) audit(ctx context.Context, action, detail string) {
	err := a.store.Audit(ctx, store.AuditEntry{PartnerID: a.partner.ID, Actor: "cli", Action: action, Detail: detail})
	if err != nil {
		fmt.Fprintf(a.errOut, "warning: writing the audit log: %v\n", err)
	}
}

// printJSON writes v as one line of JSON.
func (a *app) printJSON(v any) error {
	line, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(a.out, string(line))
	return err
}

// run is the RunE of a command that works on a partner's data: it opens the
// data folder and the partner (creating one when create and there is none),
// runs fn and closes them.
func (f *dataFlags) run(create bool, fn func(cmd *cobra.Command, args []string, a *app) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		a, err := f.open(cmd, create)
		if err != nil {
			return err
		}
		defer a.close()
		return fn(cmd, args, a)
	}
}
