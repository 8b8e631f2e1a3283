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
	if h.Documents != nil {
		river.AddWorker(workers, &documentsWorker{handle: h.Documents})
	}
	if h.BillingPush != nil {
		river.AddWorker(workers, &billingPushWorker{handle: h.BillingPush})
	}
	if qs := queuesOf(h, cfg); len(qs) > 0 {
		rc.Workers, rc.Queues = workers, qs
	}

	return rc
}

// queuesOf is the queues a process with these handlers works: the default
// one for reports, documents and the periodic jobs, the billing one for
// pushes. A process registers a worker for every kind of the queues it
// works, or River would fail the jobs it cannot run.
func queuesOf(h Handlers, cfg Config) map[string]river.QueueConfig {
	qs := map[string]river.QueueConfig{}
	if h.Report != nil || h.Documents != nil || h.Billing != nil || h.Recheck != nil {
		qs[river.QueueDefault] = river.QueueConfig{MaxWorkers: cfg.Workers}
	}
	if h.BillingPush != nil {
		// One push at a time per process: pushes of one partner never
		// overlap here, and ConnectWise is paced per partner anyway.
		qs[QueueBilling] = river.QueueConfig{MaxWorkers: 1}
	}

	return qs
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
