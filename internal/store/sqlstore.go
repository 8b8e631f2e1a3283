package store

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/psabridge/psabridge/internal/secret"
)

// sqlStore implements Store over database/sql with SQL that runs on every
// backend. A backend supplies the connection, the keyring and its dialect.
type sqlStore struct {
	db      *sql.DB
	keys    *secret.Keyring
	dialect dialect
}

// dialect holds what differs between database engines.
type dialect struct {
	// isUnique reports a unique or primary key violation.
	isUnique func(error) bool
	// isForeignKey reports a foreign key violation.
	isForeignKey func(error) bool
}

// DB returns the underlying database, for components that share it, such
// as the job queue.
func (s *sqlStore) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *sqlStore) Close() error { return s.db.Close() }

// now returns the current time as the databases keep it: UTC, to the
// microsecond (PostgreSQL's precision).
func now() time.Time { return normTime(time.Now()) }

// normTime returns t in UTC to the microsecond.
func normTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// orNow returns normTime(t), or now when t is zero.
func orNow(t time.Time) time.Time {
	if t.IsZero() {
		return now()
	}

	return normTime(t)
}

// nullID maps the id 0, meaning none, to NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}

	return id
}

// nullBytes maps nil to NULL and anything else, even empty, to a value.
func nullBytes(b []byte) any {
	if b == nil {
		return nil
	}

	return b
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface {
	Scan(dest ...any) error
}

// collect scans every row with scan and closes rows.
func collect[T any](rows *sql.Rows, err error, scan func(scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}

	return out, rows.Err()
}

// expectOne returns an ErrNotFound error, described by format and args, when
// res affected no row.
func expectOne(res sql.Result, format string, args ...any) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("counting affected rows: %w", err)
	}
	if n == 0 {
		return fmt.Errorf(format+": %w", append(args, ErrNotFound)...)
	}

	return nil
}
