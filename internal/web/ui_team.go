package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/psabridge/psabridge/internal/store"
)

// teamRow is a web user as the Team page lists them.
type teamRow struct {
	memberJSON
	// Self is the signed-in user, whom the page offers no removal.
	Self bool
}

// teamData is the Team page.
type teamData struct {
	Members []teamRow
	// Email and Role are the add form's values; the password is never
	// put back in the form.
	Email, Role string
}

func (s *server) teamPage(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	return s.teamWith(r, p, &teamData{Role: store.RoleViewer}, "", nil)
}

// teamWith renders the Team page with d's form values, flash and opErr.
func (s *server) teamWith(r *http.Request, p *principal, d *teamData, flash string,
	opErr error) (string, pageData, error) {
	pd := pageData{Title: "Team", Nav: "team", Flash: flash, Data: d}
	ms, err := s.members(r.Context(), p)
	for _, m := range ms {
		d.Members = append(d.Members, teamRow{memberJSON: m, Self: strings.EqualFold(m.Email, p.Email)})
	}
	return "team", pd, errors.Join(opErr, err)
}

func (s *server) memberCreateForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	in := newMemberJSON{Email: strings.TrimSpace(r.PostFormValue("email")), Role: r.PostFormValue("role"),
		Password: r.PostFormValue("password")}
	m, err := s.createMember(r.Context(), p, in)
	if err != nil {
		return s.teamWith(r, p, &teamData{Email: in.Email, Role: in.Role}, "", err)
	}
	return s.teamWith(r, p, &teamData{Role: store.RoleViewer},
		m.Email+" is added as "+m.Role+": they sign in with the password you chose.", nil)
}

func (s *server) memberRoleForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return "error", pageData{Title: "Team", Nav: "team"}, err
	}
	m, err := s.setMemberRole(r.Context(), p, id, r.PostFormValue("role"))
	if isNotFound(err) {
		return "error", pageData{Title: "Team", Nav: "team"}, err
	}
	flash := ""
	if err == nil {
		flash = m.Email + " is now " + m.Role + "."
	}
	return s.teamWith(r, p, &teamData{Role: store.RoleViewer}, flash, err)
}

func (s *server) memberRemoveForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return "error", pageData{Title: "Team", Nav: "team"}, err
	}
	m, err := s.removeMember(r.Context(), p, id)
	if isNotFound(err) {
		return "error", pageData{Title: "Team", Nav: "team"}, err
	}
	flash := ""
	if err == nil {
		flash = m.Email + " is removed and signed out everywhere."
	}
	return s.teamWith(r, p, &teamData{Role: store.RoleViewer}, flash, err)
}
