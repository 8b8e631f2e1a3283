package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/companycsv"
	"github.com/psabridge/psabridge/internal/store"
)

func newCompaniesCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "companies", Short: "Manage the platform's client companies"}
	df := &dataFlags{}
	imp := &cobra.Command{
		Use:   "import FILE.csv",
		Short: "Create or update client companies from a CSV file",
		Long: "Reads columns external_id,name,domains,billable_users (a header row first; domains\n" +
			"space-separated). A billable_users value is the count billing pushes for the company;\n" +
			"an empty one leaves billing to count the company's active, billable users.",
		Args: cobra.ExactArgs(1),
		RunE: df.run(false, func(cmd *cobra.Command, args []string, a *app) error {
			return importCompanies(cmd.Context(), a, args[0])
		}),
	}
	df.register(imp)
	cmd.AddCommand(imp, newCompaniesDeleteCommand())

	return cmd
}

func newCompaniesDeleteCommand() *cobra.Command {
	df := &dataFlags{}
	del := &cobra.Command{
		Use:   "delete EXTERNAL_ID [EXTERNAL_ID...]",
		Short: "Delete client companies with their users, mappings and pushed counts",
		Long: "Deletes the companies, their end users, their mappings and the counts the platform\n" +
			"pushed for them, all in one transaction. Reports keep their history with no company,\n" +
			"and the billing history stays. When any id is unknown nothing is deleted.",
		RunE: df.run(false, func(cmd *cobra.Command, args []string, a *app) error {
			if len(args) == 0 {
				return &usageError{errors.New("name the external id of at least one company")}
			}
			return deleteCompanies(cmd.Context(), a, args)
		}),
	}
	df.register(del)

	return del
}

// deletedJSON is a deleted company as delete --json prints it.
type deletedJSON struct {
	ExternalID string `json:"external_id"`
	Users      int    `json:"users"`
}

// deleteCompanies deletes the companies, all or none, and lists them.
func deleteCompanies(ctx context.Context, a *app, externalIDs []string) error {
	ds, err := a.store.DeletePlatformCompanies(ctx, a.partner.ID, externalIDs, "cli")
	if err != nil {
		return err
	}
	out := make([]deletedJSON, len(ds))
	lines := make([]string, len(ds))
	for i, d := range ds {
		out[i] = deletedJSON{ExternalID: d.ExternalID, Users: d.Users}
		lines[i] = fmt.Sprintf("deleted company %s (%s) and its %d users", d.ExternalID, d.Name, d.Users)
	}

	return a.report(map[string][]deletedJSON{"deleted": out}, strings.Join(lines, "\n"))
}

// importCompanies reads the whole CSV file, then saves every row in one
// transaction: a file with a bad line stores nothing.
func importCompanies(ctx context.Context, a *app, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return &usageError{err}
	}
	defer f.Close()
	cs, err := companycsv.Parse(f, nil)
	var ce *companycsv.Error
	if errors.As(err, &ce) {
		return &usageError{fmt.Errorf("%s: %w", path, err)}
	}
	if err != nil {
		return err
	}
	roster, ok := a.store.(store.Roster)
	if !ok {
		return errors.New("this database cannot import companies")
	}
	if err := roster.ImportCompanies(ctx, a.partner.ID, cs); err != nil {
		return err
	}
	a.audit(ctx, "companies.import", fmt.Sprintf("%d companies from %s", len(cs), path))

	return a.report(map[string]int{"imported": len(cs)}, companycsv.Imported(len(cs)))
}

// report prints v as JSON with --json, else the text line.
func (a *app) report(v any, text string) error {
	if a.json {
		return a.printJSON(v)
	}
	_, err := fmt.Fprintln(a.out, text)

	return err
}
