package store

import (
	"context"
	"fmt"
	"strings"
)

// CompanyQuery selects a page of platform companies.
type CompanyQuery struct {
	// Search matches a part of the name or the external id, ignoring case
	// (ASCII letters only on SQLite). Empty matches every company.
	Search string
	// ExternalID keeps the company with this external id only; "" keeps all.
	ExternalID string
	// Limit is the page's size; 0 means 50.
	Limit int
	// Offset skips that many matching companies.
	Offset int
}

// CompanyPage is a page of companies, by id, and the number of all that
// match.
type CompanyPage struct {
	Companies []CompanyRow
	Total     int
}

// CompanyRow is a platform company with its counts.
type CompanyRow struct {
	PlatformCompany
	// Users counts all its end users; Roster those active, billable and
	// not excluded.
	Users, Roster int
	// Pushed is the count the platform pushed for it, or -1 for none.
	Pushed int
}

// SearchCompanies returns one page of the partner's companies matching q,
// with their counts, and how many match in all. The counts are one grouped
// query over the page's companies, not over every end user.
func (s *sqlStore) SearchCompanies(ctx context.Context, partnerID int64,
	q CompanyQuery) (CompanyPage, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	where, args := companyFilter(partnerID, q)
	var page CompanyPage
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM platform_companies c WHERE `+where,
		args...).Scan(&page.Total)
	if err != nil {
		return page, fmt.Errorf("counting companies of partner %d: %w", partnerID, err)
	}

	n := len(args)
	rows, err := s.db.QueryContext(ctx, fmt.Sprintf(`SELECT c.id, c.partner_id, c.external_id,
		c.name, c.domains, COALESCE(pc.user_count, -1)
		FROM platform_companies c LEFT JOIN billing_pushed_counts pc
			ON pc.partner_id = c.partner_id AND pc.platform_company_id = c.id
		WHERE %s ORDER BY c.id LIMIT $%d OFFSET $%d`, where, n+1, n+2),
		append(args, q.Limit, max(q.Offset, 0))...)
	page.Companies, err = collect(rows, err, scanCompanyRow)
	if err != nil {
		return page, fmt.Errorf("searching companies of partner %d: %w", partnerID, err)
	}

	return page, s.countCompanyUsers(ctx, partnerID, page.Companies)
}

// companyFilter is the WHERE clause of q and its arguments.
func companyFilter(partnerID int64, q CompanyQuery) (string, []any) {
	where, args := []string{"c.partner_id = $1"}, []any{partnerID}
	if q.ExternalID != "" {
		args = append(args, q.ExternalID)
		where = append(where, fmt.Sprintf("c.external_id = $%d", len(args)))
	}
	if term := strings.ToLower(strings.TrimSpace(q.Search)); term != "" {
		args = append(args, "%"+likeEscaper.Replace(term)+"%")
		n := len(args)
		where = append(where, fmt.Sprintf(`(LOWER(c.name) LIKE $%d ESCAPE '\'
			OR LOWER(c.external_id) LIKE $%d ESCAPE '\')`, n, n))
	}

	return strings.Join(where, " AND "), args
}

func scanCompanyRow(r scanner) (CompanyRow, error) {
	var c CompanyRow
	var domains string
	err := r.Scan(&c.ID, &c.PartnerID, &c.ExternalID, &c.Name, &domains, &c.Pushed)
	if err != nil {
		return c, err
	}
	c.Domains, err = decodeDomains(c.ID, domains)

	return c, err
}

// countCompanyUsers fills in the Users and Roster counts of cs with one
// grouped query over their users.
func (s *sqlStore) countCompanyUsers(ctx context.Context, partnerID int64, cs []CompanyRow) error {
	if len(cs) == 0 {
		return nil
	}
	args, marks := []any{partnerID}, make([]string, len(cs))
	at := make(map[int64]*CompanyRow, len(cs))
	for i := range cs {
		args = append(args, cs[i].ID)
		marks[i] = fmt.Sprintf("$%d", i+2)
		at[cs[i].ID] = &cs[i]
	}

	rows, err := s.db.QueryContext(ctx, `SELECT u.company_id, COUNT(*),
		COALESCE(SUM(CASE WHEN u.active AND u.billable AND NOT EXISTS (
			SELECT 1 FROM billing_excluded_users x
			WHERE x.partner_id = u.partner_id AND x.email_key = u.email_key)
		THEN 1 ELSE 0 END), 0)
		FROM end_users u WHERE u.partner_id = $1 AND u.company_id IN (`+
		strings.Join(marks, ", ")+`) GROUP BY u.company_id`, args...)
	counts, err := collect(rows, err, func(r scanner) ([3]int64, error) {
		var c [3]int64
		return c, r.Scan(&c[0], &c[1], &c[2])
	})
	if err != nil {
		return fmt.Errorf("counting users of companies of partner %d: %w", partnerID, err)
	}
	for _, c := range counts {
		at[c[0]].Users, at[c[0]].Roster = int(c[1]), int(c[2])
	}

	return nil
}

// ExcludedWithoutUser returns the partner's excluded addresses that no end
// user has, sorted.
func (s *sqlStore) ExcludedWithoutUser(ctx context.Context, partnerID int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT x.email_key FROM billing_excluded_users x
		WHERE x.partner_id = $1 AND NOT EXISTS (SELECT 1 FROM end_users u
			WHERE u.partner_id = x.partner_id AND u.email_key = x.email_key)
		ORDER BY x.email_key`, partnerID)
	out, err := collect(rows, err, func(r scanner) (string, error) {
		var e string
		return e, r.Scan(&e)
	})
	if err != nil {
		return nil, fmt.Errorf("listing excluded addresses of partner %d: %w", partnerID, err)
	}

	return out, nil
}
