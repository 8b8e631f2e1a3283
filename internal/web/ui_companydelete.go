package web

import (
	"fmt"
	"net/http"

	"github.com/psabridge/psabridge/internal/store"
)

// companyDeleteForm answers the Companies page's Delete button with a page
// that asks to confirm, and deletes the company when that page's form
// comes back with confirm=yes. Viewers never get here: their POST is
// refused before.
func (s *server) companyDeleteForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	ro, err := s.roster()
	if err != nil {
		return "", pageData{}, err
	}
	ext, view := r.PostFormValue("external_id"), companiesView{Page: 1, CompanyPage: 1}
	if r.PostFormValue("confirm") != "yes" {
		c, err := companyByExternalIDOn(r, p, ro, ext)
		if err != nil {
			return s.companiesWith(r, p, view, "", err)
		}
		return "company_delete", pageData{Title: "Delete a company", Nav: "companies", Data: companyRowOf(c)}, nil
	}

	ds, err := s.st.DeletePlatformCompanies(r.Context(), p.Partner.ID, []string{ext}, p.Actor)
	if err != nil {
		return s.companiesWith(r, p, view, "", err)
	}
	return s.companiesWith(r, p, view, deletedFlash(ds[0]), nil)
}

// deletedFlash says what deleting d took with it.
func deletedFlash(d store.DeletedCompany) string {
	return fmt.Sprintf("Deleted %s (%s) and its %d users.", d.Name, d.ExternalID, d.Users)
}
