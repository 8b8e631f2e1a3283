package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/store"
)

// mapSetFlags say what map set changes.
type mapSetFlags struct {
	company, agreement, addition int
	createAddition               bool
	unmap, unmapBilling          bool
}

func newMapSetCommand() *cobra.Command {
	df := &dataFlags{}
	var f mapSetFlags
	cmd := &cobra.Command{
		Use:   "set EXTERNAL_ID",
		Short: "Map or unmap one client company by hand",
		Long: "--company maps the company; --agreement with --addition, or with --create-addition,\n" +
			"maps its billing. --unmap-billing clears the agreement and addition; --unmap removes\n" +
			"the whole mapping. Find ConnectWise ids with map search.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.validate(); err != nil {
				return &usageError{err}
			}
			a, err := df.open(cmd, false)
			if err != nil {
				return err
			}
			defer a.close()
			return mapSet(cmd.Context(), a, args[0], f)
		},
	}
	df.register(cmd)
	fl := cmd.Flags()
	fl.IntVar(&f.company, "company", 0, "ConnectWise company id")
	fl.IntVar(&f.agreement, "agreement", 0, "ConnectWise agreement id")
	fl.IntVar(&f.addition, "addition", 0, "agreement addition id")
	fl.BoolVar(&f.createAddition, "create-addition", false,
		"create the billing product's addition on --agreement")
	fl.BoolVar(&f.unmap, "unmap", false, "remove the mapping")
	fl.BoolVar(&f.unmapBilling, "unmap-billing", false, "clear the agreement and addition")

	return cmd
}

// validate checks that the flags ask for one consistent change.
func (f mapSetFlags) validate() error {
	switch {
	case f.unmap && (f.company != 0 || f.agreement != 0 || f.unmapBilling):
		return errors.New("--unmap takes no other flag")
	case f.unmapBilling && (f.agreement != 0 || f.addition != 0):
		return errors.New("--unmap-billing takes no --agreement or --addition")
	case f.createAddition && (f.agreement == 0 || f.addition != 0):
		return errors.New("--create-addition needs --agreement and no --addition")
	case !f.createAddition && (f.agreement == 0) != (f.addition == 0):
		return errors.New("give --agreement and --addition together")
	case !f.unmap && !f.unmapBilling && f.company == 0 && f.agreement == 0:
		return errors.New("say what to map: --company, --agreement, --unmap or --unmap-billing")
	}

	return nil
}

// mapSet applies one manual change to a company's mapping.
func mapSet(ctx context.Context, a *app, externalID string, f mapSetFlags) error {
	pc, err := a.platformCompany(ctx, externalID)
	if err != nil {
		return err
	}
	if f.unmap {
		if err := a.store.DeleteMapping(ctx, a.partner.ID, pc.ID); err != nil {
			return err
		}
		a.audit(ctx, "mapping.unmap", externalID)
		return a.report(map[string]any{"external_id": externalID, "mapped": false},
			fmt.Sprintf("%s unmapped", externalID))
	}

	m, err := a.manualMapping(ctx, pc, f)
	if err != nil {
		return err
	}
	if err := a.store.SaveMapping(ctx, m); err != nil {
		return err
	}
	a.audit(ctx, "mapping.set", fmt.Sprintf("%s → company %d agreement %d addition %d",
		externalID, m.CWCompanyID, m.AgreementID, m.AdditionID))

	return a.report(mappingRow(pc, m), fmt.Sprintf("%s → %q (company %d, agreement %d, "+
		"addition %d)", externalID, m.CWCompanyName, m.CWCompanyID, m.AgreementID, m.AdditionID))
}

// manualMapping builds the mapping the flags ask for on top of the
// company's current one, checking the ids against ConnectWise.
func (a *app) manualMapping(ctx context.Context, pc store.PlatformCompany,
	f mapSetFlags) (store.Mapping, error) {
	m, _ := a.currentMapping(ctx, pc.ID)
	m.PartnerID, m.PlatformCompanyID, m.Method, m.Confidence = a.partner.ID, pc.ID, "manual", 1
	c, _, err := a.client(ctx)
	if err != nil {
		return m, err
	}
	if f.company != 0 {
		co, _, err := c.Companies.Get(ctx, f.company)
		if err != nil {
			return m, fmt.Errorf("reading ConnectWise company %d: %w", f.company, err)
		}
		if co.ID != m.CWCompanyID {
			m.AgreementID, m.AdditionID = 0, 0 // billing belonged to the old company
		}
		m.CWCompanyID, m.CWCompanyName = co.ID, co.Name
	}
	if m.CWCompanyID == 0 {
		return m, &usageError{errors.New("the company is not mapped yet: give --company")}
	}
	if f.unmapBilling {
		m.AgreementID, m.AdditionID = 0, 0
		return m, nil
	}
	if f.agreement != 0 {
		m.AgreementID, m.AdditionID, err = a.checkBilling(ctx, c, m.CWCompanyID, f)
	}

	return m, err
}

// checkBilling checks that the agreement belongs to the company and
// returns the addition, created when asked.
func (a *app) checkBilling(ctx context.Context, c *cwm.Client, companyID int,
	f mapSetFlags) (int, int, error) {
	ag, _, err := c.Agreements.Get(ctx, f.agreement)
	if err != nil {
		return 0, 0, fmt.Errorf("reading agreement %d: %w", f.agreement, err)
	}
	if ag.Company == nil || ag.Company.ID != companyID {
		return 0, 0, &usageError{fmt.Errorf("agreement %d is not an agreement of company %d",
			f.agreement, companyID)}
	}
	if !f.createAddition {
		return f.agreement, f.addition, nil
	}
	settings, err := a.store.BillingSettings(ctx, a.partner.ID)
	if err != nil {
		return 0, 0, err
	}
	today := time.Now().UTC().Format("2006-01-02") + "T00:00:00Z"
	ad, err := integration.PSA{Client: c}.CreateAddition(ctx, f.agreement, settings.Product, today)
	if err != nil {
		return 0, 0, fmt.Errorf("creating the %s addition on agreement %d: %w",
			settings.Product, f.agreement, err)
	}

	return f.agreement, ad.ID, nil
}
