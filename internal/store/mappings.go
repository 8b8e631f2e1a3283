package store

import (
	"context"
	"fmt"
)

// SaveMapping creates or replaces the mapping of a platform company and
// stamps it with the current time.
func (s *sqlStore) SaveMapping(ctx context.Context, m Mapping) error {
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO company_mappings (partner_id, platform_company_id, cw_company_id,
			cw_company_name, agreement_id, addition_id, method, confidence, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (partner_id, platform_company_id) DO UPDATE SET
			cw_company_id = excluded.cw_company_id, cw_company_name = excluded.cw_company_name,
			agreement_id = excluded.agreement_id, addition_id = excluded.addition_id,
			method = excluded.method, confidence = excluded.confidence,
			updated_at = excluded.updated_at`,
		m.PartnerID, m.PlatformCompanyID, m.CWCompanyID, m.CWCompanyName,
		m.AgreementID, m.AdditionID, m.Method, m.Confidence, now())
	if s.dialect.isForeignKey(err) {
		return fmt.Errorf("saving mapping: company %d of partner %d: %w",
			m.PlatformCompanyID, m.PartnerID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("saving mapping of company %d: %w", m.PlatformCompanyID, err)
	}

	return nil
}

// Mappings returns the partner's mappings by platform company id.
func (s *sqlStore) Mappings(ctx context.Context, partnerID int64) ([]Mapping, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT partner_id, platform_company_id, cw_company_id, cw_company_name,
			agreement_id, addition_id, method, confidence, updated_at
		FROM company_mappings WHERE partner_id = $1 ORDER BY platform_company_id`, partnerID)
	ms, err := collect(rows, err, scanMapping)
	if err != nil {
		return nil, fmt.Errorf("listing mappings of partner %d: %w", partnerID, err)
	}

	return ms, nil
}

func scanMapping(r scanner) (Mapping, error) {
	var m Mapping
	err := r.Scan(&m.PartnerID, &m.PlatformCompanyID, &m.CWCompanyID, &m.CWCompanyName,
		&m.AgreementID, &m.AdditionID, &m.Method, &m.Confidence, &m.UpdatedAt)
	m.UpdatedAt = m.UpdatedAt.UTC()

	return m, err
}

// DeleteMapping removes a platform company's mapping.
func (s *sqlStore) DeleteMapping(ctx context.Context, partnerID, platformCompanyID int64) error {
	res, err := s.db.ExecContext(ctx,
		`DELETE FROM company_mappings WHERE partner_id = $1 AND platform_company_id = $2`,
		partnerID, platformCompanyID)
	if err != nil {
		return fmt.Errorf("deleting mapping of company %d: %w", platformCompanyID, err)
	}

	return expectOne(res, "mapping of company %d of partner %d", platformCompanyID, partnerID)
}
