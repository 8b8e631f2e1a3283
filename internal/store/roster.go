package store

import (
	"context"
	"fmt"
	"strings"
)

// Roster is what a page of a partner's end users and a company import
// need: a searched, paged list, and many companies saved at once. Both
// backends implement it.
type Roster interface {
	// SearchEndUsers returns one page of the partner's users matching q,
	// by address, and how many match in all.
	SearchEndUsers(ctx context.Context, partnerID int64, q EndUserQuery) (EndUserPage, error)
	// ImportCompanies creates or updates the companies and their pushed
	// counts in one transaction: all of them or, on an error, none.
	ImportCompanies(ctx context.Context, partnerID int64, cs []CompanyImport) error
	// SearchCompanies returns one page of the partner's companies matching
	// q, by id, with their user counts, and how many match in all.
	SearchCompanies(ctx context.Context, partnerID int64, q CompanyQuery) (CompanyPage, error)
	// ExcludedWithoutUser returns the partner's excluded addresses that no
	// end user has, sorted.
	ExcludedWithoutUser(ctx context.Context, partnerID int64) ([]string, error)
}

var (
	_ Roster = (*SQLite)(nil)
	_ Roster = (*Postgres)(nil)
)

// EndUserQuery selects a page of end users.
type EndUserQuery struct {
	// Search matches a part of the address or the name, ignoring case
	// (ASCII letters only on SQLite). Empty matches everyone.
	Search string
	// CompanyID keeps the users of one platform company; 0 keeps all.
	CompanyID int64
	// Limit is the page's size; 0 means 50.
	Limit int
	// Offset skips that many matching users.
	Offset int
}

// EndUserPage is a page of end users and the number of all that match.
type EndUserPage struct {
	Users []EndUserRow
	Total int
}

// EndUserRow is an end user with whether billing leaves them out and
// the name of their company ("" for none).
type EndUserRow struct {
	EndUser
	Excluded    bool
	CompanyName string
}

// CompanyImport is one company of an import and its pushed count.
type CompanyImport struct {
	Company PlatformCompany
	// Count replaces the company's roster count in billing; negative
	// removes a count pushed before.
	Count int
}

// SearchEndUsers returns one page of the partner's users matching q.
func (s *sqlStore) SearchEndUsers(ctx context.Context, partnerID int64,
	q EndUserQuery) (EndUserPage, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	where, args := endUserFilter(partnerID, q)
	var page EndUserPage
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM end_users u WHERE `+where, args...).
		Scan(&page.Total)
	if err != nil {
		return page, fmt.Errorf("counting end users of partner %d: %w", partnerID, err)
	}

	n := len(args)
	rows, err := s.db.QueryContext(ctx, fmt.Sprintf(`SELECT u.id, u.partner_id, u.company_id,
		u.email, u.name, u.active, u.billable, EXISTS (SELECT 1 FROM billing_excluded_users x
			WHERE x.partner_id = u.partner_id AND x.email_key = u.email_key),
		COALESCE((SELECT c.name FROM platform_companies c
			WHERE c.partner_id = u.partner_id AND c.id = u.company_id), '')
		FROM end_users u WHERE %s ORDER BY u.email_key, u.id LIMIT $%d OFFSET $%d`, where, n+1, n+2),
		append(args, q.Limit, max(q.Offset, 0))...)
	page.Users, err = collect(rows, err, scanEndUserRow)
	if err != nil {
		return page, fmt.Errorf("searching end users of partner %d: %w", partnerID, err)
	}

	return page, nil
}

// endUserFilter is the WHERE clause of q and its arguments.
func endUserFilter(partnerID int64, q EndUserQuery) (string, []any) {
	where, args := []string{"u.partner_id = $1"}, []any{partnerID}
	if q.CompanyID != 0 {
		args = append(args, q.CompanyID)
		where = append(where, fmt.Sprintf("u.company_id = $%d", len(args)))
	}
	if term := strings.ToLower(strings.TrimSpace(q.Search)); term != "" {
		args = append(args, "%"+likeEscaper.Replace(term)+"%")
		n := len(args)
		where = append(where, fmt.Sprintf(`(u.email_key LIKE $%d ESCAPE '\' OR LOWER(u.name) LIKE $%d ESCAPE '\')`, n, n))
	}

	return strings.Join(where, " AND "), args
}

// likeEscaper makes a search term's %, _ and \ match themselves in LIKE.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func scanEndUserRow(r scanner) (EndUserRow, error) {
	var u EndUserRow
	var company *int64
	err := r.Scan(&u.ID, &u.PartnerID, &company, &u.Email, &u.Name, &u.Active, &u.Billable,
		&u.Excluded, &u.CompanyName)
	if company != nil {
		u.CompanyID = *company
	}

	return u, err
}

// ImportCompanies saves the companies and their counts in one transaction.
func (s *sqlStore) ImportCompanies(ctx context.Context, partnerID int64, cs []CompanyImport) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("importing companies: %w", err)
	}
	defer tx.Rollback()

	for _, ci := range cs {
		ci.Company.PartnerID = partnerID
		c, err := s.upsertPlatformCompany(ctx, tx, ci.Company)
		if err != nil {
			return err
		}
		if err := s.setPushedCount(ctx, tx, partnerID, c.ID, ci.Count); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("importing companies: %w", err)
	}

	return nil
}
