package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// ErrNoJob means no job has the id.
var ErrNoJob = errors.New("no such job")

// Job is a job as an operator sees it.
type Job struct {
	ID          int64           `json:"id"`
	Kind        string          `json:"kind"`
	State       string          `json:"state"`
	Args        json.RawMessage `json:"args"`
	Attempt     int             `json:"attempt"`
	MaxAttempts int             `json:"max_attempts"`
	LastError   string          `json:"last_error"`
	// At is when the job was given up, or last attempted.
	At time.Time `json:"at"`
	// Output is what the job recorded when it finished (a billing push:
	// its changes); nil for the others.
	Output json.RawMessage `json:"output,omitempty"`
}

// GivenUp returns the jobs that exhausted their attempts (or were
// cancelled), oldest first, with their last error.
func (q *Queue) GivenUp(ctx context.Context) ([]Job, error) {
	params := river.NewJobListParams().
		States(rivertype.JobStateDiscarded, rivertype.JobStateCancelled).
		OrderBy(river.JobListOrderByID, river.SortOrderAsc).First(10000)
	res, err := q.client.JobList(ctx, params)
	if err != nil {
		return nil, fmt.Errorf("listing given-up jobs: %w", err)
	}

	out := make([]Job, 0, len(res.Jobs))
	for _, r := range res.Jobs {
		out = append(out, jobOf(r))
	}

	return out, nil
}

// jobOf is the operator's view of a River job row.
func jobOf(r *rivertype.JobRow) Job {
	j := Job{ID: r.ID, Kind: r.Kind, State: string(r.State), Args: r.EncodedArgs,
		Attempt: r.Attempt, MaxAttempts: r.MaxAttempts, At: r.CreatedAt}
	if n := len(r.Errors); n > 0 {
		j.LastError, j.At = r.Errors[n-1].Error, r.Errors[n-1].At
	}
	if r.FinalizedAt != nil {
		j.At = *r.FinalizedAt
	}
	if out := r.Output(); len(out) > 0 {
		j.Output = out
	}

	return j
}

// ErrNotGivenUp means a job asked to be replayed has not given up: it
// runs, or will retry, by itself.
var ErrNotGivenUp = errors.New("has not given up: it runs, or retries, by itself; only given-up jobs are replayed")

// Replay makes a given-up job run again now, with fresh attempts; a job
// that has not given up is ErrNotGivenUp.
func (q *Queue) Replay(ctx context.Context, id int64) error {
	row, err := q.client.JobGet(ctx, id)
	if isNotFound(err) {
		return fmt.Errorf("job %d: %w", id, ErrNoJob)
	}
	if err != nil {
		return fmt.Errorf("reading job %d: %w", id, err)
	}
	if !givenUp(row) {
		return fmt.Errorf("job %d (%s) %w", id, row.State, ErrNotGivenUp)
	}
	_, err = q.client.JobRetry(ctx, id)
	if errors.Is(err, river.ErrNotFound) {
		return fmt.Errorf("job %d: %w", id, ErrNoJob)
	}
	if err != nil {
		return fmt.Errorf("replaying job %d: %w", id, err)
	}

	return nil
}

// Unfinished counts the jobs of the kinds that are neither done nor given
// up and are due to run within horizon; a negative horizon counts them all.
func (q *Queue) Unfinished(ctx context.Context, horizon time.Duration, kinds ...string) (int, error) {
	params := river.NewJobListParams().Kinds(kinds...).States(pendingStates...).First(10000)
	res, err := q.client.JobList(ctx, params)
	if err != nil {
		return 0, fmt.Errorf("counting unfinished jobs: %w", err)
	}

	n, until := 0, time.Now().Add(horizon)
	for _, j := range res.Jobs {
		if horizon < 0 || j.State == rivertype.JobStateRunning || j.ScheduledAt.Before(until) {
			n++
		}
	}

	return n, nil
}

// WaitIdle waits, polling every interval, until no job of the kinds is due
// within horizon (jobs retrying later are left for a later run), or ctx is
// done. It returns how many unfinished jobs remain.
func (q *Queue) WaitIdle(ctx context.Context, horizon, interval time.Duration,
	kinds ...string) (int, error) {
	for {
		n, err := q.Unfinished(ctx, horizon, kinds...)
		if err != nil {
			return 0, err
		}
		if n == 0 {
			return q.Unfinished(ctx, -1, kinds...)
		}
		select {
		case <-ctx.Done():
			return n, ctx.Err()
		case <-time.After(interval):
		}
	}
}

// Get returns a job by its id; ErrNoJob when there is none.
func (q *Queue) Get(ctx context.Context, id int64) (Job, error) {
	row, err := q.client.JobGet(ctx, id)
	if isNotFound(err) {
		return Job{}, fmt.Errorf("job %d: %w", id, ErrNoJob)
	}
	if err != nil {
		return Job{}, fmt.Errorf("reading job %d: %w", id, err)
	}

	return jobOf(row), nil
}

// Settled reports whether a job has an outcome to show: it finished, was
// given up, or its last attempt failed and it waits to retry.
func (j Job) Settled() bool {
	switch rivertype.JobState(j.State) {
	case rivertype.JobStateCompleted, rivertype.JobStateDiscarded, rivertype.JobStateCancelled,
		rivertype.JobStateRetryable:
		return true
	}
	return false
}

// Done reports whether a job completed.
func (j Job) Done() bool { return j.State == string(rivertype.JobStateCompleted) }

// WaitSettled polls the job every interval until it is Settled, or ctx is
// done; it returns the job as last read.
func (q *Queue) WaitSettled(ctx context.Context, id int64, interval time.Duration) (Job, error) {
	var last Job
	for {
		j, err := q.Get(ctx, id)
		if err != nil {
			return last, err
		}
		if last = j; j.Settled() {
			return j, nil
		}
		select {
		case <-ctx.Done():
			return last, ctx.Err()
		case <-time.After(interval):
		}
	}
}
