package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/riverqueue/river/rivertype"

	"github.com/psabridge/psabridge/internal/store"
)

// Queue is the durable job queue in the store's database.
type Queue struct {
	client *river.Client[*sql.Tx]
	db     *sql.DB
	engine string
	cfg    Config
	queues []string // the queues this process works; none: it only enqueues
}

// Open prepares the queue on db, whose engine is store.EngineSQLite or
// store.EnginePostgres: it applies River's migrations and registers the
// handlers that are set. Start runs the workers.
func Open(ctx context.Context, db *sql.DB, engine string, h Handlers, cfg Config) (*Queue, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	driver, err := driverFor(db, engine)
	if err != nil {
		return nil, err
	}
	if err := migrateRiver(ctx, db, engine, driver, cfg); err != nil {
		return nil, err
	}

	rc := clientConfig(h, cfg)
	client, err := river.NewClient(driver, rc)
	if err != nil {
		return nil, fmt.Errorf("starting the job queue: %w", err)
	}
	q := &Queue{client: client, db: db, engine: engine, cfg: cfg}
	for name := range rc.Queues {
		q.queues = append(q.queues, name)
	}

	return q, nil
}

// driverFor returns River's driver for the engine.
func driverFor(db *sql.DB, engine string) (riverdriver.Driver[*sql.Tx], error) {
	switch engine {
	case store.EngineSQLite:
		return riversqlite.New(db), nil
	case store.EnginePostgres:
		return riverdatabasesql.New(db), nil
	}

	return nil, fmt.Errorf("jobs: unknown database engine %q", engine)
}

// riverMigrationLock is the PostgreSQL advisory lock key that serialises
// River's migrations between processes starting together.
const riverMigrationLock = 0x70736162726976 // "psabriv"

// migrateRiver applies River's pending migrations, one process at a time
// on PostgreSQL.
func migrateRiver(ctx context.Context, db *sql.DB, engine string,
	driver riverdriver.Driver[*sql.Tx], cfg Config) error {
	if engine == store.EnginePostgres {
		unlock, err := advisoryLock(ctx, db, riverMigrationLock)
		if err != nil {
			return err
		}
		defer unlock()
	}

	m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: cfg.Logger})
	if err != nil {
		return fmt.Errorf("preparing job queue migrations: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("migrating the job queue: %w", err)
	}

	return nil
}

// advisoryLock takes a PostgreSQL session lock on a connection of its own
// and returns the function that releases it.
func advisoryLock(ctx context.Context, db *sql.DB, key int64) (func(), error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("locking job queue migrations: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", key); err != nil {
		conn.Close()
		return nil, fmt.Errorf("locking job queue migrations: %w", err)
	}

	return func() {
		_, _ = conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", key)
		conn.Close()
	}, nil
}

// Start runs the workers and, on the elected leader, the periodic jobs,
// until Stop. On SQLite, whose file one process owns, jobs left running by
// a process that died are taken over first.
func (q *Queue) Start(ctx context.Context) error {
	if len(q.queues) == 0 {
		return nil // nothing to work here: this process only enqueues
	}
	if q.engine == store.EngineSQLite {
		if err := q.resumeOrphans(ctx); err != nil {
			return err
		}
	}
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("starting job workers: %w", err)
	}

	return nil
}

// resumeOrphans makes the jobs a dead process left running available
// again. Only for SQLite: there no other process can be running them.
//
// TODO: nothing stops two processes from working one SQLite file (say serve
// and demo on one data folder); the second would take over the first's
// running jobs. The look-up before create keeps that to duplicate work, not
// duplicate tickets; a lock file in the data folder would rule it out.
// Only the queues this process works are taken over.
func (q *Queue) resumeOrphans(ctx context.Context) error {
	for _, name := range q.queues {
		_, err := q.db.ExecContext(ctx, `UPDATE river_job SET state = 'available', scheduled_at = $1
			WHERE state = 'running' AND queue = $2`, time.Now().UTC(), name)
		if err != nil {
			return fmt.Errorf("resuming interrupted jobs: %w", err)
		}
	}

	return nil
}

// Stop lets running jobs finish, up to ctx's deadline, then stops.
func (q *Queue) Stop(ctx context.Context) error {
	if len(q.queues) == 0 {
		return nil
	}
	err := q.client.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return q.client.StopAndCancel(context.Background())
	}

	return err
}

// EnqueueReportTx enqueues the job of a report inside tx, the transaction
// that stores the report: both are committed, or neither.
func (q *Queue) EnqueueReportTx(ctx context.Context, tx *sql.Tx, partnerID, reportID int64) error {
	_, err := q.client.InsertTx(ctx, tx, ReportArgs{PartnerID: partnerID, ReportID: reportID},
		reportInsertOpts())
	if err != nil {
		return fmt.Errorf("enqueueing report %d: %w", reportID, err)
	}

	return nil
}

// EnqueueReport enqueues the job of a stored report that has none pending,
// such as one received before jobs existed; a report with a pending job is
// not enqueued twice.
func (q *Queue) EnqueueReport(ctx context.Context, partnerID, reportID int64) error {
	_, err := q.client.Insert(ctx, ReportArgs{PartnerID: partnerID, ReportID: reportID},
		reportInsertOpts())
	if err != nil {
		return fmt.Errorf("enqueueing report %d: %w", reportID, err)
	}

	return nil
}

// reportInsertOpts makes a report's job unique among the pending ones.
func reportInsertOpts() *river.InsertOpts {
	return &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true, ByState: pendingStates}}
}

// pendingStates are the states of a job not yet finished.
var pendingStates = []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
	rivertype.JobStateRunning, rivertype.JobStateScheduled,
}

// EnqueueDocumentsTx enqueues the upload of a ticketed report's documents
// inside tx, the transaction that records the report as ticketed; a report
// with its upload pending is not enqueued twice. fresh says the report's
// job created the ticket (see DocumentsArgs.Fresh).
func (q *Queue) EnqueueDocumentsTx(ctx context.Context, tx *sql.Tx, partnerID, reportID int64,
	ticketID int, fresh bool) error {
	a := DocumentsArgs{PartnerID: partnerID, ReportID: reportID, TicketID: ticketID, Fresh: fresh}
	_, err := q.client.InsertTx(ctx, tx, a, &river.InsertOpts{UniqueOpts: river.UniqueOpts{
		ByArgs: true, ByState: pendingStates}})
	if err != nil {
		return fmt.Errorf("enqueueing the documents of report %d: %w", a.ReportID, err)
	}

	return nil
}

// EnqueueBillingPush enqueues a push of the partner's billing and returns
// its job id. When one is already pending for the partner, that one's id
// comes back and joined is true: it will push the counts as they are when
// it runs, and one waiting to retry is made to run now.
func (q *Queue) EnqueueBillingPush(ctx context.Context, partnerID int64, actor string) (id int64,
	joined bool, err error) {
	res, err := q.client.Insert(ctx, BillingPushArgs{PartnerID: partnerID, Actor: actor},
		&river.InsertOpts{Queue: QueueBilling, MaxAttempts: billingPushAttempts,
			UniqueOpts: river.UniqueOpts{ByArgs: true, ByQueue: true, ByState: pendingStates}})
	if err != nil {
		return 0, false, fmt.Errorf("enqueueing a billing push: %w", err)
	}
	joined = res.UniqueSkippedAsDuplicate
	if joined && (res.Job.State == rivertype.JobStateRetryable || res.Job.State == rivertype.JobStateScheduled) {
		if _, err := q.client.JobRetry(ctx, res.Job.ID); err != nil {
			return 0, false, fmt.Errorf("running billing push job %d now: %w", res.Job.ID, err)
		}
	}

	return res.Job.ID, joined, nil
}

// billingPushAttempts is how often a push is tried. With the default
// backoff the last attempt comes about a day and a half after the first
// (1s, 16s, 81s, … 10h40m before the 15th), so a day-long ConnectWise
// outage gives nothing up, and a push that cannot succeed is shown as given
// up within two days rather than weeks later. A push previews again each
// time, so a late one pushes the counts of its day.
const billingPushAttempts = 15
