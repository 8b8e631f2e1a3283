package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/google/go-cmp/cmp"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/store"
)

// call is one API request of the isolation table.
type call struct {
	method, path, contentType string
	body                      []byte
}

// apiCalls covers every API route; {ext}, {report}, {job}, {member} are
// partner B's.
func apiCalls(ext string, report, job, member int64, raw []byte) map[string]call {
	j := "application/json"
	return map[string]call{
		"GET /api/v1/status":                                {"GET", "/api/v1/status", "", nil},
		"GET /api/v1/companies":                             {"GET", "/api/v1/companies", "", nil},
		"POST /api/v1/companies":                            {"POST", "/api/v1/companies", j, []byte(`[{"external_id":"a-own-co","name":"A own"}]`)},
		"PUT /api/v1/companies/{external_id}/count":         {"PUT", "/api/v1/companies/" + ext + "/count", j, []byte(`{"count":99}`)},
		"GET /api/v1/users":                                 {"GET", "/api/v1/users", "", nil},
		"POST /api/v1/users":                                {"POST", "/api/v1/users", j, []byte(`[{"email":"a-user@a.example","name":"x","company_external_id":""}]`)},
		"GET /api/v1/reports":                               {"GET", "/api/v1/reports", "", nil},
		"POST /api/v1/reports":                              {"POST", "/api/v1/reports?reporter=a-user@a.example", "message/rfc822", raw},
		"GET /api/v1/reports/{id}":                          {"GET", fmt.Sprintf("/api/v1/reports/%d", report), "", nil},
		"POST /api/v1/reports/{id}/replay":                  {"POST", fmt.Sprintf("/api/v1/reports/%d/replay", report), "", nil},
		"POST /api/v1/analyze":                              {"POST", "/api/v1/analyze", "message/rfc822", []byte(hostileLure)},
		"GET /api/v1/connection":                            {"GET", "/api/v1/connection", "", nil},
		"PUT /api/v1/connection":                            {"PUT", "/api/v1/connection", j, []byte(`{"company_id":"","url":"","public_key":"","private_key":""}`)},
		"DELETE /api/v1/connection":                         {"DELETE", "/api/v1/connection", "", nil},
		"POST /api/v1/permissions/check":                    {"POST", "/api/v1/permissions/check", "", nil},
		"GET /api/v1/features":                              {"GET", "/api/v1/features", "", nil},
		"PUT /api/v1/features/{feature}":                    {"PUT", "/api/v1/features/billing", j, []byte(`{"enabled":false}`)},
		"GET /api/v1/mappings":                              {"GET", "/api/v1/mappings", "", nil},
		"POST /api/v1/mappings/auto":                        {"POST", "/api/v1/mappings/auto", j, []byte(`{"apply":true}`)},
		"PUT /api/v1/mappings/{external_id}":                {"PUT", "/api/v1/mappings/" + ext, j, []byte(`{"cw_company_id":1,"cw_company_name":"x"}`)},
		"DELETE /api/v1/mappings/{external_id}":             {"DELETE", "/api/v1/mappings/" + ext, "", nil},
		"GET /api/v1/connectwise/companies":                 {"GET", "/api/v1/connectwise/companies?q=a", "", nil},
		"GET /api/v1/connectwise/companies/{id}/agreements": {"GET", "/api/v1/connectwise/companies/2/agreements", "", nil},
		"GET /api/v1/connectwise/agreements/{id}/additions": {"GET", "/api/v1/connectwise/agreements/1/additions", "", nil},
		"GET /api/v1/billing/preview":                       {"GET", "/api/v1/billing/preview", "", nil},
		"POST /api/v1/billing/push":                         {"POST", "/api/v1/billing/push", "", nil},
		"GET /api/v1/billing/history":                       {"GET", "/api/v1/billing/history", "", nil},
		"GET /api/v1/billing/settings":                      {"GET", "/api/v1/billing/settings", "", nil},
		"PUT /api/v1/billing/settings":                      {"PUT", "/api/v1/billing/settings", j, []byte(`{"product":"X","schedule":"manual","day_of_month":1,"hour":0,"time_zone":"UTC","effective":"immediate","prorate":false,"overwrite_drift":true}`)},
		"GET /api/v1/audit":                                 {"GET", "/api/v1/audit", "", nil},
		"GET /api/v1/servicedesk/settings":                  {"GET", "/api/v1/servicedesk/settings", "", nil},
		"PUT /api/v1/servicedesk/settings":                  {"PUT", "/api/v1/servicedesk/settings", j, []byte(`{"board_id":2,"type_id":5,"priority_id":2,"source_id":4,"simulation_handling":"record_only","simulation_header":"X-A-Sim"}`)},
		"GET /api/v1/servicedesk/options":                   {"GET", "/api/v1/servicedesk/options?board=2", "", nil},
		"GET /api/v1/jobs":                                  {"GET", "/api/v1/jobs", "", nil},
		"POST /api/v1/jobs/{id}/replay":                     {"POST", fmt.Sprintf("/api/v1/jobs/%d/replay", job), "", nil},
		"GET /api/v1/members":                               {"GET", "/api/v1/members", "", nil},
		"POST /api/v1/members":                              {"POST", "/api/v1/members", j, []byte(`{"email":"a-new@a.example","role":"viewer","password":"` + testPassword + `"}`)},
		"PUT /api/v1/members/{id}":                          {"PUT", fmt.Sprintf("/api/v1/members/%d", member), j, []byte(`{"role":"admin"}`)},
		"DELETE /api/v1/members/{id}":                       {"DELETE", fmt.Sprintf("/api/v1/members/%d", member), "", nil},
		"POST /api/v1/companies/import":                     {"POST", "/api/v1/companies/import", "text/csv", []byte("external_id,name,domains,billable_users\n" + bSharedCo + ",A's own,,5\n")},
		"PUT /api/v1/users/{email}/billing":                 {"PUT", "/api/v1/users/" + bSharedAddress + "/billing", j, []byte(`{"excluded":false}`)},
		"DELETE /api/v1/companies/{external_id}":            {"DELETE", "/api/v1/companies/" + ext, "", nil},
	}
}

// uiCalls covers every UI route that acts on data but the CSV upload
// (see uploadCSV); ids are partner B's.
func uiCalls(ext string, report, job, token, member int64) []struct {
	method, path string
	form         url.Values
} {
	type c = struct {
		method, path string
		form         url.Values
	}
	r := fmt.Sprint(report)
	return []c{
		{"GET", "/integrations", nil}, {"GET", "/mapping", nil}, {"GET", "/billing?preview=1", nil},
		{"GET", "/reports", nil}, {"GET", "/reports/" + r, nil}, {"GET", "/audit", nil},
		{"GET", "/mapping/pick?company=" + ext, nil},
		{"POST", "/reports/" + r + "/replay", url.Values{}},
		{"POST", "/mapping/accept", url.Values{"external_id": {ext}, "cw_company_id": {"1"}, "cw_company_name": {"x"}}},
		{"POST", "/mapping/reject", url.Values{"external_id": {ext}}},
		{"POST", "/mapping/unmap", url.Values{"external_id": {ext}}},
		{"POST", "/mapping/auto", url.Values{}},
		{"POST", "/billing/push", url.Values{}},
		{"POST", "/billing/settings", url.Values{"schedule": {"daily"}, "time_zone": {"UTC"}, "effective": {"immediate"}, "product": {"X"}}},
		{"POST", "/integrations/recheck", url.Values{}},
		{"POST", "/integrations/features", url.Values{"feature": {"billing"}, "on": {"false"}}},
		{"GET", "/servicedesk?board=2", nil},
		{"POST", "/servicedesk", url.Values{"board_id": {"2"}, "type_id": {"5"}, "simulation_handling": {"record_only"}, "simulation_header": {"X-A-Sim"}}},
		{"GET", "/jobs", nil}, {"POST", fmt.Sprintf("/jobs/%d/replay", job), url.Values{}}, {"GET", "/analyze", nil},
		{"GET", "/tokens", nil}, {"POST", "/tokens", url.Values{"name": {"a-own"}, "role": {"viewer"}}},
		{"POST", fmt.Sprintf("/tokens/%d/revoke", token), url.Values{}},
		{"GET", "/team", nil}, {"POST", "/team", url.Values{"email": {"a-own@a.example"}, "role": {"viewer"}, "password": {testPassword}}},
		{"POST", fmt.Sprintf("/team/%d/role", member), url.Values{"role": {"admin"}}},
		{"POST", fmt.Sprintf("/team/%d/remove", member), url.Values{}},
		{"GET", "/companies", nil}, {"GET", "/companies?company=" + ext, nil}, {"GET", "/companies?q=b-user", nil},
		{"POST", "/companies/exclude", url.Values{"email": {bSharedAddress}, "excluded": {"false"}}},
		{"POST", "/companies/delete", url.Values{"external_id": {ext}}},
		{"POST", "/companies/delete", url.Values{"external_id": {ext}, "confirm": {"yes"}}},
		{"POST", "/companies/delete", url.Values{"external_id": {bSharedCo}, "confirm": {"yes"}}},
		{"POST", "/integrations/disconnect", url.Values{}},
	}
}

// snapshot is everything of a partner a request could read or change.
type snapshot struct {
	Companies []store.PlatformCompany
	Users     []store.EndUser
	Mappings  []store.Mapping
	Reports   []store.Report
	Features  store.Features
	Settings  store.BillingSettings
	Desk      store.ServiceDeskSettings
	Pushed    map[int64]int
	Connected string
	Audit     int
	Tokens    []store.APIToken
	Members   []store.WebUser
	Excluded  []string
}

func snap(t *testing.T, st *store.SQLite, partnerID int64) snapshot {
	t.Helper()
	ctx := t.Context()
	var s snapshot
	s.Companies, _ = st.PlatformCompanies(ctx, partnerID)
	s.Users, _ = st.EndUsers(ctx, partnerID)
	s.Mappings, _ = st.Mappings(ctx, partnerID)
	s.Reports, _ = st.Reports(ctx, partnerID)
	s.Features, _ = st.Features(ctx, partnerID)
	s.Settings, _ = st.BillingSettings(ctx, partnerID)
	s.Desk, _ = st.ServiceDeskSettings(ctx, partnerID)
	s.Pushed, _ = st.PushedCounts(ctx, partnerID)
	if c, err := st.Connection(ctx, partnerID); err == nil {
		s.Connected = c.PublicKey
	}
	log, _ := st.AuditLog(ctx, partnerID)
	s.Audit = len(log)
	s.Tokens, _ = st.APITokens(ctx, partnerID)
	s.Members, _ = st.WebUsers(ctx, partnerID)
	s.Excluded, _ = st.ExcludedUsers(ctx, partnerID)
	return s
}

const (
	bJobError    = "B's job failed on b-secret-board"
	bCompanyName = "B Secret Company"
	bReporter    = "b-user@b.example"
	bTokenName   = "B secret token name"
	bMember      = "b-viewer@b.example"
	// A's requests name B's second company and excluded address as their
	// own, which A may have too: the ids are not secrets, B's records are.
	bSharedCo      = "b-shared-co"
	bSharedAddress = "b-shared@b.example"
)

// setUpBRoster gives partner B a second company and two excluded
// addresses, one of which A's requests name.
func setUpBRoster(t *testing.T, e *env, partnerID int64) {
	t.Helper()
	_, err := e.st.UpsertPlatformCompany(t.Context(), store.PlatformCompany{PartnerID: partnerID,
		ExternalID: bSharedCo, Name: "B Shared Company"})
	if err != nil {
		t.Fatal(err)
	}
	for _, addr := range []string{"b-excluded@b.example", bSharedAddress} {
		if err := e.st.SetUserExcluded(t.Context(), partnerID, addr, true); err != nil {
			t.Fatal(err)
		}
	}
}

// setUpB gives partner B a connection, a company, a user, a mapping and a
// report, through its own token.
func setUpB(t *testing.T, e *env, token string) (ext string, report int64) {
	t.Helper()
	base := e.srv.URL
	conn, _ := json.Marshal(connectJSON{CompanyID: e.connect.CompanyID, URL: e.connect.URL,
		PublicKey: e.connect.PublicKey, PrivateKey: e.connect.PrivateKey})
	steps := []call{
		{"PUT", "/api/v1/connection", "application/json", conn},
		{"POST", "/api/v1/companies", "application/json", []byte(`[{"external_id":"b-secret-co","name":"` + bCompanyName + `"}]`)},
		{"POST", "/api/v1/users", "application/json", []byte(`[{"email":"` + bReporter + `","name":"B User","company_external_id":"b-secret-co","active":true,"billable":true}]`)},
		{"PUT", "/api/v1/mappings/b-secret-co", "application/json", []byte(`{"cw_company_id":2,"cw_company_name":"B CW"}`)},
		{"PUT", "/api/v1/servicedesk/settings", "application/json", []byte(`{"board_id":2,"simulation_handling":"ticket_closed","simulation_header":"X-B-Sim"}`)},
	}
	for _, s := range steps {
		if res, body := apiCall(t, base, token, s.method, s.path, s.contentType, s.body); res.StatusCode >= 300 {
			t.Fatalf("B: %s %s = %d %s", s.method, s.path, res.StatusCode, body)
		}
	}
	res, body := apiCall(t, base, token, "POST", "/api/v1/reports?reporter="+bReporter, "message/rfc822", testMessage("B's report"))
	var rep reportJSON
	if res.StatusCode != http.StatusCreated || json.Unmarshal(body, &rep) != nil {
		t.Fatalf("B: submitting a report = %d %s", res.StatusCode, body)
	}
	return "b-secret-co", rep.ID
}

func testMessage(subject string) []byte {
	return []byte("From: Sender <sender@phish.example>\r\nTo: b-user@b.example\r\nSubject: " + subject +
		"\r\nMessage-ID: <1@phish.example>\r\nDate: Mon, 2 Jan 2006 15:04:05 +0000\r\n\r\nClick http://phish.example/x\r\n")
}

// TestTenantIsolation proves that partner A's token and A's signed-in
// administrator cannot read or change any of partner B's resources
// through any route: no answer carries B's data, and B's data is the same
// afterwards.
func TestTenantIsolation(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "demo"})
	a, tokenA := e.partner(t, "a")
	b, tokenB := e.partner(t, "b")
	ext, report := setUpB(t, e, tokenB)
	job := giveUpJob(t, e.st, b.ID, report, bJobError)
	bToken, err := e.st.CreateAPIToken(t.Context(), store.APIToken{PartnerID: b.ID, Name: bTokenName,
		Hash: HashToken("psb_b-second"), Role: store.RoleViewer})
	if err != nil {
		t.Fatal(err)
	}
	member := addMember(t, e, b.ID, bMember)
	setUpBRoster(t, e, b.ID)
	before := snap(t, e.st, b.ID)
	secrets := []string{bCompanyName, bReporter, e.connect.PublicKey, "B's report", "b-secret-co", bJobError, bTokenName,
		bMember, "b-admin@example.com", "b-excluded@b.example", "B Shared Company"}

	calls := apiCalls(ext, report, job, member, testMessage("A's own report"))
	for _, rt := range (&server{}).apiTable() {
		c, ok := calls[rt.pattern]
		if !ok {
			t.Errorf("route %s has no case in the isolation table", rt.pattern)
			continue
		}
		res, body := apiCall(t, e.srv.URL, tokenA, c.method, c.path, c.contentType, c.body)
		for _, s := range secrets {
			if bytes.Contains(body, []byte(s)) {
				t.Errorf("A's token: %s %s answered %d with B's %q", c.method, c.path, res.StatusCode, s)
			}
		}
		if strings.Contains(rt.pattern, "{id}") && (strings.Contains(rt.pattern, "reports") ||
			strings.Contains(rt.pattern, "jobs") || strings.Contains(rt.pattern, "members")) &&
			res.StatusCode != http.StatusNotFound {
			t.Errorf("A's token: %s %s = %d, want 404 for B's report, job or member", c.method, c.path, res.StatusCode)
		}
		if rt.pattern == "DELETE /api/v1/companies/{external_id}" && res.StatusCode != http.StatusNotFound {
			t.Errorf("A's token: deleting B's company = %d, want 404", res.StatusCode)
		}
	}

	browserA := e.signIn(t, "a-admin@example.com")
	for _, c := range uiCalls(ext, report, job, bToken.ID, member) {
		res, body := browserA.do(t, c.method, c.path, c.form)
		if c.method == "POST" && (strings.HasPrefix(c.path, "/jobs/") || strings.HasPrefix(c.path, "/tokens/") ||
			strings.HasPrefix(c.path, "/team/")) && res.StatusCode != http.StatusNotFound {
			t.Errorf("A's session: POST %s = %d, want 404 for B's job, token or member", c.path, res.StatusCode)
		}
		for _, s := range secrets {
			if strings.Contains(body, s) {
				t.Errorf("A's session: %s %s answered %d with B's %q", c.method, c.path, res.StatusCode, s)
			}
		}
	}

	res, body := browserA.uploadCSV(t, "/companies/import", "external_id,name,domains,billable_users\n"+bSharedCo+",A's own,,5\n")
	for _, s := range secrets {
		if strings.Contains(body, s) {
			t.Errorf("A's session: uploading a CSV answered %d with B's %q", res.StatusCode, s)
		}
	}

	if diff := cmp.Diff(before, snap(t, e.st, b.ID)); diff != "" {
		t.Errorf("B's data changed by A's requests (-before +after):\n%s", diff)
	}
	if got := listJobs(t, e.srv.URL, tokenB); len(got) != 1 || got[0].ID != job {
		t.Errorf("B's given-up jobs after A's requests = %+v, want job %d still given up", got, job)
	}
	if snap(t, e.st, a.ID).Audit == 0 {
		t.Error("A's requests left no audit entry: the table did not reach the handlers")
	}
}

// TestAPIMatchesOpenAPI runs every route as its owner and checks each
// request and answer against /api/openapi.json.
func TestAPIMatchesOpenAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "demo"})
	b, token := e.partner(t, "b")
	ext, report := setUpB(t, e, token)
	job := giveUpJob(t, e.st, b.ID, report, bJobError)
	member := addMember(t, e, b.ID, bMember)

	res, raw := apiCall(t, e.srv.URL, "", "GET", "/api/openapi.json", "", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/openapi.json = %d", res.StatusCode)
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(t.Context()); err != nil {
		t.Fatalf("the OpenAPI document is invalid: %v", err)
	}

	calls := apiCalls(ext, report, job, member, testMessage("another report"))
	table := (&server{}).apiTable()
	// Disconnecting last keeps the others meaningful.
	for i, rt := range table {
		if rt.pattern == "DELETE /api/v1/connection" {
			table = append(append(table[:i:i], table[i+1:]...), rt)
			break
		}
	}
	for _, rt := range table {
		c := calls[rt.pattern]
		checkAgainstDoc(t, doc, e.srv.URL, token, rt.pattern, c)
	}
}

func checkAgainstDoc(t *testing.T, doc *openapi3.T, base, token, pattern string, c call) {
	t.Helper()
	method, tmpl, _ := strings.Cut(pattern, " ")
	item := doc.Paths.Find(tmpl)
	if item == nil || item.GetOperation(method) == nil {
		t.Errorf("%s: not in the OpenAPI document", pattern)
		return
	}
	req, _ := http.NewRequestWithContext(t.Context(), c.method, base+c.path, bytes.NewReader(c.body))
	if c.contentType != "" {
		req.Header.Set("Content-Type", c.contentType)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	route := &routers.Route{Spec: doc, Path: tmpl, PathItem: item, Method: method, Operation: item.GetOperation(method)}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: pathParams(tmpl, c.path), Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: func(context.Context, *openapi3filter.AuthenticationInput) error { return nil }}}
	if err := openapi3filter.ValidateRequest(t.Context(), in); err != nil {
		t.Errorf("%s: request does not match the document: %v", pattern, err)
	}
	req.Body = nopCloser(c.body)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body := new(bytes.Buffer)
	_, _ = body.ReadFrom(res.Body)
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode,
		Header: res.Header, Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	out.SetBodyBytes(body.Bytes())
	if err := openapi3filter.ValidateResponse(t.Context(), out); err != nil {
		t.Errorf("%s: answer %d does not match the document: %v\n%s", pattern, res.StatusCode, err, body)
	}
}

// pathParams reads the {name} segments of tmpl from path.
func pathParams(tmpl, path string) map[string]string {
	path, _, _ = strings.Cut(path, "?")
	ts, ps := strings.Split(tmpl, "/"), strings.Split(path, "/")
	out := map[string]string{}
	for i, s := range ts {
		if strings.HasPrefix(s, "{") && i < len(ps) {
			out[strings.Trim(s, "{}")] = ps[i]
		}
	}
	return out
}
