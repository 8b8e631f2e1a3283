package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/store"
)

func newMapListCommand() *cobra.Command {
	df := &dataFlags{}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List every client company with its mapping",
		Args:  cobra.NoArgs,
		RunE: df.run(false, func(cmd *cobra.Command, _ []string, a *app) error {
			return mapList(cmd.Context(), a)
		}),
	}
	df.register(cmd)

	return cmd
}

// mapList prints every platform company with its mapping.
func mapList(ctx context.Context, a *app) error {
	cs, err := a.store.PlatformCompanies(ctx, a.partner.ID)
	if err != nil {
		return err
	}
	_, ms, err := a.platformAndMappings(ctx)
	if err != nil {
		return err
	}
	rows := make([]map[string]any, 0, len(cs))
	for _, c := range cs {
		rows = append(rows, mappingRow(c, ms[c.ID]))
	}
	if a.json {
		return a.printJSON(rows)
	}
	for _, c := range cs {
		m := ms[c.ID]
		target := "(not mapped)"
		if m.CWCompanyID != 0 {
			target = fmt.Sprintf("%q #%d agreement %d addition %d [%s %.2f]", m.CWCompanyName,
				m.CWCompanyID, m.AgreementID, m.AdditionID, m.Method, m.Confidence)
		}
		fmt.Fprintf(a.out, "%-12s %-32q %s\n", c.ExternalID, c.Name, target)
	}

	return nil
}

// mappingRow is one company's mapping in JSON form.
func mappingRow(c store.PlatformCompany, m store.Mapping) map[string]any {
	return map[string]any{"external_id": c.ExternalID, "platform_name": c.Name,
		"cw_company_id": m.CWCompanyID, "cw_company_name": m.CWCompanyName,
		"agreement_id": m.AgreementID, "addition_id": m.AdditionID, "method": m.Method,
		"confidence": m.Confidence}
}

// platformCompany finds the partner's company by external id.
func (a *app) platformCompany(ctx context.Context, externalID string) (store.PlatformCompany,
	error) {
	cs, err := a.store.PlatformCompanies(ctx, a.partner.ID)
	if err != nil {
		return store.PlatformCompany{}, err
	}
	for _, c := range cs {
		if c.ExternalID == externalID {
			return c, nil
		}
	}

	return store.PlatformCompany{}, &usageError{fmt.Errorf("no client company %q: "+
		"see map list", externalID)}
}

// currentMapping returns the company's mapping; the zero mapping when none.
func (a *app) currentMapping(ctx context.Context, platformCompanyID int64) (store.Mapping,
	error) {
	_, ms, err := a.platformAndMappings(ctx)
	if err != nil {
		return store.Mapping{}, err
	}
	m, ok := ms[platformCompanyID]
	if !ok {
		return store.Mapping{}, store.ErrNotFound
	}

	return m, nil
}

func newMapSearchCommand() *cobra.Command {
	df := &dataFlags{}
	cmd := &cobra.Command{
		Use:   "search TEXT",
		Short: "Find live ConnectWise companies whose name or identifier contains TEXT",
		Args:  cobra.ExactArgs(1),
		RunE: df.run(false, func(cmd *cobra.Command, args []string, a *app) error {
			return mapSearch(cmd.Context(), a, args[0])
		}),
	}
	df.register(cmd)

	return cmd
}

// mapSearch lists up to 50 live companies matching text.
func mapSearch(ctx context.Context, a *app, text string) error {
	text = strings.TrimSpace(text)
	if text == "" {
		return &usageError{errors.New("give some text to search for")}
	}
	c, _, err := a.client(ctx)
	if err != nil {
		return err
	}
	cond := cwm.And(cwm.Eq("deletedFlag", false),
		cwm.Or(cwm.Contains("name", text), cwm.Contains("identifier", text)))
	found, _, err := c.Companies.List(ctx, &cwm.ListOptions{Conditions: cond.String(),
		OrderBy: "name asc", PageSize: 50, Fields: []string{"id", "identifier", "name", "status"}})
	if err != nil {
		return fmt.Errorf("searching companies: %w", err)
	}
	if a.json {
		return a.printJSON(found)
	}
	for _, co := range found {
		fmt.Fprintf(a.out, "%8d  %-25s %s\n", co.ID, co.Identifier, co.Name)
	}

	return nil
}
