package demo

import (
	"time"

	"context"
	"fmt"
	"github.com/psabridge/psabridge/internal/jobs"

	"github.com/psabridge/psabridge/internal/billing"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/mapping"
	"github.com/psabridge/psabridge/internal/store"
)

// autoMap proposes a ConnectWise company, agreement and addition for every
// platform company, saves what is certain, and prints both lists.
func (r *run) autoMap(ctx context.Context) (mapped, unmapped int, err error) {
	companies, err := r.store.PlatformCompanies(ctx, r.partner.ID)
	if err != nil {
		return 0, 0, fmt.Errorf("reading platform companies: %w", err)
	}
	kept, err := r.keptMappings(ctx)
	if err != nil {
		return 0, 0, err
	}
	platform := make([]mapping.PlatformCompany, len(companies))
	for i, c := range companies {
		platform[i] = mapping.PlatformCompany{ID: c.ID, ExternalID: c.ExternalID, Name: c.Name, Domains: c.Domains}
	}
	proposals, err := mapping.Suggest(ctx, integration.PSA{Client: r.client}, platform, kept, "")
	if err != nil {
		return 0, 0, fmt.Errorf("auto-mapping: %w", err)
	}

	fmt.Fprintln(r.out, "auto-mapping:")
	for _, p := range proposals {
		if !p.Applied {
			unmapped++
			fmt.Fprintf(r.out, "  unmapped %-40q %s\n", p.PlatformName, p.Reason)
			continue
		}
		if err := r.saveMapping(ctx, p); err != nil {
			return mapped, unmapped, err
		}
		mapped++
		fmt.Fprintf(r.out, "  mapped   %-40q → %q (%s)%s\n", p.PlatformName, p.CWCompanyName, p.Method, additionNote(p))
	}
	fmt.Fprintf(r.out, "  %d mapped, %d unmapped\n", mapped, unmapped)
	r.audit(ctx, "mapping.auto", fmt.Sprintf("%d mapped, %d unmapped", mapped, unmapped))
	return mapped, unmapped, nil
}

func additionNote(p mapping.Proposal) string {
	if p.AdditionID != 0 {
		return fmt.Sprintf(", agreement %d addition %d", p.AgreementID, p.AdditionID)
	}
	if p.AdditionReason != "" {
		return ", no billing: " + p.AdditionReason
	}
	return ""
}

func (r *run) keptMappings(ctx context.Context) (map[int64]int, error) {
	ms, err := r.store.Mappings(ctx, r.partner.ID)
	if err != nil {
		return nil, fmt.Errorf("reading the mapping: %w", err)
	}
	kept := make(map[int64]int, len(ms))
	for _, m := range ms {
		kept[m.PlatformCompanyID] = m.CWCompanyID
	}
	return kept, nil
}

func (r *run) saveMapping(ctx context.Context, p mapping.Proposal) error {
	err := r.store.SaveMapping(ctx, store.Mapping{
		PartnerID: r.partner.ID, PlatformCompanyID: p.PlatformCompanyID, CWCompanyID: p.CWCompanyID,
		CWCompanyName: p.CWCompanyName, AgreementID: p.AgreementID, AdditionID: p.AdditionID,
		Method: p.Method, Confidence: p.Confidence,
	})
	if err != nil {
		return fmt.Errorf("saving the mapping of %q: %w", p.PlatformName, err)
	}
	return nil
}

// pushBilling pushes the billable counts to the mapped additions as a
// durable push job, as serve does, waits for its outcome and prints old →
// new per addition.
func (r *run) pushBilling(ctx context.Context, q *jobs.Queue) (int, error) {
	if f, err := r.store.Features(ctx, r.partner.ID); err != nil || !f.Billing {
		fmt.Fprintln(r.out, "billing is off: nothing pushed")
		return 0, err
	}
	id, _, err := q.EnqueueBillingPush(ctx, r.partner.ID, "demo")
	if err != nil {
		return 0, err
	}
	j, err := q.WaitSettled(ctx, id, 50*time.Millisecond)
	if err != nil {
		return 0, fmt.Errorf("waiting for billing push job %d: %w", id, err)
	}
	res, err := billing.DecodeChanges(j.Output)
	pushed := res.Changes
	if len(j.Output) == 0 || err != nil {
		fmt.Fprintf(r.out, "billing push: job %d %s, to retry: %s\n", id, j.State, j.LastError)
		return 0, nil
	}

	fmt.Fprintln(r.out, "billing push:")
	changed := 0
	for _, c := range pushed {
		fmt.Fprintf(r.out, "  %-40q %s\n", c.CompanyName, changeText(c))
		if c.Action == billing.ActionUpdate && c.Err == nil {
			changed++
		}
	}
	fmt.Fprintf(r.out, "  %d additions changed\n", changed)
	if !j.Done() {
		fmt.Fprintf(r.out, "  push job %d is %s and retries what failed: %s\n", id, j.State, j.LastError)
	}
	return changed, nil
}

func (r *run) billingLines(ctx context.Context) ([]billing.Line, error) {
	ms, err := r.store.Mappings(ctx, r.partner.ID)
	if err != nil {
		return nil, fmt.Errorf("reading the mapping: %w", err)
	}
	counts, err := r.store.BillableCounts(ctx, r.partner.ID)
	if err != nil {
		return nil, fmt.Errorf("counting billable users: %w", err)
	}
	lines := make([]billing.Line, 0, len(ms))
	for _, m := range ms {
		lines = append(lines, billing.Line{
			PlatformCompanyID: m.PlatformCompanyID, CompanyName: m.CWCompanyName, CWCompanyID: m.CWCompanyID,
			AgreementID: m.AgreementID, AdditionID: m.AdditionID, Count: counts[m.PlatformCompanyID],
		})
	}
	return lines, nil
}

func (r *run) recordChange(ctx context.Context, c billing.Change) error {
	if c.Action != billing.ActionUpdate {
		return nil
	}
	result := "ok"
	if c.Err != nil {
		result = c.Err.Error()
	}
	err := r.store.AddBillingChange(ctx, store.BillingChange{
		PartnerID: r.partner.ID, PlatformCompanyID: c.PlatformCompanyID, AgreementID: c.AgreementID,
		AdditionID: c.AdditionID, OldQuantity: c.Old, NewQuantity: c.New, Result: result, Actor: "demo",
	})
	if err != nil {
		return fmt.Errorf("recording the billing change: %w", err)
	}
	return nil
}

func changeText(c billing.Change) string {
	switch {
	case c.Action == billing.ActionUpdate && c.Err != nil:
		return fmt.Sprintf("%g → %g FAILED: %v", c.Old, c.New, c.Err)
	case c.Action == billing.ActionUpdate:
		return fmt.Sprintf("%g → %g", c.Old, c.New)
	case c.Action == billing.ActionUnchanged:
		return fmt.Sprintf("%g (unchanged)", c.Old)
	default:
		return "skipped: " + c.Reason
	}
}
