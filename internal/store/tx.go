package store

import (
	"context"
	"database/sql"
)

// Engines a store can run on, as Transactional.Engine names them.
const (
	EngineSQLite   = "sqlite"
	EnginePostgres = "postgres"
)

// Transactional is a Store whose report intake can join a caller's
// database transaction, so that a report and the job that handles it are
// committed together or not at all. Both backends implement it.
type Transactional interface {
	Store
	// DB returns the database the store writes to, for components that
	// share it, such as the job queue.
	DB() *sql.DB
	// Engine names the database engine: EngineSQLite or EnginePostgres.
	Engine() string
	// CreateReportTx is CreateReport inside tx; nothing is stored unless
	// the caller commits tx.
	CreateReportTx(ctx context.Context, tx *sql.Tx, r Report) (Report, bool, error)
	// UpdateReportTx is UpdateReport inside tx, so that a report recorded
	// as ticketed and the job that uploads its documents are committed
	// together or not at all.
	UpdateReportTx(ctx context.Context, tx *sql.Tx, id int64, status, reason string, ticketID int,
		analysis []byte) error
}

var (
	_ Transactional = (*SQLite)(nil)
	_ Transactional = (*Postgres)(nil)
)

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Engine names SQLite.
func (s *SQLite) Engine() string { return EngineSQLite }

// Engine names PostgreSQL.
func (p *Postgres) Engine() string { return EnginePostgres }
