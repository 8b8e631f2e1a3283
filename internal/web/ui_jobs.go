package web

import (
	"errors"
	"net/http"
	"strconv"
)

// jobsData is the Jobs page: the partner's given-up jobs, or why there
// is no list.
type jobsData struct {
	Jobs []jobJSON
	// NoQueue is set when this server runs no job queue.
	NoQueue bool
}

func (s *server) jobsPage(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	return s.jobsWith(r, p, "", nil)
}

// jobsWith renders the Jobs page with flash and opErr beside the list.
func (s *server) jobsWith(r *http.Request, p *principal, flash string, opErr error) (string, pageData, error) {
	d := jobsData{}
	pd := pageData{Title: "Given-up jobs", Nav: "jobs", Flash: flash, Data: &d}
	js, err := s.givenUpJobs(r.Context(), p)
	if errors.Is(err, errNoJobs) {
		d.NoQueue = true
		return "jobs", pd, opErr
	}
	d.Jobs = js
	return "jobs", pd, errors.Join(opErr, err)
}

func (s *server) jobReplayForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	pd := pageData{Title: "Given-up jobs", Nav: "jobs"}
	id, err := pathID(r, "id")
	if err != nil {
		return "error", pd, err
	}
	err = s.replayJob(r.Context(), p, id)
	if errors.Is(err, errNoSuchJob) {
		return "error", pd, err
	}
	flash := ""
	if err == nil {
		flash = "Job " + strconv.FormatInt(id, 10) + " is queued again."
	}
	return s.jobsWith(r, p, flash, err)
}
