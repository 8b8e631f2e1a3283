package store

import (
	"context"
	"database/sql"
	"fmt"
)

// AddBillingChange records a billing push; a zero At means now.
func (s *sqlStore) AddBillingChange(ctx context.Context, c BillingChange) error {
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO billing_changes (partner_id, platform_company_id, agreement_id, addition_id,
			old_quantity, new_quantity, result, actor, changed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		c.PartnerID, c.PlatformCompanyID, c.AgreementID, c.AdditionID,
		c.OldQuantity, c.NewQuantity, c.Result, c.Actor, orNow(c.At))
	if s.dialect.isForeignKey(err) {
		return fmt.Errorf("recording billing change: partner %d: %w", c.PartnerID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("recording billing change of partner %d: %w", c.PartnerID, err)
	}

	return nil
}

// BillingChanges returns the partner's billing history, newest first.
func (s *sqlStore) BillingChanges(ctx context.Context, partnerID int64) ([]BillingChange, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT id, partner_id, platform_company_id, agreement_id, addition_id,
			old_quantity, new_quantity, result, actor, changed_at
		FROM billing_changes WHERE partner_id = $1 ORDER BY changed_at DESC, id DESC`, partnerID)
	cs, err := collect(rows, err, func(r scanner) (BillingChange, error) {
		var c BillingChange
		err := r.Scan(&c.ID, &c.PartnerID, &c.PlatformCompanyID, &c.AgreementID, &c.AdditionID,
			&c.OldQuantity, &c.NewQuantity, &c.Result, &c.Actor, &c.At)
		c.At = c.At.UTC()
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing billing changes of partner %d: %w", partnerID, err)
	}

	return cs, nil
}

// Audit appends an entry to the audit log.
func (s *sqlStore) Audit(ctx context.Context, e AuditEntry) error {
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO audit_log (partner_id, actor, action, detail, created_at)
		VALUES ($1, $2, $3, $4, $5)`,
		nullID(e.PartnerID), e.Actor, e.Action, e.Detail, orNow(e.At))
	if s.dialect.isForeignKey(err) {
		return fmt.Errorf("auditing: partner %d: %w", e.PartnerID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("auditing %q: %w", e.Action, err)
	}

	return nil
}

// AuditLog returns the partner's audit entries, newest first; partner 0
// returns those about the installation as a whole.
func (s *sqlStore) AuditLog(ctx context.Context, partnerID int64) ([]AuditEntry, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT id, partner_id, actor, action, detail, created_at FROM audit_log
		WHERE partner_id = $1 OR ($1 = 0 AND partner_id IS NULL)
		ORDER BY created_at DESC, id DESC`, partnerID)
	es, err := collect(rows, err, func(r scanner) (AuditEntry, error) {
		var e AuditEntry
		var partner sql.NullInt64
		err := r.Scan(&e.ID, &partner, &e.Actor, &e.Action, &e.Detail, &e.At)
		e.PartnerID, e.At = partner.Int64, e.At.UTC()
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("reading audit log of partner %d: %w", partnerID, err)
	}

	return es, nil
}
