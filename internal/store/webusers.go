package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Members changes a partner's web users after they are created: their role,
// or removing them. Both backends implement it; it is apart from Users so
// that the components that only sign users in need not know it.
type Members interface {
	// SetWebUserRole gives one of the partner's users a role; ErrLastAdmin
	// when that would leave the partner without an administrator.
	SetWebUserRole(ctx context.Context, partnerID, id int64, role string) (WebUser, error)
	// DeleteWebUser removes one of the partner's users and signs them out
	// everywhere; ErrLastAdmin when they are its last administrator.
	DeleteWebUser(ctx context.Context, partnerID, id int64) error
}

var (
	_ Members = (*SQLite)(nil)
	_ Members = (*Postgres)(nil)
)

// ErrLastAdmin reports a change that would leave a partner without an
// administrator, so that nobody could manage its users any more.
var ErrLastAdmin = errors.New("the partner's last administrator")

// SetWebUserRole gives one of the partner's users a role; ErrLastAdmin when
// that would leave the partner without an administrator.
func (s *sqlStore) SetWebUserRole(ctx context.Context, partnerID, id int64, role string) (WebUser, error) {
	if role != RoleAdmin && role != RoleViewer {
		return WebUser{}, fmt.Errorf("web user %d: role %q: %w", id, role, ErrInvalid)
	}
	var u WebUser
	err := s.changeWebUser(ctx, partnerID, id, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE web_users SET role = $1 WHERE partner_id = $2 AND id = $3`,
			role, partnerID, id)
		if err != nil {
			return err
		}
		u, err = scanWebUser(tx.QueryRowContext(ctx, `SELECT `+webUserColumns+`
			FROM web_users u WHERE u.partner_id = $1 AND u.id = $2`, partnerID, id))
		return err
	})
	if err != nil {
		return WebUser{}, fmt.Errorf("changing the role of web user %d: %w", id, err)
	}

	return u, nil
}

// DeleteWebUser removes one of the partner's users and, with them, their
// sessions; ErrLastAdmin when they are the partner's last administrator.
func (s *sqlStore) DeleteWebUser(ctx context.Context, partnerID, id int64) error {
	err := s.changeWebUser(ctx, partnerID, id, func(tx *sql.Tx) error {
		// Sessions go explicitly too, not only by the foreign key's
		// cascade, so that a removed user is signed out on every engine.
		_, err := tx.ExecContext(ctx, `DELETE FROM web_sessions WHERE user_id = $1`, id)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM web_users WHERE partner_id = $1 AND id = $2`,
			partnerID, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("deleting web user %d: %w", id, err)
	}

	return nil
}

// changeWebUser runs change on one of the partner's users in a transaction
// that holds the partner's row, so that two administrators demoting each
// other at once cannot both succeed; it commits only when the partner
// still has an administrator afterwards.
func (s *sqlStore) changeWebUser(ctx context.Context, partnerID, id int64, change func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	// A write, not a read, takes the lock on both engines: a row lock on
	// PostgreSQL, the database's write lock on SQLite.
	if _, err := tx.ExecContext(ctx, `UPDATE partners SET name = name WHERE id = $1`, partnerID); err != nil {
		return err
	}
	var n int
	err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM web_users WHERE partner_id = $1 AND id = $2`,
		partnerID, id).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("web user %d of partner %d: %w", id, partnerID, ErrNotFound)
	}
	if err := change(tx); err != nil {
		return err
	}

	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM web_users WHERE partner_id = $1 AND role = $2`,
		partnerID, RoleAdmin).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return ErrLastAdmin
	}
	return tx.Commit()
}
