package store

import (
	"context"
	"database/sql"
	"fmt"
)

// SetUserExcluded excludes the partner's user with the address from
// billing, or includes them again. The address need not belong to a known
// user yet.
func (s *sqlStore) SetUserExcluded(ctx context.Context, partnerID int64, email string,
	excluded bool) error {
	key := emailKey(email)
	if key == "" {
		return fmt.Errorf("excluding user: e-mail address: %w", ErrInvalid)
	}
	query := `DELETE FROM billing_excluded_users WHERE partner_id = $1 AND email_key = $2`
	if excluded {
		query = `INSERT INTO billing_excluded_users (partner_id, email_key) VALUES ($1, $2)
			ON CONFLICT (partner_id, email_key) DO NOTHING`
	}
	_, err := s.db.ExecContext(ctx, query, partnerID, key)
	if s.dialect.isForeignKey(err) {
		return fmt.Errorf("excluding user: partner %d: %w", partnerID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("excluding user of partner %d: %w", partnerID, err)
	}

	return nil
}

// ExcludedUsers returns the partner's excluded addresses, lower-cased and
// sorted.
func (s *sqlStore) ExcludedUsers(ctx context.Context, partnerID int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT email_key FROM billing_excluded_users
		WHERE partner_id = $1 ORDER BY email_key`, partnerID)
	es, err := collect(rows, err, func(r scanner) (string, error) {
		var e string
		return e, r.Scan(&e)
	})
	if err != nil {
		return nil, fmt.Errorf("listing excluded users of partner %d: %w", partnerID, err)
	}

	return es, nil
}

// RosterCounts returns, for every company of the partner, how many of its
// users are active, billable and not excluded.
func (s *sqlStore) RosterCounts(ctx context.Context, partnerID int64) (map[int64]int, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT c.id, COUNT(u.id)
		FROM platform_companies c
		LEFT JOIN end_users u ON u.partner_id = c.partner_id AND u.company_id = c.id
			AND u.active AND u.billable
			AND NOT EXISTS (SELECT 1 FROM billing_excluded_users x
				WHERE x.partner_id = u.partner_id AND x.email_key = u.email_key)
		WHERE c.partner_id = $1
		GROUP BY c.id`, partnerID)

	return countRows(rows, err, "counting roster of partner %d", partnerID)
}

// SetPushedCount records the user count the platform pushed for a company;
// it replaces the roster count. A negative count removes it.
func (s *sqlStore) SetPushedCount(ctx context.Context, partnerID, platformCompanyID int64,
	count int) error {
	return s.setPushedCount(ctx, s.db, partnerID, platformCompanyID, count)
}

// setPushedCount is SetPushedCount on q, a database or a transaction.
func (s *sqlStore) setPushedCount(ctx context.Context, q querier, partnerID,
	platformCompanyID int64, count int) error {
	query := `INSERT INTO billing_pushed_counts (partner_id, platform_company_id, user_count,
			updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (partner_id, platform_company_id) DO UPDATE SET
			user_count = excluded.user_count, updated_at = excluded.updated_at`
	args := []any{partnerID, platformCompanyID, count, now()}
	if count < 0 {
		query = `DELETE FROM billing_pushed_counts
			WHERE partner_id = $1 AND platform_company_id = $2`
		args = args[:2]
	}
	_, err := q.ExecContext(ctx, query, args...)
	if s.dialect.isForeignKey(err) {
		return fmt.Errorf("setting pushed count: company %d of partner %d: %w",
			platformCompanyID, partnerID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("setting pushed count of company %d: %w", platformCompanyID, err)
	}

	return nil
}

// PushedCounts returns the counts the platform pushed, by company id.
func (s *sqlStore) PushedCounts(ctx context.Context, partnerID int64) (map[int64]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT platform_company_id, user_count
		FROM billing_pushed_counts WHERE partner_id = $1`, partnerID)

	return countRows(rows, err, "reading pushed counts of partner %d", partnerID)
}

// LastPushedQuantities returns, for every addition the partner pushed to
// successfully, the quantity of the latest such push.
func (s *sqlStore) LastPushedQuantities(ctx context.Context,
	partnerID int64) (map[AdditionRef]float64, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT agreement_id, addition_id, new_quantity FROM billing_changes
		WHERE partner_id = $1 AND result = $2
		ORDER BY changed_at, id`, partnerID, BillingResultOK)
	type pushed struct {
		ref AdditionRef
		q   float64
	}
	ps, err := collect(rows, err, func(r scanner) (pushed, error) {
		var p pushed
		return p, r.Scan(&p.ref.AgreementID, &p.ref.AdditionID, &p.q)
	})
	if err != nil {
		return nil, fmt.Errorf("reading pushed quantities of partner %d: %w", partnerID, err)
	}

	m := make(map[AdditionRef]float64, len(ps))
	for _, p := range ps {
		m[p.ref] = p.q // later rows win
	}
	return m, nil
}

// countRows reads (id, count) rows into a map.
func countRows(rows *sql.Rows, err error, format string,
	args ...any) (map[int64]int, error) {
	if err != nil {
		return nil, fmt.Errorf(format+": %w", append(args, err)...)
	}
	defer rows.Close()

	m := make(map[int64]int)
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf(format+": %w", append(args, err)...)
		}
		m[id] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf(format+": %w", append(args, err)...)
	}

	return m, nil
}
