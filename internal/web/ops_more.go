package web

import (
	"context"
	"fmt"
	"sort"

	"github.com/psabridge/psabridge/internal/billing"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/store"
)

// agreements lists a ConnectWise company's agreements, for a picker.
func (s *server) agreements(ctx context.Context, p *principal, companyID int) ([]cwRef, error) {
	c, err := s.service(p).Client(ctx, p.Partner.ID)
	if err != nil {
		return nil, err
	}
	as, err := integration.PSA{Client: c}.Agreements(ctx, companyID)
	if err != nil {
		return nil, fmt.Errorf("listing agreements of company %d: %w", companyID, err)
	}
	out := make([]cwRef, len(as))
	for i, a := range as {
		out[i] = cwRef{ID: a.ID, Name: a.Name}
	}
	return out, nil
}

// additions lists an agreement's additions, for a picker.
func (s *server) additions(ctx context.Context, p *principal, agreementID int) ([]cwRef, error) {
	c, err := s.service(p).Client(ctx, p.Partner.ID)
	if err != nil {
		return nil, err
	}
	as, err := integration.PSA{Client: c}.Additions(ctx, agreementID)
	if err != nil {
		return nil, fmt.Errorf("listing additions of agreement %d: %w", agreementID, err)
	}
	out := make([]cwRef, len(as))
	for i, a := range as {
		name := a.Description
		if a.Product != nil && a.Product.Identifier != "" {
			name = a.Product.Identifier
		}
		out[i] = cwRef{ID: a.ID, Name: fmt.Sprintf("%s (quantity %g)", name, a.Quantity)}
	}
	return out, nil
}

// saveSettings validates and saves the billing settings and schedule.
func (s *server) saveSettings(ctx context.Context, p *principal, in settingsJSON) error {
	b := store.BillingSettings{PartnerID: p.Partner.ID, Product: in.Product, Schedule: in.Schedule,
		DayOfMonth: in.DayOfMonth, Hour: in.Hour, TimeZone: in.TimeZone, Effective: in.Effective,
		Prorate: in.Prorate, OverwriteDrift: in.OverwriteDrift}
	if _, err := billing.ScheduleOf(b); err != nil {
		return errSettings(err)
	}
	if err := s.st.SaveBillingSettings(ctx, b); err != nil {
		return err
	}
	s.audit(ctx, p, "billing.settings", fmt.Sprintf("schedule %s, product %s", b.Schedule, b.Product))
	return nil
}

// mappingRow is one platform company and its mapping, if any.
type mappingRow struct {
	mappingJSON
	Mapped bool
}

// mappingRows lists every platform company, unmapped first, then by name.
func (s *server) mappingRows(ctx context.Context, p *principal) ([]mappingRow, error) {
	cs, err := s.st.PlatformCompanies(ctx, p.Partner.ID)
	if err != nil {
		return nil, err
	}
	ms, err := s.st.Mappings(ctx, p.Partner.ID)
	if err != nil {
		return nil, err
	}
	byCompany := make(map[int64]store.Mapping, len(ms))
	for _, m := range ms {
		byCompany[m.PlatformCompanyID] = m
	}
	rows := make([]mappingRow, len(cs))
	for i, c := range cs {
		m, ok := byCompany[c.ID]
		rows[i] = mappingRow{Mapped: ok, mappingJSON: mappingJSON{ExternalID: c.ExternalID, CompanyName: c.Name,
			CWCompanyID: m.CWCompanyID, CWCompanyName: m.CWCompanyName, AgreementID: m.AgreementID,
			AdditionID: m.AdditionID, Method: m.Method, Confidence: m.Confidence}}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Mapped != rows[j].Mapped {
			return !rows[i].Mapped
		}
		return rows[i].CompanyName < rows[j].CompanyName
	})
	return rows, nil
}
