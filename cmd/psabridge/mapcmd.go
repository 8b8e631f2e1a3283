package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/mapping"
	"github.com/psabridge/psabridge/internal/store"
)

func newMapCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "map", Short: "Map client companies to ConnectWise companies, " +
		"agreements and additions"}
	cmd.AddCommand(newMapAutoCommand(), newMapSetCommand(), newMapListCommand(),
		newMapSearchCommand())

	return cmd
}

// autoRow is one line of map auto --json, as the issue names its keys.
type autoRow struct {
	ExternalID    string  `json:"external_id"`
	PlatformName  string  `json:"platform_name"`
	CWCompanyID   int     `json:"cw_company_id"`
	CWCompanyName string  `json:"cw_company_name"`
	Method        string  `json:"method"`
	Confidence    float64 `json:"confidence"`
	Applied       bool    `json:"applied"`
	Reason        string  `json:"reason"`
}

func newMapAutoCommand() *cobra.Command {
	df := &dataFlags{}
	var apply bool
	cmd := &cobra.Command{
		Use:   "auto",
		Short: "Propose a ConnectWise company, agreement and addition for every client company",
		Long: "Shows each proposal with its method, confidence and evidence. Only certain matches\n" +
			"are applied, and only with --apply; suggestions and ambiguous companies are left for\n" +
			"map set.",
		Args: cobra.NoArgs,
		RunE: df.run(false, func(cmd *cobra.Command, _ []string, a *app) error {
			return mapAuto(cmd.Context(), a, apply)
		}),
	}
	df.register(cmd)
	cmd.Flags().BoolVar(&apply, "apply", false, "save the certain matches")

	return cmd
}

// mapAuto proposes, prints and, with apply, saves the certain matches.
func mapAuto(ctx context.Context, a *app, apply bool) error {
	c, _, err := a.client(ctx)
	if err != nil {
		return err
	}
	platform, existing, err := a.platformAndMappings(ctx)
	if err != nil {
		return err
	}
	settings, err := a.store.BillingSettings(ctx, a.partner.ID)
	if err != nil {
		return err
	}
	kept := make(map[int64]int, len(existing))
	for id, m := range existing {
		kept[id] = m.CWCompanyID
	}
	m := &mapping.Matcher{Progress: newProgress(a.errOut, "choosing agreement additions").update}
	ps, err := m.Suggest(ctx, integration.PSA{Client: c}, platform, kept, settings.Product)
	if err != nil {
		return fmt.Errorf("auto-mapping: %w", err)
	}

	rows, saved, err := a.applyProposals(ctx, ps, existing, apply)
	if err != nil {
		return err
	}
	a.audit(ctx, "mapping.auto", fmt.Sprintf("%d proposals, %d saved", len(ps), saved))

	return a.printAuto(rows, saved)
}

// applyProposals saves the applied proposals when apply is set and turns
// every proposal into its output row.
func (a *app) applyProposals(ctx context.Context, ps []mapping.Proposal,
	existing map[int64]store.Mapping, apply bool) ([]autoRow, int, error) {
	rows := make([]autoRow, 0, len(ps))
	saved := 0
	for _, p := range ps {
		row := autoRow{p.ExternalID, p.PlatformName, p.CWCompanyID, p.CWCompanyName, p.Method,
			p.Confidence, false, joinNonEmpty(p.Reason, p.AdditionReason)}
		if p.Applied {
			row.Reason = joinNonEmpty(p.Evidence, p.AdditionReason)
			if !apply {
				row.Reason = joinNonEmpty(row.Reason, "applied with --apply")
			}
		}
		if p.Applied && apply {
			if err := a.saveProposal(ctx, p, existing[p.PlatformCompanyID]); err != nil {
				return nil, saved, err
			}
			row.Applied = true
			saved++
		}
		rows = append(rows, row)
	}

	return rows, saved, nil
}

// saveProposal saves an applied proposal, keeping an addition the partner
// chose by hand for a company it confirmed.
func (a *app) saveProposal(ctx context.Context, p mapping.Proposal, old store.Mapping) error {
	m := store.Mapping{PartnerID: a.partner.ID, PlatformCompanyID: p.PlatformCompanyID,
		CWCompanyID: p.CWCompanyID, CWCompanyName: p.CWCompanyName, AgreementID: p.AgreementID,
		AdditionID: p.AdditionID, Method: p.Method, Confidence: p.Confidence}
	if p.Method == mapping.MethodKept {
		m.Method, m.Confidence = old.Method, old.Confidence
		if old.AdditionID != 0 {
			m.AgreementID, m.AdditionID = old.AgreementID, old.AdditionID
		}
	}

	return a.store.SaveMapping(ctx, m)
}

// printAuto prints the proposals as JSON or as text.
func (a *app) printAuto(rows []autoRow, saved int) error {
	if a.json {
		return a.printJSON(rows)
	}
	for _, r := range rows {
		mark := "suggest"
		if r.Applied {
			mark = "applied"
		}
		fmt.Fprintf(a.out, "%-8s %-32q → %-32q %-10s %.2f  %s\n", mark, r.PlatformName,
			r.CWCompanyName, r.Method, r.Confidence, r.Reason)
	}
	_, err := fmt.Fprintf(a.out, "%d proposals, %d saved\n", len(rows), saved)

	return err
}

// platformAndMappings returns the partner's companies in matching form and
// its mappings by platform company id.
func (a *app) platformAndMappings(ctx context.Context) ([]mapping.PlatformCompany,
	map[int64]store.Mapping, error) {
	cs, err := a.store.PlatformCompanies(ctx, a.partner.ID)
	if err != nil {
		return nil, nil, err
	}
	ms, err := a.store.Mappings(ctx, a.partner.ID)
	if err != nil {
		return nil, nil, err
	}
	platform := make([]mapping.PlatformCompany, len(cs))
	for i, c := range cs {
		platform[i] = mapping.PlatformCompany{ID: c.ID, ExternalID: c.ExternalID, Name: c.Name,
			Domains: c.Domains}
	}
	byCompany := make(map[int64]store.Mapping, len(ms))
	for _, m := range ms {
		byCompany[m.PlatformCompanyID] = m
	}

	return platform, byCompany, nil
}

// joinNonEmpty joins the non-empty parts with "; ".
func joinNonEmpty(parts ...string) string {
	out := ""
	for _, p := range parts {
		if p != "" && out != "" {
			out += "; "
		}
		out += p
	}

	return out
}
