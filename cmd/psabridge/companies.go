package main

import (
	"context"
	"errors"
	"fmt"
	"os"

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
		RunE: df.run(true, func(cmd *cobra.Command, args []string, a *app) error {
			return importCompanies(cmd.Context(), a, args[0])
		}),
	}
	df.register(imp)
	cmd.AddCommand(imp)

	return cmd
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
