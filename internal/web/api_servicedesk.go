package web

import (
	"net/http"
	"strconv"
)

func (s *server) apiServiceDeskSettings(w http.ResponseWriter, r *http.Request, p *principal) error {
	d, err := s.st.ServiceDeskSettings(r.Context(), p.Partner.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, serviceDeskOf(d))
	return nil
}

// apiSaveServiceDeskSettings replaces the settings once ConnectWise would
// accept them; a refusal is 422 invalid_field naming the field.
func (s *server) apiSaveServiceDeskSettings(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in serviceDeskJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.saveServiceDesk(r.Context(), p, in); err != nil {
		return err
	}
	return s.apiServiceDeskSettings(w, r, p)
}

// apiServiceDeskOptions lists ConnectWise's boards, priorities and
// sources, and the types, subtypes and items of ?board (else of the API
// member's default board).
func (s *server) apiServiceDeskOptions(w http.ResponseWriter, r *http.Request, p *principal) error {
	board := 0
	if q := r.URL.Query().Get("board"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 0 {
			return &badRequest{"board must be a board id, 0 or more"}
		}
		board = n
	}
	o, err := s.serviceDeskOptions(r.Context(), p, board)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}
