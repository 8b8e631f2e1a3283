package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// CreateAPIToken stores a token's hash and returns it with its id.
func (s *sqlStore) CreateAPIToken(ctx context.Context, t APIToken) (APIToken, error) {
	if t.Hash == "" || (t.Role != RoleAdmin && t.Role != RoleViewer) {
		return APIToken{}, fmt.Errorf("API token %q: hash and role: %w", t.Name, ErrInvalid)
	}
	t.CreatedAt = orNow(t.CreatedAt)

	err := s.db.QueryRowContext(ctx, `
		INSERT INTO api_tokens (partner_id, name, token_hash, role, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		t.PartnerID, t.Name, t.Hash, t.Role, t.CreatedAt).Scan(&t.ID)
	switch {
	case s.dialect.isForeignKey(err):
		return APIToken{}, fmt.Errorf("creating an API token: partner %d: %w", t.PartnerID, ErrNotFound)
	case s.dialect.isUnique(err):
		return APIToken{}, fmt.Errorf("creating an API token: %w", ErrExists)
	case err != nil:
		return APIToken{}, fmt.Errorf("creating an API token: %w", err)
	}

	return t, nil
}

const apiTokenColumns = `id, partner_id, name, token_hash, role, created_at, last_used_at`

func scanAPIToken(r scanner) (APIToken, error) {
	var t APIToken
	var used sql.NullTime
	err := r.Scan(&t.ID, &t.PartnerID, &t.Name, &t.Hash, &t.Role, &t.CreatedAt, &used)
	t.CreatedAt = t.CreatedAt.UTC()
	if used.Valid {
		t.LastUsedAt = used.Time.UTC()
	}
	return t, err
}

// APITokenByHash returns the token with the hash.
func (s *sqlStore) APITokenByHash(ctx context.Context, hash string) (APIToken, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+apiTokenColumns+` FROM api_tokens
		WHERE token_hash = $1`, hash)
	t, err := scanAPIToken(row)
	if errors.Is(err, sql.ErrNoRows) {
		return APIToken{}, fmt.Errorf("API token: %w", ErrNotFound)
	}
	if err != nil {
		return APIToken{}, fmt.Errorf("reading an API token: %w", err)
	}

	return t, nil
}

// APITokens returns the partner's tokens by id.
func (s *sqlStore) APITokens(ctx context.Context, partnerID int64) ([]APIToken, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+apiTokenColumns+` FROM api_tokens
		WHERE partner_id = $1 ORDER BY id`, partnerID)
	ts, err := collect(rows, err, scanAPIToken)
	if err != nil {
		return nil, fmt.Errorf("listing API tokens of partner %d: %w", partnerID, err)
	}

	return ts, nil
}

// DeleteAPIToken revokes one of the partner's tokens.
func (s *sqlStore) DeleteAPIToken(ctx context.Context, partnerID, id int64) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM api_tokens WHERE partner_id = $1 AND id = $2`,
		partnerID, id)
	if err != nil {
		return fmt.Errorf("deleting API token %d: %w", id, err)
	}

	return expectOne(res, "API token %d of partner %d", id, partnerID)
}

// MarkAPITokenUsed records when the token last authenticated.
func (s *sqlStore) MarkAPITokenUsed(ctx context.Context, id int64, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`,
		orNow(at), id)
	if err != nil {
		return fmt.Errorf("recording the use of API token %d: %w", id, err)
	}

	return expectOne(res, "API token %d", id)
}
