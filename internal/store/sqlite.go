package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/psabridge/psabridge/internal/secret"
)

//go:embed migrations/sqlite/*.sql
var sqliteMigrations embed.FS

// Names of the files Open keeps in Config.DataDir.
const (
	// DBFileName is the SQLite database file.
	DBFileName = "psabridge.db"
	// KeyFileName is the key file used when no EncryptionKey is configured.
	KeyFileName = "secret.key"
)

// Config configures the SQLite store.
type Config struct {
	// DataDir holds the database and the key file. Required; created with
	// mode 0700 when missing.
	DataDir string
	// EncryptionKey is the base64 of 32 random bytes that seals secrets.
	// Secret: never print it. Default "": the key file DataDir/secret.key,
	// created on first run.
	EncryptionKey string
}

// Validate reports a configuration Open cannot use.
func (c Config) Validate() error {
	if c.DataDir == "" {
		return errors.New("data directory is required")
	}
	if strings.ContainsRune(c.DataDir, '?') {
		return fmt.Errorf("data directory %q contains '?', which SQLite cannot open", c.DataDir)
	}

	return nil
}

// SQLite is the Store on an embedded SQLite database.
type SQLite struct {
	*sqlStore
}

var _ Store = (*SQLite)(nil)

// Open opens, creating if needed, the SQLite store in cfg.DataDir and
// applies any pending migrations.
func Open(ctx context.Context, cfg Config) (*SQLite, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating data directory: %w", err)
	}
	keys, err := loadKeys(cfg)
	if err != nil {
		return nil, err
	}

	path := filepath.Join(cfg.DataDir, DBFileName)
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", sqliteDSN(path))
	if err != nil {
		return nil, fmt.Errorf("opening database: %w", err)
	}
	err = migrate(ctx, db, goose.DialectSQLite3, sqliteMigrations, "migrations/sqlite")
	if err != nil {
		db.Close()
		return nil, err
	}

	return &SQLite{&sqlStore{db: db, keys: keys, dialect: sqliteDialect}}, nil
}

// createPrivate creates the database file, when missing, readable by its
// owner only: it holds the partners' data (secrets are sealed besides).
// SQLite gives its -wal and -shm files the same mode.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("creating the database file: %w", err)
	}
	return f.Close()
}

// loadKeys returns the configured keyring, or the key file's.
func loadKeys(cfg Config) (*secret.Keyring, error) {
	if cfg.EncryptionKey != "" {
		return secret.KeyringFromBase64(cfg.EncryptionKey)
	}

	return secret.LoadOrCreateKeyFile(filepath.Join(cfg.DataDir, KeyFileName))
}

// sqliteDSN returns the data source name for the file: WAL so readers do not
// block the writer, a busy timeout so writers queue rather than fail, foreign
// keys enforced, deleted rows overwritten (disconnecting removes the sealed
// key from the file's pages), and write transactions that take the lock at
// BEGIN so two of them cannot deadlock upgrading a read lock.
func sqliteDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "secure_delete(1)")
	q.Set("_txlock", "immediate")
	q.Set("_time_format", "sqlite")

	return path + "?" + q.Encode()
}

// migrate applies the pending migrations in dir of fsys.
func migrate(ctx context.Context, db *sql.DB, d goose.Dialect, fsys fs.FS, dir string,
	opts ...goose.ProviderOption) error {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		return fmt.Errorf("reading migrations: %w", err)
	}
	opts = append(opts, goose.WithDisableGlobalRegistry(true))
	p, err := goose.NewProvider(d, db, sub, opts...)
	if err != nil {
		return fmt.Errorf("preparing migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrating database: %w", err)
	}

	return nil
}

// sqliteDialect recognises SQLite's constraint violations by their extended
// result codes.
var sqliteDialect = dialect{
	isUnique:     sqliteCode(sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY),
	isForeignKey: sqliteCode(sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY),
}

// sqliteCode returns a function reporting whether an error is a SQLite error
// with one of the extended result codes.
func sqliteCode(codes ...int) func(error) bool {
	return func(err error) bool {
		var e *sqlite.Error
		if !errors.As(err, &e) {
			return false
		}
		for _, c := range codes {
			if e.Code() == c {
				return true
			}
		}
		return false
	}
}

// String describes the configuration without the encryption key.
func (c Config) String() string {
	key := "key file"
	if c.EncryptionKey != "" {
		key = "configured (redacted)"
	}

	return fmt.Sprintf("store.Config{DataDir:%q EncryptionKey:%s}", c.DataDir, key)
}

// GoString describes the configuration without the encryption key.
func (c Config) GoString() string { return c.String() }
