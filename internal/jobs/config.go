package jobs

import (
	"cmp"
	"errors"
	"log/slog"
	"time"
)

// Config configures a Queue. The zero value is the default for production.
type Config struct {
	// Workers is how many jobs run at once in this process. Default 0: 10.
	// A negative value runs none: the queue only enqueues and lists.
	Workers int
	// MaxAttempts is how many times a job is tried before it is given up
	// (kept, visible, replayable). Default 0: 25, which with the default
	// backoff spans more than two weeks, so a day-long ConnectWise outage
	// gives nothing up.
	MaxAttempts int
	// BackoffUnit scales the retry schedule: attempt n waits n⁴ units.
	// Default 0: one second (1s, 16s, 81s, 4m16s, … 4.5 days at 25).
	// Tests shrink it to simulate days of outage in a second.
	BackoffUnit time.Duration
	// JobTimeout bounds one attempt. Default 0: 5 minutes.
	JobTimeout time.Duration
	// RescueAfter is how long a job may stay running before another process
	// takes it over, which is how work of a killed process resumes on
	// PostgreSQL. Default 0: JobTimeout plus one minute. On SQLite, where one
	// process owns the file, Start takes over the running jobs at once.
	RescueAfter time.Duration
	// PollInterval is how often idle workers look for new jobs. Default 0:
	// 200 milliseconds.
	PollInterval time.Duration
	// RecheckInterval is how often the permission re-check job runs.
	// Default 0: one hour.
	RecheckInterval time.Duration
	// BillingInterval is how often the billing schedule is looked at (a
	// partner's push runs only when its schedule is due). Default 0: five
	// minutes.
	BillingInterval time.Duration
	// Logger receives River's and the workers' logs. Default nil: none.
	Logger *slog.Logger
}

// Validate reports a configuration a Queue cannot use.
func (c Config) Validate() error {
	if c.MaxAttempts < 0 || c.BackoffUnit < 0 || c.JobTimeout < 0 || c.RescueAfter < 0 {
		return errors.New("jobs: negative attempts or durations")
	}
	c = c.withDefaults()
	if c.RescueAfter <= c.JobTimeout {
		return errors.New("jobs: RescueAfter must be longer than JobTimeout")
	}

	return nil
}

// withDefaults fills in the zero fields.
func (c Config) withDefaults() Config {
	c.Workers = cmp.Or(c.Workers, 10)
	c.MaxAttempts = cmp.Or(c.MaxAttempts, 25)
	c.BackoffUnit = cmp.Or(c.BackoffUnit, time.Second)
	c.JobTimeout = cmp.Or(c.JobTimeout, 5*time.Minute)
	c.RescueAfter = cmp.Or(c.RescueAfter, c.JobTimeout+time.Minute)
	c.PollInterval = cmp.Or(c.PollInterval, 200*time.Millisecond)
	c.RecheckInterval = cmp.Or(c.RecheckInterval, time.Hour)
	c.BillingInterval = cmp.Or(c.BillingInterval, 5*time.Minute)
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}

	return c
}
