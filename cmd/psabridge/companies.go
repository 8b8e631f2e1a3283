package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/store"
)

// companyColumns are the columns companies import reads, in order.
var companyColumns = []string{"external_id", "name", "domains", "billable_users"}

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

// importCompanies reads the CSV file and saves each row.
func importCompanies(ctx context.Context, a *app, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return &usageError{err}
	}
	defer f.Close()
	r := csv.NewReader(f)
	if err := checkHeader(r); err != nil {
		return &usageError{fmt.Errorf("%s: %w", path, err)}
	}

	n := 0
	for line := 2; ; line++ {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return &usageError{fmt.Errorf("%s: %w", path, err)}
		}
		if err := importRow(ctx, a, row); err != nil {
			return fmt.Errorf("%s line %d: %w", path, line, err)
		}
		n++
	}
	a.audit(ctx, "companies.import", fmt.Sprintf("%d companies from %s", n, path))

	return a.report(map[string]int{"imported": n}, fmt.Sprintf("%d companies imported", n))
}

// checkHeader reads the header row and checks its columns.
func checkHeader(r *csv.Reader) error {
	head, err := r.Read()
	if err != nil {
		return fmt.Errorf("reading the header: %w", err)
	}
	for i, want := range companyColumns {
		if i >= len(head) || strings.TrimSpace(strings.ToLower(head[i])) != want {
			return fmt.Errorf("want the columns %s", strings.Join(companyColumns, ","))
		}
	}

	return nil
}

// importRow saves one company and its pushed count.
func importRow(ctx context.Context, a *app, row []string) error {
	c, err := a.store.UpsertPlatformCompany(ctx, store.PlatformCompany{PartnerID: a.partner.ID,
		ExternalID: strings.TrimSpace(row[0]), Name: strings.TrimSpace(row[1]),
		Domains: strings.Fields(strings.ToLower(row[2]))})
	if err != nil {
		return err
	}
	count := -1
	if v := strings.TrimSpace(row[3]); v != "" {
		if count, err = strconv.Atoi(v); err != nil || count < 0 {
			return &usageError{fmt.Errorf("billable_users %q: want a whole number, 0 or more", v)}
		}
	}

	return a.store.SetPushedCount(ctx, a.partner.ID, c.ID, count)
}

// report prints v as JSON with --json, else the text line.
func (a *app) report(v any, text string) error {
	if a.json {
		return a.printJSON(v)
	}
	_, err := fmt.Fprintln(a.out, text)

	return err
}
