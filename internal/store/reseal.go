package store

import (
	"context"
	"fmt"
)

// ResealResult counts what ResealSecrets did.
type ResealResult struct {
	// Secrets is how many sealed values the database holds.
	Secrets int `json:"secrets"`
	// Resealed is how many of them were re-sealed with the current key.
	Resealed int `json:"resealed"`
	// KeyID is the current key's id, which every value now carries.
	KeyID string `json:"key_id"`
}

// sealedConnection is one connection's sealed private key.
type sealedConnection struct {
	partnerID int64
	sealed    string
}

// ResealSecrets re-seals, with the keyring's current key, every secret
// sealed with an older key of the keyring: the last step of a key rotation.
// Each value is replaced only if nobody changed it meanwhile, so it runs
// beside serving processes; a value replaced by a reconnect is already
// sealed with a current key.
func (s *sqlStore) ResealSecrets(ctx context.Context) (ResealResult, error) {
	res := ResealResult{KeyID: s.keys.ID()}
	rows, err := s.sealedConnections(ctx)
	if err != nil {
		return res, err
	}
	res.Secrets = len(rows)

	for _, r := range rows {
		if s.keys.SealedWithCurrent(r.sealed) {
			continue
		}
		changed, err := s.resealConnection(ctx, r)
		if err != nil {
			return res, err
		}
		if changed {
			res.Resealed++
		}
	}

	return res, nil
}

// sealedConnections reads every connection's sealed private key.
func (s *sqlStore) sealedConnections(ctx context.Context) ([]sealedConnection, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT partner_id, private_key_sealed FROM connections ORDER BY partner_id`)
	if err != nil {
		return nil, fmt.Errorf("reading sealed connections: %w", err)
	}
	defer rows.Close()

	var out []sealedConnection
	for rows.Next() {
		var c sealedConnection
		if err := rows.Scan(&c.partnerID, &c.sealed); err != nil {
			return nil, fmt.Errorf("reading sealed connections: %w", err)
		}
		out = append(out, c)
	}

	return out, rows.Err()
}

// resealConnection opens one private key with whichever key sealed it and
// seals it with the current key, unless the row changed since it was read.
func (s *sqlStore) resealConnection(ctx context.Context, c sealedConnection) (bool, error) {
	ad := privateKeyAD(c.partnerID)
	plain, err := s.keys.Open(c.sealed, ad)
	if err != nil {
		return false, fmt.Errorf("opening private key of partner %d: %w", c.partnerID, err)
	}
	sealed, err := s.keys.Seal(plain, ad)
	if err != nil {
		return false, fmt.Errorf("sealing private key of partner %d: %w", c.partnerID, err)
	}

	res, err := s.db.ExecContext(ctx, `UPDATE connections SET private_key_sealed = $1
		WHERE partner_id = $2 AND private_key_sealed = $3`, sealed, c.partnerID, c.sealed)
	if err != nil {
		return false, fmt.Errorf("re-sealing private key of partner %d: %w", c.partnerID, err)
	}
	n, err := res.RowsAffected()

	return n == 1, err
}
