package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/psabridge/psabridge/internal/secret"
)

//go:embed migrations/postgres/*.sql
var postgresMigrations embed.FS

// PostgresConfig configures the PostgreSQL store.
type PostgresConfig struct {
	// URL is the database's postgres:// URL. Required. Secret when it holds
	// a password: never print it (String redacts it).
	URL string
	// EncryptionKey is the base64 of 32 random bytes that seals secrets.
	// Secret: never print it. Default "": the key file KeyDir/secret.key.
	EncryptionKey string
	// KeyDir holds the key file when no EncryptionKey is configured; every
	// process sharing the database needs the same key. Default "": an
	// EncryptionKey is then required.
	KeyDir string
	// MaxOpenConns bounds the connection pool. Default 0: 20.
	MaxOpenConns int
}

// Validate reports a configuration OpenPostgres cannot use.
func (c PostgresConfig) Validate() error {
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return errors.New("database URL: want postgres://user@host:port/database")
	}
	if c.EncryptionKey == "" && c.KeyDir == "" {
		return errors.New("PostgreSQL needs an encryption key or a key folder")
	}

	return nil
}

// String describes the configuration without the password or the key.
func (c PostgresConfig) String() string {
	redacted := "(unparsable)"
	if u, err := url.Parse(c.URL); err == nil {
		redacted = u.Redacted()
	}
	key := "key file in " + c.KeyDir
	if c.EncryptionKey != "" {
		key = "configured (redacted)"
	}

	return fmt.Sprintf("store.PostgresConfig{URL:%q EncryptionKey:%s}", redacted, key)
}

// GoString describes the configuration without the password or the key.
func (c PostgresConfig) GoString() string { return c.String() }

// Postgres is the Store on a PostgreSQL database, which several psabridge
// processes can share.
type Postgres struct {
	*sqlStore
}

var _ Store = (*Postgres)(nil)

// OpenPostgres connects to the database in cfg.URL and applies any pending
// migrations. Goose takes an advisory lock, so processes starting together
// migrate once.
func OpenPostgres(ctx context.Context, cfg PostgresConfig) (*Postgres, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	keys, err := postgresKeys(cfg)
	if err != nil {
		return nil, err
	}

	db, err := sql.Open("pgx", cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("opening database: %w", err)
	}
	db.SetMaxOpenConns(cmpOr(cfg.MaxOpenConns, 20))
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connecting to PostgreSQL: %w", err)
	}
	err = migrate(ctx, db, goose.DialectPostgres, postgresMigrations, "migrations/postgres",
		goose.WithSessionLocker(postgresLocker()))
	if err != nil {
		db.Close()
		return nil, err
	}

	return &Postgres{&sqlStore{db: db, keys: keys, dialect: postgresDialect}}, nil
}

// postgresKeys returns the configured keyring, or the key file's.
func postgresKeys(cfg PostgresConfig) (*secret.Keyring, error) {
	if cfg.EncryptionKey != "" {
		return secret.KeyringFromBase64(cfg.EncryptionKey)
	}
	if err := os.MkdirAll(cfg.KeyDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating key folder: %w", err)
	}

	return secret.LoadOrCreateKeyFile(filepath.Join(cfg.KeyDir, KeyFileName))
}

// cmpOr returns v, or def when v is zero.
func cmpOr(v, def int) int {
	if v == 0 {
		return def
	}

	return v
}

// postgresDialect recognises PostgreSQL's constraint violations by their
// SQLSTATE codes.
var postgresDialect = dialect{
	isUnique:     pgCode("23505"),
	isForeignKey: pgCode("23503"),
}

// pgCode returns a function reporting whether an error is a PostgreSQL
// error with the SQLSTATE code.
func pgCode(code string) func(error) bool {
	return func(err error) bool {
		var e *pgconn.PgError
		return errors.As(err, &e) && e.Code == code
	}
}

// postgresLocker returns goose's advisory-lock locker, so that processes
// starting together on one database migrate it once.
func postgresLocker() lock.SessionLocker {
	l, err := lock.NewPostgresSessionLocker()
	if err != nil {
		panic(fmt.Sprintf("goose's PostgreSQL locker with default options: %v", err)) // cannot happen
	}

	return l
}
