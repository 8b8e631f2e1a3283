package web

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/psabridge/psabridge/internal/store"
)

func (s *server) apiCompanies(w http.ResponseWriter, r *http.Request, p *principal) error {
	cs, err := s.st.PlatformCompanies(r.Context(), p.Partner.ID)
	if err != nil {
		return err
	}
	out := make([]companyJSON, len(cs))
	for i, c := range cs {
		out[i] = companyJSON{ExternalID: c.ExternalID, Name: c.Name, Domains: nonNil(c.Domains)}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiUpsertCompanies creates or updates companies in bulk, keyed by their
// external id.
func (s *server) apiUpsertCompanies(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in []companyJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	for i, c := range in {
		if err := checkCompany(c); err != nil {
			return atIndex(err, "company", i)
		}
	}
	for _, c := range in {
		_, err := s.st.UpsertPlatformCompany(r.Context(), store.PlatformCompany{PartnerID: p.Partner.ID,
			ExternalID: c.ExternalID, Name: c.Name, Domains: c.Domains})
		if err != nil {
			return err
		}
	}
	s.audit(r.Context(), p, "companies.upsert", fmt.Sprintf("%d companies", len(in)))
	writeJSON(w, http.StatusOK, map[string]int{"upserted": len(in)})
	return nil
}

// apiSetCount records the billable count the platform pushes for a
// company; null removes it, so that the roster counts again.
func (s *server) apiSetCount(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in struct {
		Count *int `json:"count"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	if in.Count != nil && *in.Count < 0 {
		return invalidField("count", "count must not be negative; send null to remove it")
	}
	c, err := s.companyByExternalID(r.Context(), p, r.PathValue("external_id"))
	if err != nil {
		return err
	}
	n := -1
	if in.Count != nil {
		n = *in.Count
	}
	if err := s.st.SetPushedCount(r.Context(), p.Partner.ID, c.ID, n); err != nil {
		return err
	}
	s.audit(r.Context(), p, "billing.count", fmt.Sprintf("company %d count %d", c.ID, n))
	writeJSON(w, http.StatusOK, map[string]any{"external_id": c.ExternalID, "count": in.Count})
	return nil
}

// apiDeleteCompany deletes a company with its users, mapping and pushed
// count; its reports stay, with no company.
func (s *server) apiDeleteCompany(w http.ResponseWriter, r *http.Request, p *principal) error {
	ext := r.PathValue("external_id")
	if _, err := s.st.DeletePlatformCompanies(r.Context(), p.Partner.ID, []string{ext}, p.Actor); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *server) apiUsers(w http.ResponseWriter, r *http.Request, p *principal) error {
	us, err := s.st.EndUsers(r.Context(), p.Partner.ID)
	if err != nil {
		return err
	}
	cs, err := s.st.PlatformCompanies(r.Context(), p.Partner.ID)
	if err != nil {
		return err
	}
	ext := map[int64]string{}
	for _, c := range cs {
		ext[c.ID] = c.ExternalID
	}
	excluded, err := s.excludedSet(r, p)
	if err != nil {
		return err
	}
	out := make([]listedUserJSON, len(us))
	for i, u := range us {
		out[i] = listedUserJSON{userJSON: userJSON{Email: u.Email, Name: u.Name,
			CompanyExternalID: ext[u.CompanyID], Active: u.Active, Billable: u.Billable},
			Excluded: excluded[strings.ToLower(u.Email)]}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiUpsertUsers creates or updates end users in bulk, keyed by address.
func (s *server) apiUpsertUsers(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in []userJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	companies, err := s.externalIDs(r, p)
	if err != nil {
		return err
	}
	users := make([]store.EndUser, len(in))
	for i, u := range in {
		if err := checkUser(u); err != nil {
			return atIndex(err, "user", i)
		}
		id, ok := companies[u.CompanyExternalID]
		if u.CompanyExternalID != "" && !ok {
			return atIndex(invalidField("company_external_id",
				"no company %q: send it to /api/v1/companies first", u.CompanyExternalID), "user", i)
		}
		users[i] = store.EndUser{PartnerID: p.Partner.ID, CompanyID: id, Email: u.Email, Name: u.Name,
			Active: u.Active, Billable: u.Billable}
	}
	for _, u := range users {
		if _, err := s.st.UpsertEndUser(r.Context(), u); err != nil {
			return err
		}
	}
	s.audit(r.Context(), p, "users.upsert", fmt.Sprintf("%d users", len(in)))
	writeJSON(w, http.StatusOK, map[string]int{"upserted": len(in)})
	return nil
}

func (s *server) externalIDs(r *http.Request, p *principal) (map[string]int64, error) {
	cs, err := s.st.PlatformCompanies(r.Context(), p.Partner.ID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(cs))
	for _, c := range cs {
		out[c.ExternalID] = c.ID
	}
	return out, nil
}

func (s *server) apiReports(w http.ResponseWriter, r *http.Request, p *principal) error {
	rs, err := s.st.Reports(r.Context(), p.Partner.ID)
	if err != nil {
		return err
	}
	out := make([]reportJSON, len(rs))
	for i, rep := range rs {
		out[i] = reportOf(rep)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiSubmitReport receives a reported message as the raw request body
// (message/rfc822, a .msg or a report e-mail wrapping it). It is stored
// before the call returns: 201 when new, 200 when received before.
func (s *server) apiSubmitReport(w http.ResponseWriter, r *http.Request, p *principal) error {
	reporter := strings.TrimSpace(r.URL.Query().Get("reporter"))
	if err := checkEmail("reporter", reporter); err != nil {
		return err
	}
	name := r.URL.Query().Get("file_name")
	if err := checkText("file_name", name, maxFileNameLen, false); err != nil {
		return err
	}
	if err := rawMessageBody(r); err != nil {
		return err
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxReportBody+1))
	if err != nil {
		return &badRequest{"reading the message: " + err.Error()}
	}
	if len(raw) > maxReportBody {
		return errTooLarge
	}
	if len(raw) == 0 {
		return &badRequest{"the body must be the reported message"}
	}
	if name == "" {
		name = "report.eml"
	}
	rep, created, err := s.receive(r.Context(), p, name, raw, reporter)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, reportOf(rep))
	return nil
}

func (s *server) apiReport(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rep, err := s.report(r.Context(), p, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, reportOf(rep))
	return nil
}

func (s *server) apiReplay(w http.ResponseWriter, r *http.Request, p *principal) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rep, err := s.replay(r.Context(), p, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, reportOf(rep))
	return nil
}
