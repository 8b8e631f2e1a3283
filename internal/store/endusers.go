package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// emailKey is the form in which addresses are compared. It lower-cases in
// Go, not SQL, so that every backend folds non-ASCII letters alike.
func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// UpsertEndUser creates or updates the user keyed by partner and e-mail
// address (case-insensitive), and returns it with its id.
func (s *sqlStore) UpsertEndUser(ctx context.Context, u EndUser) (EndUser, error) {
	u.Email = strings.TrimSpace(u.Email)
	if u.Email == "" {
		return EndUser{}, fmt.Errorf("end user %q: e-mail address: %w", u.Name, ErrInvalid)
	}

	err := s.db.QueryRowContext(ctx, `
		INSERT INTO end_users (partner_id, company_id, email, email_key, name, active, billable)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (partner_id, email_key) DO UPDATE SET
			company_id = excluded.company_id, email = excluded.email, name = excluded.name,
			active = excluded.active, billable = excluded.billable
		RETURNING id`,
		u.PartnerID, nullID(u.CompanyID), u.Email, emailKey(u.Email), u.Name,
		u.Active, u.Billable).Scan(&u.ID)
	if s.dialect.isForeignKey(err) {
		return EndUser{}, fmt.Errorf("saving end user: partner %d or its company %d: %w",
			u.PartnerID, u.CompanyID, ErrNotFound)
	}
	if err != nil {
		return EndUser{}, fmt.Errorf("saving end user of partner %d: %w", u.PartnerID, err)
	}

	return u, nil
}

// endUserColumns are the columns scanEndUser reads.
const endUserColumns = `id, partner_id, company_id, email, name, active, billable`

// EndUserByEmail returns the partner's user with the address.
func (s *sqlStore) EndUserByEmail(ctx context.Context, partnerID int64,
	email string) (EndUser, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+endUserColumns+`
		FROM end_users WHERE partner_id = $1 AND email_key = $2`, partnerID, emailKey(email))
	u, err := scanEndUser(row)
	if errors.Is(err, sql.ErrNoRows) {
		return EndUser{}, fmt.Errorf("end user of partner %d: %w", partnerID, ErrNotFound)
	}
	if err != nil {
		return EndUser{}, fmt.Errorf("reading end user of partner %d: %w", partnerID, err)
	}

	return u, nil
}

// EndUsers returns the partner's users by id.
func (s *sqlStore) EndUsers(ctx context.Context, partnerID int64) ([]EndUser, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+endUserColumns+`
		FROM end_users WHERE partner_id = $1 ORDER BY id`, partnerID)
	us, err := collect(rows, err, scanEndUser)
	if err != nil {
		return nil, fmt.Errorf("listing end users of partner %d: %w", partnerID, err)
	}

	return us, nil
}

func scanEndUser(r scanner) (EndUser, error) {
	var u EndUser
	var company sql.NullInt64
	err := r.Scan(&u.ID, &u.PartnerID, &company, &u.Email, &u.Name, &u.Active, &u.Billable)
	u.CompanyID = company.Int64

	return u, err
}

// BillableCounts returns, for every company of the partner, how many of its
// users are both active and billable.
func (s *sqlStore) BillableCounts(ctx context.Context, partnerID int64) (map[int64]int, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT c.id, COUNT(u.id)
		FROM platform_companies c
		LEFT JOIN end_users u ON u.partner_id = c.partner_id AND u.company_id = c.id
			AND u.active AND u.billable
		WHERE c.partner_id = $1
		GROUP BY c.id`, partnerID)
	type count struct {
		id int64
		n  int
	}
	counts, err := collect(rows, err, func(r scanner) (count, error) {
		var c count
		return c, r.Scan(&c.id, &c.n)
	})
	if err != nil {
		return nil, fmt.Errorf("counting billable users of partner %d: %w", partnerID, err)
	}

	m := make(map[int64]int, len(counts))
	for _, c := range counts {
		m[c.id] = c.n
	}
	return m, nil
}
