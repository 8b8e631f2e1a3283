package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Roles of web users and API tokens.
const (
	// RoleAdmin may read and change everything of its partner.
	RoleAdmin = "admin"
	// RoleViewer may only read.
	RoleViewer = "viewer"
)

// WebUser is a person of a partner who signs in to the web UI. Its e-mail
// address is unique across the installation: it names the partner at
// sign-in.
type WebUser struct {
	ID        int64
	PartnerID int64
	Email     string
	// PasswordHash is an argon2id hash in PHC form; never the password.
	PasswordHash string
	Role         string // RoleAdmin or RoleViewer
	CreatedAt    time.Time
}

// WebSession is a signed-in browser. Only a hash of the cookie's value is
// stored.
type WebSession struct {
	IDHash    string
	UserID    int64
	CSRFToken string
	ExpiresAt time.Time
}

// APIToken is a partner's token for the JSON API. Only a hash of the token
// is stored; the token itself is shown once when created.
type APIToken struct {
	ID        int64
	PartnerID int64
	Name      string
	Hash      string
	Role      string // RoleAdmin or RoleViewer
	CreatedAt time.Time
	// LastUsedAt is when the token last authenticated, as recorded by
	// MarkAPITokenUsed; zero when it never has.
	LastUsedAt time.Time
}

// Users is the storage of web users, sessions and API tokens. Both
// backends implement it; it is apart from Store so that the components
// that do not serve the web need not know it.
type Users interface {
	// CreateWebUser creates a user; ErrExists when the address is taken.
	CreateWebUser(ctx context.Context, u WebUser) (WebUser, error)
	// WebUserByEmail returns the user with the address, compared
	// case-insensitively.
	WebUserByEmail(ctx context.Context, email string) (WebUser, error)
	// WebUsers returns the partner's users by id.
	WebUsers(ctx context.Context, partnerID int64) ([]WebUser, error)
	// CreateSession stores a session.
	CreateSession(ctx context.Context, s WebSession) error
	// Session returns an unexpired session and its user.
	Session(ctx context.Context, idHash string) (WebSession, WebUser, error)
	// DeleteSession signs a session out; deleting twice is not an error.
	DeleteSession(ctx context.Context, idHash string) error
	// CreateAPIToken stores a token's hash and returns it with its id.
	CreateAPIToken(ctx context.Context, t APIToken) (APIToken, error)
	// APITokenByHash returns the token with the hash.
	APITokenByHash(ctx context.Context, hash string) (APIToken, error)
	// APITokens returns the partner's tokens by id.
	APITokens(ctx context.Context, partnerID int64) ([]APIToken, error)
	// DeleteAPIToken revokes one of the partner's tokens.
	DeleteAPIToken(ctx context.Context, partnerID, id int64) error
	// MarkAPITokenUsed records that the token authenticated at the time;
	// ErrNotFound when no token has the id. Callers decide how often to
	// call it: it writes every time.
	MarkAPITokenUsed(ctx context.Context, id int64, at time.Time) error
}

var (
	_ Users = (*SQLite)(nil)
	_ Users = (*Postgres)(nil)
)

// CreateWebUser creates a user; ErrExists when the address is taken.
func (s *sqlStore) CreateWebUser(ctx context.Context, u WebUser) (WebUser, error) {
	if emailKey(u.Email) == "" || u.PasswordHash == "" || (u.Role != RoleAdmin && u.Role != RoleViewer) {
		return WebUser{}, fmt.Errorf("web user %q: address, password and role: %w", u.Email, ErrInvalid)
	}
	u.CreatedAt = orNow(u.CreatedAt)

	err := s.db.QueryRowContext(ctx, `
		INSERT INTO web_users (partner_id, email, email_key, password_hash, role, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		u.PartnerID, u.Email, emailKey(u.Email), u.PasswordHash, u.Role, u.CreatedAt).Scan(&u.ID)
	switch {
	case s.dialect.isUnique(err):
		return WebUser{}, fmt.Errorf("creating web user %q: %w", u.Email, ErrExists)
	case s.dialect.isForeignKey(err):
		return WebUser{}, fmt.Errorf("creating web user: partner %d: %w", u.PartnerID, ErrNotFound)
	case err != nil:
		return WebUser{}, fmt.Errorf("creating web user %q: %w", u.Email, err)
	}

	return u, nil
}

const webUserColumns = `u.id, u.partner_id, u.email, u.password_hash, u.role, u.created_at`

func scanWebUser(r scanner) (WebUser, error) {
	var u WebUser
	err := r.Scan(&u.ID, &u.PartnerID, &u.Email, &u.PasswordHash, &u.Role, &u.CreatedAt)
	u.CreatedAt = u.CreatedAt.UTC()
	return u, err
}

// WebUserByEmail returns the user with the address.
func (s *sqlStore) WebUserByEmail(ctx context.Context, email string) (WebUser, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+webUserColumns+`
		FROM web_users u WHERE u.email_key = $1`, emailKey(email))
	u, err := scanWebUser(row)
	if errors.Is(err, sql.ErrNoRows) {
		return WebUser{}, fmt.Errorf("web user %q: %w", email, ErrNotFound)
	}
	if err != nil {
		return WebUser{}, fmt.Errorf("reading web user %q: %w", email, err)
	}

	return u, nil
}

// WebUsers returns the partner's users by id.
func (s *sqlStore) WebUsers(ctx context.Context, partnerID int64) ([]WebUser, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+webUserColumns+`
		FROM web_users u WHERE u.partner_id = $1 ORDER BY u.id`, partnerID)
	us, err := collect(rows, err, scanWebUser)
	if err != nil {
		return nil, fmt.Errorf("listing web users of partner %d: %w", partnerID, err)
	}

	return us, nil
}

// CreateSession stores a session.
func (s *sqlStore) CreateSession(ctx context.Context, ws WebSession) error {
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO web_sessions (id_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, $4)`,
		ws.IDHash, ws.UserID, ws.CSRFToken, normTime(ws.ExpiresAt))
	if s.dialect.isForeignKey(err) {
		return fmt.Errorf("creating a session: user %d: %w", ws.UserID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("creating a session: %w", err)
	}

	return nil
}

// Session returns an unexpired session and its user.
func (s *sqlStore) Session(ctx context.Context, idHash string) (WebSession, WebUser, error) {
	row := s.db.QueryRowContext(ctx, `SELECT s.id_hash, s.user_id, s.csrf_token, s.expires_at, `+
		webUserColumns+` FROM web_sessions s JOIN web_users u ON u.id = s.user_id
		WHERE s.id_hash = $1 AND s.expires_at > $2`, idHash, now())
	var ws WebSession
	var u WebUser
	err := row.Scan(&ws.IDHash, &ws.UserID, &ws.CSRFToken, &ws.ExpiresAt,
		&u.ID, &u.PartnerID, &u.Email, &u.PasswordHash, &u.Role, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return WebSession{}, WebUser{}, fmt.Errorf("session: %w", ErrNotFound)
	}
	if err != nil {
		return WebSession{}, WebUser{}, fmt.Errorf("reading a session: %w", err)
	}
	ws.ExpiresAt, u.CreatedAt = ws.ExpiresAt.UTC(), u.CreatedAt.UTC()

	return ws, u, nil
}

// DeleteSession signs a session out.
func (s *sqlStore) DeleteSession(ctx context.Context, idHash string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM web_sessions WHERE id_hash = $1`, idHash); err != nil {
		return fmt.Errorf("deleting a session: %w", err)
	}

	return nil
}
