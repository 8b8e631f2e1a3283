package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// DeletedCompany is a platform company DeletePlatformCompanies removed and
// how many end users went with it.
type DeletedCompany struct {
	PlatformCompany
	Users int
}

// DeletePlatformCompanies deletes the partner's companies with the external
// ids in one transaction, with what only makes sense for a company that
// exists: its end users, its mapping and its pushed count. Reports keep
// their history with no company, billing changes stay as they are (they
// keep the company's id without a reference), and excluded addresses stay,
// as they name addresses, not companies. Every deleted company is audited
// as actor in the same transaction. When any id is unknown nothing is
// deleted and the error, wrapping ErrNotFound, names the unknown ids.
func (s *sqlStore) DeletePlatformCompanies(ctx context.Context, partnerID int64,
	externalIDs []string, actor string) ([]DeletedCompany, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("deleting companies: %w", err)
	}
	defer tx.Rollback()

	cs, err := companiesByExternalID(ctx, tx, partnerID, externalIDs)
	if err != nil {
		return nil, err
	}
	out := make([]DeletedCompany, 0, len(cs))
	for _, c := range cs {
		d, err := deleteCompany(ctx, tx, c, actor)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("deleting companies: %w", err)
	}

	return out, nil
}

// companiesByExternalID reads the partner's companies with the ids, once
// each, or fails naming the ids the partner has no company for.
func companiesByExternalID(ctx context.Context, tx *sql.Tx, partnerID int64,
	externalIDs []string) ([]PlatformCompany, error) {
	var cs []PlatformCompany
	var unknown []string
	seen := map[string]bool{}
	for _, ext := range externalIDs {
		if seen[ext] {
			continue
		}
		seen[ext] = true
		c, err := scanPlatformCompany(tx.QueryRowContext(ctx, `
			SELECT id, partner_id, external_id, name, domains FROM platform_companies
			WHERE partner_id = $1 AND external_id = $2`, partnerID, ext))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			unknown = append(unknown, fmt.Sprintf("%q", ext))
		case err != nil:
			return nil, fmt.Errorf("reading company %q: %w", ext, err)
		default:
			cs = append(cs, c)
		}
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("no company %s: %w", strings.Join(unknown, ", "), ErrNotFound)
	}

	return cs, nil
}

// deleteCompany deletes c and its users, clears it from its reports and
// audits it, inside tx. The mapping and pushed count go by ON DELETE
// CASCADE.
func deleteCompany(ctx context.Context, tx *sql.Tx, c PlatformCompany,
	actor string) (DeletedCompany, error) {
	d := DeletedCompany{PlatformCompany: c}
	_, err := tx.ExecContext(ctx, `UPDATE reports SET platform_company_id = NULL
		WHERE partner_id = $1 AND platform_company_id = $2`, c.PartnerID, c.ID)
	if err != nil {
		return d, fmt.Errorf("clearing company %q from its reports: %w", c.ExternalID, err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM end_users
		WHERE partner_id = $1 AND company_id = $2`, c.PartnerID, c.ID)
	if err != nil {
		return d, fmt.Errorf("deleting the users of company %q: %w", c.ExternalID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return d, fmt.Errorf("counting the users of company %q: %w", c.ExternalID, err)
	}
	d.Users = int(n)

	_, err = tx.ExecContext(ctx, `DELETE FROM platform_companies
		WHERE partner_id = $1 AND id = $2`, c.PartnerID, c.ID)
	if err != nil {
		return d, fmt.Errorf("deleting company %q: %w", c.ExternalID, err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (partner_id, actor, action, detail,
		created_at) VALUES ($1, $2, $3, $4, $5)`, c.PartnerID, actor, "companies.delete",
		fmt.Sprintf("company %q (%s) and its %d users", c.ExternalID, c.Name, d.Users), now())
	if err != nil {
		return d, fmt.Errorf("auditing the deletion of company %q: %w", c.ExternalID, err)
	}

	return d, nil
}
