package jobs

import (
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// clientConfig is River's configuration for the handlers that are set.
func clientConfig(h Handlers, cfg Config) *river.Config {
	rc := &river.Config{
		Logger:                      cfg.Logger,
		MaxAttempts:                 cfg.MaxAttempts,
		JobTimeout:                  cfg.JobTimeout,
		RescueStuckJobsAfter:        cfg.RescueAfter,
		FetchPollInterval:           cfg.PollInterval,
		FetchCooldown:               min(cfg.PollInterval, 100*time.Millisecond),
		DiscardedJobRetentionPeriod: -1, // given-up jobs stay until replayed or deleted
		RetryPolicy:                 backoff{unit: cfg.BackoffUnit},
	}
	if cfg.Workers < 0 {
		return rc
	}

	workers := river.NewWorkers()
	if h.Report != nil {
		river.AddWorker(workers, &reportWorker{handle: h.Report})
	}
	if h.Billing != nil {
		river.AddWorker(workers, &billingWorker{handle: h.Billing})
		rc.PeriodicJobs = append(rc.PeriodicJobs, periodic("billing", cfg.BillingInterval, billingArgs{}))
	}
	if h.Recheck != nil {
		river.AddWorker(workers, &recheckWorker{handle: h.Recheck})
		rc.PeriodicJobs = append(rc.PeriodicJobs, periodic("recheck", cfg.RecheckInterval, recheckArgs{}))
	}
	rc.Workers = workers
	rc.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}}

	return rc
}

// periodic is a job inserted every interval by the leader, and once when a
// leader starts, so a schedule missed while no process ran catches up.
func periodic(id string, every time.Duration, args river.JobArgs) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(every),
		func() (river.JobArgs, *river.InsertOpts) {
			return args, &river.InsertOpts{MaxAttempts: 3}
		},
		&river.PeriodicJobOpts{ID: id, RunOnStart: true})
}

// backoff retries attempt n after n⁴ units, counting errors rather than
// attempts so snoozes (throttling) do not lengthen it.
type backoff struct{ unit time.Duration }

// NextRetry implements river.ClientRetryPolicy.
func (b backoff) NextRetry(job *rivertype.JobRow) time.Time {
	n := max(len(job.Errors), 1)
	wait := time.Duration(n*n*n*n) * b.unit

	return time.Now().Add(min(wait, 7*24*time.Hour))
}
