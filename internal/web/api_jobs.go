package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/psabridge/psabridge/internal/jobs"
)

// JobAdmin lists and replays one partner's given-up jobs; *jobs.Queue is
// one. Its methods answer jobs.ErrNoJob for a job that is not the
// partner's or did not give up.
type JobAdmin interface {
	GivenUpOf(ctx context.Context, partnerID int64) ([]jobs.Job, error)
	ReplayOf(ctx context.Context, partnerID, id int64) error
}

// errNoJobs answers the jobs routes of a server built without a queue.
var errNoJobs = &statusError{http.StatusServiceUnavailable, "jobs_unavailable",
	"this server runs no job queue: given-up jobs are listed and replayed by `psabridge serve`"}

// errNoSuchJob is a job that is unknown, another partner's, or not given up.
var errNoSuchJob = &statusError{http.StatusNotFound, "not_found",
	"no given-up job of this partner has that id"}

// jobJSON is a given-up job as the API shows it.
type jobJSON struct {
	ID          int64  `json:"id"`
	Kind        string `json:"kind"`
	State       string `json:"state"`
	Attempts    int    `json:"attempts"`
	MaxAttempts int    `json:"max_attempts"`
	LastError   string `json:"last_error"`
	// ReportID is the report the job tickets, when it is a report's.
	ReportID int64     `json:"report_id,omitempty"`
	GaveUpAt time.Time `json:"gave_up_at"`
}

func jobJSONOf(j jobs.Job) jobJSON {
	_, report, _ := j.PartnerOf()
	return jobJSON{ID: j.ID, Kind: j.Kind, State: j.State, Attempts: j.Attempt, MaxAttempts: j.MaxAttempts,
		LastError: j.LastError, ReportID: report, GaveUpAt: j.At}
}

// givenUpJobs is the partner's given-up jobs in the API's shape.
func (s *server) givenUpJobs(ctx context.Context, p *principal) ([]jobJSON, error) {
	if s.cfg.Jobs == nil {
		return nil, errNoJobs
	}
	js, err := s.cfg.Jobs.GivenUpOf(ctx, p.Partner.ID)
	if err != nil {
		return nil, err
	}
	out := make([]jobJSON, len(js))
	for i, j := range js {
		out[i] = jobJSONOf(j)
	}
	return out, nil
}

// replayJob replays a given-up job of the partner and audits it.
func (s *server) replayJob(ctx context.Context, p *principal, id int64) error {
	if s.cfg.Jobs == nil {
		return errNoJobs
	}
	if !p.canChange() {
		return errForbidden
	}
	err := s.cfg.Jobs.ReplayOf(ctx, p.Partner.ID, id)
	if errors.Is(err, jobs.ErrNoJob) {
		return errNoSuchJob
	}
	if err != nil {
		return err
	}
	s.audit(ctx, p, "job.replay", fmt.Sprintf("job %d", id))
	return nil
}

func (s *server) apiJobs(w http.ResponseWriter, r *http.Request, p *principal) error {
	out, err := s.givenUpJobs(r.Context(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) apiReplayJob(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.replayJob(r.Context(), p, id); err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]any{"id": id, "replayed": true})
	return nil
}
