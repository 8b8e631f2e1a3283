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

	return j
}

// Replay makes a given-up job run again now, with fresh attempts.
func (q *Queue) Replay(ctx context.Context, id int64) error {
	_, err := q.client.JobRetry(ctx, id)
	if errors.Is(err, river.ErrNotFound) {
		return fmt.Errorf("job %d: %w", id, ErrNoJob)
	}
	if err != nil {
		return fmt.Errorf("replaying job %d: %w", id, err)
	}

	return nil
}

// Unfinished counts the jobs of a kind that are neither done nor given up
// and are due to run within horizon; a negative horizon counts them all.
func (q *Queue) Unfinished(ctx context.Context, kind string, horizon time.Duration) (int, error) {
	params := river.NewJobListParams().Kinds(kind).States(
		rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
		rivertype.JobStateRunning, rivertype.JobStateScheduled).First(10000)
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

// WaitIdle waits, polling every interval, until no job of the kind is due
// within horizon (jobs retrying later are left for a later run), or ctx is
// done. It returns how many unfinished jobs remain.
func (q *Queue) WaitIdle(ctx context.Context, kind string,
	horizon, interval time.Duration) (int, error) {
	for {
		n, err := q.Unfinished(ctx, kind, horizon)
		if err != nil {
			return 0, err
		}
		if n == 0 {
			return q.Unfinished(ctx, kind, -1)
		}
		select {
		case <-ctx.Done():
			return n, ctx.Err()
		case <-time.After(interval):
		}
	}
}
