package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// SchemaVersions returns the migration version db is at and the latest
// migration this binary carries, for a readiness check: a database behind
// the binary lacks tables or columns the code uses.
func SchemaVersions(ctx context.Context, db *sql.DB, engine string) (current, latest int64, err error) {
	d, fsys, dir := goose.DialectSQLite3, fs.FS(sqliteMigrations), "migrations/sqlite"
	if engine == EnginePostgres {
		d, fsys, dir = goose.DialectPostgres, postgresMigrations, "migrations/postgres"
	}
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		return 0, 0, fmt.Errorf("reading migrations: %w", err)
	}
	p, err := goose.NewProvider(d, db, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		return 0, 0, fmt.Errorf("preparing migrations: %w", err)
	}
	current, latest, err = p.GetVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("reading the schema version: %w", err)
	}
	return current, latest, nil
}
