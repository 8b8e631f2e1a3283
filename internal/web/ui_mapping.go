package web

import (
	"net/http"
	"strconv"

	"github.com/psabridge/psabridge/internal/mapping"
	"github.com/psabridge/psabridge/internal/store"
)

// mappingData is the Mapping page: every company, unmapped first, and the
// auto-map proposals when just made.
type mappingData struct {
	Rows      []mappingRow
	Proposals []proposalJSON
}

func (s *server) mappingPage(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	return s.mappingWith(r, p, nil, "")
}

func (s *server) mappingWith(r *http.Request, p *principal, props []proposalJSON, flash string) (string, pageData, error) {
	rows, err := s.mappingRows(r.Context(), p)
	return "mapping", pageData{Title: "Company mapping", Nav: "mapping", Flash: flash,
		Data: mappingData{Rows: rows, Proposals: props}}, err
}

// autoMapForm shows the proposals, each to accept or reject; the kept ones
// are already saved and not shown.
func (s *server) autoMapForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	ps, err := s.autoMap(r.Context(), p)
	if err != nil {
		page, d, _ := s.mappingWith(r, p, nil, "")
		return page, d, err
	}
	var props []proposalJSON
	for _, pr := range ps {
		if pr.Method != mapping.MethodKept && pr.CWCompanyID != 0 {
			props = append(props, proposalOf(pr))
		}
	}
	return s.mappingWith(r, p, props, strconv.Itoa(len(props))+" proposals: accept or reject each.")
}

func (s *server) acceptForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	c, err := s.companyByExternalID(r.Context(), p, r.PostFormValue("external_id"))
	if err != nil {
		return s.mappingErr(r, p, err)
	}
	m := store.Mapping{PlatformCompanyID: c.ID, CWCompanyID: formInt(r, "cw_company_id"),
		CWCompanyName: r.PostFormValue("cw_company_name"), AgreementID: formInt(r, "agreement_id"),
		AdditionID: formInt(r, "addition_id"), Method: r.PostFormValue("method"), Confidence: 1}
	if m.Method == "" {
		m.Method = "manual"
	}
	if f, err := strconv.ParseFloat(r.PostFormValue("confidence"), 64); err == nil && f >= 0 && f <= 1 {
		m.Confidence = f
	}
	if err := s.saveMapping(r.Context(), p, m); err != nil {
		return s.mappingErr(r, p, err)
	}
	return s.mappingWith(r, p, nil, "Mapped "+c.Name+" to "+m.CWCompanyName+".")
}

func (s *server) rejectForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	c, err := s.companyByExternalID(r.Context(), p, r.PostFormValue("external_id"))
	if err != nil {
		return s.mappingErr(r, p, err)
	}
	s.audit(r.Context(), p, "mapping.reject", "proposal for company "+strconv.FormatInt(c.ID, 10)+" rejected")
	return s.mappingWith(r, p, nil, "Rejected: map "+c.Name+" by hand with Pick.")
}

func (s *server) unmapForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	c, err := s.companyByExternalID(r.Context(), p, r.PostFormValue("external_id"))
	if err == nil {
		err = s.unmap(r.Context(), p, c.ID)
	}
	if err != nil {
		return s.mappingErr(r, p, err)
	}
	return s.mappingWith(r, p, nil, "Unmapped "+c.Name+".")
}

func (s *server) mappingErr(r *http.Request, p *principal, err error) (string, pageData, error) {
	page, d, _ := s.mappingWith(r, p, nil, "")
	return page, d, err
}

// pickData is the manual picker: search ConnectWise companies, then pick
// an agreement and an addition.
type pickData struct {
	Company    store.PlatformCompany
	Query      string
	Companies  []cwRef
	CWCompany  int
	CWName     string
	Agreements []cwRef
	Agreement  int
	Additions  []cwRef
}

func (s *server) pickPage(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	q := r.URL.Query()
	d := pickData{Query: q.Get("q"), CWCompany: atoi(q.Get("cw")), CWName: q.Get("cw_name"),
		Agreement: atoi(q.Get("agreement"))}
	pd := pageData{Title: "Map a company", Nav: "mapping", Data: &d}
	c, err := s.companyByExternalID(r.Context(), p, q.Get("company"))
	if err != nil {
		return "pick", pd, err
	}
	d.Company = c
	if d.Query == "" && d.CWCompany == 0 {
		d.Query = c.Name
	}
	if d.CWCompany == 0 {
		cs, err := s.searchCompanies(r.Context(), p, d.Query)
		for _, c := range cs {
			d.Companies = append(d.Companies, cwRef{ID: c.ID, Name: c.Name})
		}
		return "pick", pd, err
	}
	if d.Agreements, err = s.agreements(r.Context(), p, d.CWCompany); err != nil || d.Agreement == 0 {
		return "pick", pd, err
	}
	d.Additions, err = s.additions(r.Context(), p, d.Agreement)
	return "pick", pd, err
}

func formInt(r *http.Request, name string) int { return atoi(r.PostFormValue(name)) }

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0
	}
	return n
}
