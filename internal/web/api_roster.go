package web

import "net/http"

// apiImportCompanies takes a text/csv body with the columns of psabridge
// companies import; a file with a bad line stores nothing.
func (s *server) apiImportCompanies(w http.ResponseWriter, r *http.Request, p *principal) error {
	n, err := s.importCSV(r.Context(), p, r.Body, "the API")
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"imported": n})
	return nil
}

// apiSetUserBilling excludes the user with the address from billing
// counts, or includes them again.
func (s *server) apiSetUserBilling(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in struct {
		Excluded *bool `json:"excluded"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Excluded == nil {
		return invalidField("excluded", "excluded is required: true leaves the user out of billing, false counts them")
	}
	known, err := s.setExcluded(r.Context(), p, r.PathValue("email"), *in.Excluded)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, billingSetJSON{Excluded: *in.Excluded, Known: known})
	return nil
}
