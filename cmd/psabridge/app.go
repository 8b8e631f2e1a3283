package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

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

// openMode says what opening a command's data may create.
type openMode int

const (
	// existingData needs a psabridge database and names an existing
	// partner: a mistyped --data or --partner creates nothing.
	existingData openMode = iota
	// firstRun may create the database and, in a database with no partner
	// yet, its first partner (the one --partner names, else "default"):
	// connect's documented first run.
	firstRun
	// newPartner is firstRun that may also create the partner --partner
	// names beside others: admin create's way to add a partner.
	newPartner
)

// open opens the store and finds the partner: the one named by --partner,
// else the only one. create opens the data as a first run (firstRun),
// else the data must exist (existingData).
func (f *dataFlags) open(cmd *cobra.Command, create bool) (*app, error) {
	if create {
		return f.openAs(cmd, firstRun)
	}
	return f.openAs(cmd, existingData)
}

// openAs is open with what it may create spelled out.
func (f *dataFlags) openAs(cmd *cobra.Command, mode openMode) (*app, error) {
	ctx := cmd.Context()
	if mode == existingData {
		if err := needDatabase(f.dataDir, f.databaseURL); err != nil {
			return nil, err
		}
	}
	st, err := openStore(ctx, f.dataDir, f.databaseURL)
	if err != nil {
		return nil, err
	}
	p, err := findPartner(ctx, st, f.partner, mode)
	if err != nil {
		st.Close()
		return nil, err
	}
	return &app{store: st, partner: p, out: cmd.OutOrStdout(), errOut: cmd.ErrOrStderr(), json: f.json,
		policy: policyOf(cmd)}, nil
}

// needDatabase refuses an embedded-database folder that holds no
// psabridge database (a mistyped --data), before anything is created in
// it. A PostgreSQL database is the server's: it is not checked here.
func needDatabase(dataDir, databaseURL string) error {
	if databaseURL != "" {
		// TODO: with --database-url and no PSABRIDGE_ENCRYPTION_KEY, a
		// mistyped --data still gets a new secret.key, and the stored
		// private keys then fail to open; checking for the key file here
		// would refuse it, once PostgreSQL's first run is told apart.
		return nil
	}
	_, err := os.Stat(filepath.Join(dataDir, store.DBFileName))
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no psabridge database in %s: check --data (PSABRIDGE_DATA) names the folder "+
			"psabridge keeps its data in, or create it first with psabridge admin create or psabridge connect", dataDir)
	}
	if err != nil {
		return fmt.Errorf("reading the data folder: %w", err)
	}
	return nil
}

// findPartner finds the partner slug names, else the only one, creating
// one only as mode allows.
func findPartner(ctx context.Context, st store.Store, slug string, mode openMode) (store.Partner, error) {
	all, err := st.Partners(ctx)
	if err != nil {
		return store.Partner{}, err
	}
	if slug != "" {
		return partnerBySlug(ctx, st, all, slug, mode)
	}
	switch {
	case len(all) == 1:
		return all[0], nil
	case len(all) > 1:
		return store.Partner{}, &usageError{fmt.Errorf("%d partners exist: name one with --partner (the partners are: %s)",
			len(all), slugList(all))}
	case mode != existingData:
		return st.CreatePartner(ctx, "default", "Default partner")
	default:
		return store.Partner{}, errors.New("no partner yet: run psabridge connect or psabridge admin create first")
	}
}

// partnerBySlug finds the partner named slug among all, the partners
// there are, or creates it as mode allows.
func partnerBySlug(ctx context.Context, st store.Store, all []store.Partner, slug string, mode openMode) (store.Partner, error) {
	for _, p := range all {
		if p.Slug == slug {
			return p, nil
		}
	}
	if mode == newPartner || (mode == firstRun && len(all) == 0) {
		return st.CreatePartner(ctx, slug, slug)
	}
	if len(all) == 0 {
		return store.Partner{}, fmt.Errorf("no partner %q: there is no partner yet: run psabridge connect or "+
			"psabridge admin create first", slug)
	}
	return store.Partner{}, &usageError{fmt.Errorf("no partner %q: the partners are: %s "+
		"(psabridge admin create --partner SLUG makes a new one)", slug, slugList(all))}
}

// slugList is the partners' slugs, comma-separated, the first 20 of many.
func slugList(all []store.Partner) string {
	const shown = 20
	slugs := make([]string, 0, min(len(all), shown))
	for _, p := range all[:min(len(all), shown)] {
		slugs = append(slugs, p.Slug)
	}
	list := strings.Join(slugs, ", ")
	if len(all) > shown {
		list += fmt.Sprintf(" and %d more", len(all)-shown)
	}
	return list
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
// data folder and the partner (as a first run when create: see firstRun),
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
