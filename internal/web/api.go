package web

import (
	"net/http"
	"strconv"
)

// maxJSONBody bounds an API request's JSON body; maxReportBody a reported
// message.
const (
	maxJSONBody   = 8 << 20
	maxReportBody = 64 << 20
)

// apiHandler is an API operation for an authenticated principal.
type apiHandler func(w http.ResponseWriter, r *http.Request, p *principal) error

// api authenticates an API call by token (or, for the UI's own scripts, by
// session with the CSRF header), lets viewers only read, and turns the
// returned error into JSON.
func (s *server) api(h apiHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.apiPrincipal(r)
		if err == nil && r.Method != http.MethodGet && !p.canChange() {
			err = errForbidden
		}
		if err == nil {
			err = h(w, r.WithContext(withPrincipal(r.Context(), p)), p)
		}
		if err != nil {
			writeError(w, err)
		}
	}
}

func (s *server) apiPrincipal(r *http.Request) (*principal, error) {
	if r.Header.Get("Authorization") != "" {
		p, err := s.tokenPrincipal(r)
		if err != nil {
			return nil, errUnauthorized
		}
		return p, nil
	}
	p, err := s.sessionPrincipal(r)
	if err != nil {
		return nil, errUnauthorized
	}
	if r.Method != http.MethodGet && (!sameOrigin(r) || !validCSRF(r, p)) {
		return nil, errCSRF
	}
	return p, nil
}

func (s *server) apiRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/openapi.json", serveOpenAPI)
	for _, rt := range s.apiTable() {
		mux.HandleFunc(rt.pattern, s.api(rt.handler))
	}
	// Anything else under /api answers in the API's own error shape, not
	// the mux's plain text.
	mux.HandleFunc("/api/", func(w http.ResponseWriter, _ *http.Request) {
		status, body := classify(errNoRoute)
		writeJSON(w, status, errorBody{Error: body})
	})
}

// apiRoute is one route of the JSON API.
type apiRoute struct {
	pattern string
	handler apiHandler
}

// apiTable lists every API route; the OpenAPI test checks each against
// the document.
func (s *server) apiTable() []apiRoute {
	return []apiRoute{
		{"GET /api/v1/status", s.apiStatus},
		{"GET /api/v1/companies", s.apiCompanies},
		{"POST /api/v1/companies", s.apiUpsertCompanies},
		{"PUT /api/v1/companies/{external_id}/count", s.apiSetCount},
		{"GET /api/v1/users", s.apiUsers},
		{"POST /api/v1/users", s.apiUpsertUsers},
		{"GET /api/v1/reports", s.apiReports},
		{"POST /api/v1/reports", s.apiSubmitReport},
		{"GET /api/v1/reports/{id}", s.apiReport},
		{"POST /api/v1/reports/{id}/replay", s.apiReplay},
		{"POST /api/v1/analyze", s.apiAnalyze},
		{"GET /api/v1/connection", s.apiConnection},
		{"PUT /api/v1/connection", s.apiConnect},
		{"DELETE /api/v1/connection", s.apiDisconnect},
		{"POST /api/v1/permissions/check", s.apiCheck},
		{"GET /api/v1/features", s.apiFeatures},
		{"PUT /api/v1/features/{feature}", s.apiSetFeature},
		{"GET /api/v1/mappings", s.apiMappings},
		{"POST /api/v1/mappings/auto", s.apiAutoMap},
		{"PUT /api/v1/mappings/{external_id}", s.apiSetMapping},
		{"DELETE /api/v1/mappings/{external_id}", s.apiDeleteMapping},
		{"GET /api/v1/connectwise/companies", s.apiCWCompanies},
		{"GET /api/v1/connectwise/companies/{id}/agreements", s.apiCWAgreements},
		{"GET /api/v1/connectwise/agreements/{id}/additions", s.apiCWAdditions},
		{"GET /api/v1/billing/preview", s.apiBillingPreview},
		{"POST /api/v1/billing/push", s.apiBillingPush},
		{"GET /api/v1/billing/history", s.apiBillingHistory},
		{"GET /api/v1/billing/settings", s.apiBillingSettings},
		{"PUT /api/v1/billing/settings", s.apiSaveBillingSettings},
		{"GET /api/v1/audit", s.apiAudit},
		{"GET /api/v1/servicedesk/settings", s.apiServiceDeskSettings},
		{"PUT /api/v1/servicedesk/settings", s.apiSaveServiceDeskSettings},
		{"GET /api/v1/servicedesk/options", s.apiServiceDeskOptions},
		{"GET /api/v1/jobs", s.apiJobs},
		{"POST /api/v1/jobs/{id}/replay", s.apiReplayJob},
		{"GET /api/v1/members", s.apiMembers},
		{"POST /api/v1/members", s.apiCreateMember},
		{"PUT /api/v1/members/{id}", s.apiSetMemberRole},
		{"DELETE /api/v1/members/{id}", s.apiDeleteMember},
		{"POST /api/v1/companies/import", s.apiImportCompanies},
		{"PUT /api/v1/users/{email}/billing", s.apiSetUserBilling},
		{"DELETE /api/v1/companies/{external_id}", s.apiDeleteCompany},
	}
}

// pathID reads a numeric path value.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, &badRequest{name + " must be a positive number"}
	}
	return id, nil
}

func (s *server) apiStatus(w http.ResponseWriter, r *http.Request, p *principal) error {
	st := Status{Partner: p.Partner.Slug, Reports: map[string]int{}}
	_, err := s.st.Connection(r.Context(), p.Partner.ID)
	st.Connected = err == nil
	if st.Features, err = s.st.Features(r.Context(), p.Partner.ID); err != nil {
		return err
	}
	reports, err := s.st.Reports(r.Context(), p.Partner.ID)
	if err != nil {
		return err
	}
	for _, rep := range reports {
		st.Reports[rep.Status]++
	}
	writeJSON(w, http.StatusOK, []Status{st})
	return nil
}

func (s *server) apiAudit(w http.ResponseWriter, r *http.Request, p *principal) error {
	es, err := s.st.AuditLog(r.Context(), p.Partner.ID)
	if err != nil {
		return err
	}
	out := make([]auditJSON, len(es))
	for i, e := range es {
		out[i] = auditJSON{At: e.At, Actor: e.Actor, Action: e.Action, Detail: e.Detail}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
