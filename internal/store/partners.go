package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
)

// slugPattern is what a partner slug may look like: it appears in URLs and
// on the command line (--partner).
var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// CreatePartner creates a partner with a unique slug of lower-case letters,
// digits and hyphens.
func (s *sqlStore) CreatePartner(ctx context.Context, slug, name string) (Partner, error) {
	if !slugPattern.MatchString(slug) {
		return Partner{}, fmt.Errorf(
			"partner slug %q: %w: use lower-case letters, digits and hyphens", slug, ErrInvalid)
	}
	p := Partner{Slug: slug, Name: name, CreatedAt: now()}

	err := s.db.QueryRowContext(ctx,
		`INSERT INTO partners (slug, name, created_at) VALUES ($1, $2, $3) RETURNING id`,
		p.Slug, p.Name, p.CreatedAt).Scan(&p.ID)
	if s.dialect.isUnique(err) {
		return Partner{}, fmt.Errorf("creating partner %q: %w", slug, ErrExists)
	}
	if err != nil {
		return Partner{}, fmt.Errorf("creating partner %q: %w", slug, err)
	}

	return p, nil
}

// PartnerBySlug returns the partner with the slug.
func (s *sqlStore) PartnerBySlug(ctx context.Context, slug string) (Partner, error) {
	row := s.db.QueryRowContext(ctx,
		`SELECT id, slug, name, created_at FROM partners WHERE slug = $1`, slug)
	p, err := scanPartner(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Partner{}, fmt.Errorf("partner %q: %w", slug, ErrNotFound)
	}
	if err != nil {
		return Partner{}, fmt.Errorf("reading partner %q: %w", slug, err)
	}

	return p, nil
}

// Partners returns all partners in creation order.
func (s *sqlStore) Partners(ctx context.Context) ([]Partner, error) {
	rows, err := s.db.QueryContext(ctx,
		`SELECT id, slug, name, created_at FROM partners ORDER BY id`)
	ps, err := collect(rows, err, scanPartner)
	if err != nil {
		return nil, fmt.Errorf("listing partners: %w", err)
	}

	return ps, nil
}

func scanPartner(r scanner) (Partner, error) {
	var p Partner
	err := r.Scan(&p.ID, &p.Slug, &p.Name, &p.CreatedAt)
	p.CreatedAt = p.CreatedAt.UTC()

	return p, err
}

// SetFeatures switches the partner's features on or off.
func (s *sqlStore) SetFeatures(ctx context.Context, partnerID int64, f Features) error {
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO partner_features (partner_id, billing, service_desk) VALUES ($1, $2, $3)
		ON CONFLICT (partner_id) DO UPDATE
		SET billing = excluded.billing, service_desk = excluded.service_desk`,
		partnerID, f.Billing, f.ServiceDesk)
	if s.dialect.isForeignKey(err) {
		return fmt.Errorf("setting features: partner %d: %w", partnerID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("setting features of partner %d: %w", partnerID, err)
	}

	return nil
}

// Features returns the partner's features; all off until set.
func (s *sqlStore) Features(ctx context.Context, partnerID int64) (Features, error) {
	var f Features
	err := s.db.QueryRowContext(ctx,
		`SELECT billing, service_desk FROM partner_features WHERE partner_id = $1`,
		partnerID).Scan(&f.Billing, &f.ServiceDesk)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Features{}, fmt.Errorf("reading features of partner %d: %w", partnerID, err)
	}

	return f, nil
}
