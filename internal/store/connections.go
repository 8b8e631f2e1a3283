package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// privateKeyAD binds a sealed private key to its partner's row.
func privateKeyAD(partnerID int64) string {
	return fmt.Sprintf("partner:%d:cw_private_key", partnerID)
}

// SaveConnection creates or replaces the partner's connection. The private
// key is sealed, bound to the partner id, before it is written.
func (s *sqlStore) SaveConnection(ctx context.Context, c Connection) error {
	sealed, err := s.keys.Seal([]byte(c.PrivateKey), privateKeyAD(c.PartnerID))
	if err != nil {
		return fmt.Errorf("sealing private key of partner %d: %w", c.PartnerID, err)
	}

	_, err = s.db.ExecContext(ctx, `
		INSERT INTO connections (partner_id, company_id, login_url, api_base_url, codebase,
			public_key, private_key_sealed, client_id, connected_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (partner_id) DO UPDATE SET
			company_id = excluded.company_id, login_url = excluded.login_url,
			api_base_url = excluded.api_base_url, codebase = excluded.codebase,
			public_key = excluded.public_key, private_key_sealed = excluded.private_key_sealed,
			client_id = excluded.client_id, connected_at = excluded.connected_at`,
		c.PartnerID, c.CompanyID, c.LoginURL, c.APIBaseURL, c.Codebase,
		c.PublicKey, sealed, c.ClientID, orNow(c.ConnectedAt))
	if s.dialect.isForeignKey(err) {
		return fmt.Errorf("saving connection: partner %d: %w", c.PartnerID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("saving connection of partner %d: %w", c.PartnerID, err)
	}

	return nil
}

// Connection returns the partner's connection with its private key opened.
func (s *sqlStore) Connection(ctx context.Context, partnerID int64) (Connection, error) {
	c := Connection{PartnerID: partnerID}
	var sealed string
	err := s.db.QueryRowContext(ctx, `
		SELECT company_id, login_url, api_base_url, codebase, public_key,
			private_key_sealed, client_id, connected_at
		FROM connections WHERE partner_id = $1`, partnerID).Scan(
		&c.CompanyID, &c.LoginURL, &c.APIBaseURL, &c.Codebase, &c.PublicKey,
		&sealed, &c.ClientID, &c.ConnectedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Connection{}, fmt.Errorf("connection of partner %d: %w", partnerID, ErrNotFound)
	}
	if err != nil {
		return Connection{}, fmt.Errorf("reading connection of partner %d: %w", partnerID, err)
	}

	key, err := s.keys.Open(sealed, privateKeyAD(partnerID))
	if err != nil {
		return Connection{}, fmt.Errorf("opening private key of partner %d: %w", partnerID, err)
	}
	c.PrivateKey = string(key)
	c.ConnectedAt = c.ConnectedAt.UTC()

	return c, nil
}

// DeleteConnection deletes the partner's credentials; mappings, reports and
// history stay.
func (s *sqlStore) DeleteConnection(ctx context.Context, partnerID int64) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM connections WHERE partner_id = $1`, partnerID)
	if err != nil {
		return fmt.Errorf("deleting connection of partner %d: %w", partnerID, err)
	}

	return nil
}
