package web

import "net/http"

func (s *server) apiMembers(w http.ResponseWriter, r *http.Request, p *principal) error {
	ms, err := s.members(r.Context(), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, nonNil(ms))
	return nil
}

// apiCreateMember adds a web user; the answer never carries the password.
func (s *server) apiCreateMember(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in newMemberJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	m, err := s.createMember(r.Context(), p, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, m)
	return nil
}

func (s *server) apiSetMemberRole(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in roleJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	m, err := s.setMemberRole(r.Context(), p, id, in.Role)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *server) apiDeleteMember(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.removeMember(r.Context(), p, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
