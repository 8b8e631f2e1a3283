package store

import (
	"context"
	"encoding/json"
	"fmt"
)

// UpsertPlatformCompany creates or updates the company keyed by partner and
// external id, and returns it with its id.
func (s *sqlStore) UpsertPlatformCompany(ctx context.Context,
	c PlatformCompany) (PlatformCompany, error) {
	return s.upsertPlatformCompany(ctx, s.db, c)
}

// upsertPlatformCompany is UpsertPlatformCompany on q, a database or a
// transaction.
func (s *sqlStore) upsertPlatformCompany(ctx context.Context, q querier,
	c PlatformCompany) (PlatformCompany, error) {
	if c.ExternalID == "" {
		return PlatformCompany{}, fmt.Errorf("platform company %q: external id: %w",
			c.Name, ErrInvalid)
	}
	domains, err := json.Marshal(nonNil(c.Domains))
	if err != nil {
		return PlatformCompany{}, fmt.Errorf("encoding domains: %w", err)
	}

	err = q.QueryRowContext(ctx, `
		INSERT INTO platform_companies (partner_id, external_id, name, domains)
		VALUES ($1, $2, $3, $4)
		ON CONFLICT (partner_id, external_id) DO UPDATE
		SET name = excluded.name, domains = excluded.domains
		RETURNING id`,
		c.PartnerID, c.ExternalID, c.Name, string(domains)).Scan(&c.ID)
	if s.dialect.isForeignKey(err) {
		return PlatformCompany{}, fmt.Errorf("saving platform company: partner %d: %w",
			c.PartnerID, ErrNotFound)
	}
	if err != nil {
		return PlatformCompany{}, fmt.Errorf("saving platform company %q: %w", c.ExternalID, err)
	}

	return c, nil
}

// PlatformCompanies returns the partner's companies by id.
func (s *sqlStore) PlatformCompanies(ctx context.Context,
	partnerID int64) ([]PlatformCompany, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT id, partner_id, external_id, name, domains
		FROM platform_companies WHERE partner_id = $1 ORDER BY id`, partnerID)
	cs, err := collect(rows, err, scanPlatformCompany)
	if err != nil {
		return nil, fmt.Errorf("listing platform companies of partner %d: %w", partnerID, err)
	}

	return cs, nil
}

func scanPlatformCompany(r scanner) (PlatformCompany, error) {
	var c PlatformCompany
	var domains string
	if err := r.Scan(&c.ID, &c.PartnerID, &c.ExternalID, &c.Name, &domains); err != nil {
		return c, err
	}
	var err error
	c.Domains, err = decodeDomains(c.ID, domains)

	return c, err
}

// decodeDomains reads company id's stored domains; none is nil.
func decodeDomains(id int64, stored string) ([]string, error) {
	var domains []string
	if err := json.Unmarshal([]byte(stored), &domains); err != nil {
		return nil, fmt.Errorf("decoding domains of company %d: %w", id, err)
	}
	if len(domains) == 0 {
		return nil, nil
	}

	return domains, nil
}

// nonNil returns s, or an empty slice for nil, so that it encodes as [].
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}

	return s
}
