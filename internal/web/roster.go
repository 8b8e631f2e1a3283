package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/psabridge/psabridge/internal/companycsv"
	"github.com/psabridge/psabridge/internal/store"
)

// maxCSVBody bounds an uploaded companies file: 8 MiB is some hundred
// thousand companies.
const maxCSVBody = maxJSONBody

var errCSVTooLarge = &statusError{http.StatusRequestEntityTooLarge, "too_large",
	fmt.Sprintf("the CSV file is over %d MiB: split it into smaller files", maxCSVBody>>20)}

// billingSetJSON answers a change of a user's billing: the address is not
// repeated, and known says whether the partner has a user with it yet.
type billingSetJSON struct {
	Excluded bool `json:"excluded"`
	Known    bool `json:"known"`
}

// listedUserJSON is an end user as the API lists them: with whether
// billing leaves them out (psabridge billing exclude).
type listedUserJSON struct {
	userJSON
	Excluded bool `json:"excluded"`
}

// excludedSet is the partner's excluded addresses, lower-cased.
func (s *server) excludedSet(r *http.Request, p *principal) (map[string]bool, error) {
	es, err := s.st.ExcludedUsers(r.Context(), p.Partner.ID)
	out := make(map[string]bool, len(es))
	for _, e := range es {
		out[e] = true
	}
	return out, err
}

// roster is the store's paged end users and company import.
func (s *server) roster() (store.Roster, error) {
	r, ok := s.st.(store.Roster)
	if !ok {
		return nil, errors.New("the store cannot page end users or import companies")
	}
	return r, nil
}

// importCSV reads a companies file as psabridge companies import does,
// with the API's limits on each company, and saves it whole or not at all.
func (s *server) importCSV(ctx context.Context, p *principal, body io.Reader, source string) (int, error) {
	raw, err := io.ReadAll(io.LimitReader(body, maxCSVBody+1))
	if err != nil {
		return 0, &badRequest{"reading the file: the connection broke off"}
	}
	if len(raw) > maxCSVBody {
		return 0, errCSVTooLarge
	}
	cs, err := companycsv.Parse(strings.NewReader(string(raw)), func(c store.CompanyImport) error {
		return checkCompany(companyJSON{ExternalID: c.Company.ExternalID, Name: c.Company.Name,
			Domains: c.Company.Domains})
	})
	if err != nil {
		return 0, err
	}
	ro, err := s.roster()
	if err != nil {
		return 0, err
	}
	if err := ro.ImportCompanies(ctx, p.Partner.ID, cs); err != nil {
		return 0, err
	}
	s.audit(ctx, p, "companies.import", fmt.Sprintf("%d companies from %s", len(cs), source))
	return len(cs), nil
}

// setExcluded leaves an address out of billing counts, or counts it
// again, as psabridge billing exclude does; the address need not belong
// to a user yet. It reports whether it does.
func (s *server) setExcluded(ctx context.Context, p *principal, email string, excluded bool) (bool, error) {
	email = strings.TrimSpace(email)
	if err := checkEmail("email", email); err != nil {
		return false, err
	}
	if err := s.st.SetUserExcluded(ctx, p.Partner.ID, email, excluded); err != nil {
		return false, err
	}
	s.audit(ctx, p, "billing.exclude", fmt.Sprintf("%s excluded=%t", strings.ToLower(email), excluded))
	_, err := s.st.EndUserByEmail(ctx, p.Partner.ID, email)
	if isNotFound(err) {
		return false, nil
	}
	return err == nil, err
}
