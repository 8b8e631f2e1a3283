package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/cwsandbox"
)

// TestDeleteCompanyAPI checks that DELETE /api/v1/companies/{external_id}
// deletes the company with its users, keeps its report, audits who did it,
// and answers 404 for an unknown id and for a viewer's token 403.
func TestDeleteCompanyAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	p, token := e.partner(t, "a")
	apiCall(t, e.srv.URL, token, "POST", "/api/v1/companies/import", "text/csv",
		[]byte(csvHeader+"junk,???,,3\nkeep,Keep,,\n"))
	apiCall(t, e.srv.URL, token, "POST", "/api/v1/users", "application/json",
		[]byte(`[{"email":"j@junk.example","name":"J","company_external_id":"junk","active":true,"billable":true}]`))
	res, body := apiCall(t, e.srv.URL, token, "POST", "/api/v1/reports?reporter=j@junk.example", "message/rfc822", testMessage("kept"))
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("submitting a report = %d %s", res.StatusCode, body)
	}

	if res, body := apiCall(t, e.srv.URL, token, "DELETE", "/api/v1/companies/nope", "", nil); res.StatusCode != http.StatusNotFound ||
		apiErrorOf(t, body).Code != "not_found" {
		t.Errorf("deleting an unknown company = %d %s, want 404 not_found", res.StatusCode, body)
	}
	if res, body := apiCall(t, e.srv.URL, token, "DELETE", "/api/v1/companies/junk", "", nil); res.StatusCode != http.StatusNoContent {
		t.Fatalf("deleting junk = %d %s, want 204", res.StatusCode, body)
	}
	cs, _ := e.st.PlatformCompanies(t.Context(), p.ID)
	us, _ := e.st.EndUsers(t.Context(), p.ID)
	rs, _ := e.st.Reports(t.Context(), p.ID)
	if len(cs) != 1 || cs[0].ExternalID != "keep" || len(us) != 0 || len(rs) != 1 || rs[0].PlatformCompanyID != 0 {
		t.Errorf("after deleting: companies %+v, users %+v, reports %+v; want keep alone, no user, the report with no company", cs, us, rs)
	}
	log, _ := e.st.AuditLog(t.Context(), p.ID)
	if log[0].Action != "companies.delete" || log[0].Actor == "" ||
		!strings.Contains(log[0].Detail, "1 users") {
		t.Errorf("latest audit entry = %+v, want companies.delete of junk with 1 user", log[0])
	}
}

// TestCompaniesDeleteButton checks the Companies page's Delete button: it
// asks first, deletes only when confirmed, is not shown to viewers and
// refuses their POST.
func TestCompaniesDeleteButton(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	p, _ := e.partner(t, "a")
	admin := e.signIn(t, "a-admin@example.com")
	viewer := addViewer(t, e, p.ID, "viewer@example.com")
	admin.uploadCSV(t, "/companies/import", csvHeader+"junk,Junk Co,,\nkeep,Keep,,\n")

	_, body := admin.do(t, "GET", "/companies", nil)
	if n := strings.Count(body, `action="/companies/delete"`); n != 2 {
		t.Errorf("the admin's page has %d Delete buttons, want one per company", n)
	}
	res, body := admin.do(t, "POST", "/companies/delete", url.Values{"external_id": {"junk"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `id="confirm-company-delete"`) || !strings.Contains(body, "Junk Co") {
		t.Errorf("Delete = %d, want a page asking to confirm:\n%s", res.StatusCode, body)
	}
	if cs, _ := e.st.PlatformCompanies(t.Context(), p.ID); len(cs) != 2 {
		t.Fatalf("asking to confirm deleted a company: %d left", len(cs))
	}

	_, body = viewer.do(t, "GET", "/companies", nil)
	if strings.Contains(body, `action="/companies/delete"`) {
		t.Error("a viewer's Companies page shows a Delete button")
	}
	for _, form := range []url.Values{{"external_id": {"junk"}}, {"external_id": {"junk"}, "confirm": {"yes"}}} {
		if res, _ := viewer.do(t, "POST", "/companies/delete", form); res.StatusCode != http.StatusForbidden {
			t.Errorf("a viewer's POST /companies/delete %v = %d, want 403", form, res.StatusCode)
		}
	}

	res, body = admin.do(t, "POST", "/companies/delete", url.Values{"external_id": {"junk"}, "confirm": {"yes"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Deleted Junk Co (junk) and its 0 users.") {
		t.Errorf("confirming = %d, want the flash:\n%s", res.StatusCode, body)
	}
	if cs, _ := e.st.PlatformCompanies(t.Context(), p.ID); len(cs) != 1 || cs[0].ExternalID != "keep" {
		t.Errorf("after confirming, companies = %+v, want keep alone", cs)
	}
	if res, _ := admin.do(t, "POST", "/companies/delete", url.Values{"external_id": {"junk"}, "confirm": {"yes"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("deleting junk again = %d, want 404", res.StatusCode)
	}
}

// TestCompaniesPagePagesCompanies checks that the Companies page lists 50
// companies a page, searches them by name or id, and keeps the users'
// search and company while paging.
func TestCompaniesPagePagesCompanies(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	e.partner(t, "a")
	admin := e.signIn(t, "a-admin@example.com")
	var rows strings.Builder
	rows.WriteString(csvHeader)
	for i := range 120 {
		fmt.Fprintf(&rows, "c%03d,Company %03d,,\n", i, i)
	}
	admin.uploadCSV(t, "/companies/import", rows.String())

	_, body := admin.do(t, "GET", "/companies", nil)
	if n := strings.Count(body, `<tr data-company=`); n != 50 || !strings.Contains(body, "120 companies match; page 1 of 3") {
		t.Errorf("page 1 lists %d companies, want 50 of 120", n)
	}
	_, body = admin.do(t, "GET", "/companies?cpage=3&company=c001&q=x", nil)
	if n := strings.Count(body, `<tr data-company=`); n != 20 || !strings.Contains(body, `data-company="c119"`) ||
		!strings.Contains(body, `href="/companies?company=c001&amp;cpage=2&amp;q=x" rel="prev"`) {
		t.Errorf("page 3 lists %d companies, want the last 20 and a Previous link keeping the users' view:\n%s", n, body)
	}
	if !strings.Contains(body, `<option value="c001" selected>Company 001</option>`) {
		t.Error("the picked company on another page is not selected in the users' filter")
	}
	_, body = admin.do(t, "GET", "/companies?cq=COMPANY+11", nil)
	if n := strings.Count(body, `<tr data-company=`); n != 10 || !strings.Contains(body, "10 companies match; page 1 of 1") {
		t.Errorf("searching company 11 lists %d companies, want 10", n)
	}
	_, body = admin.do(t, "GET", "/companies?cq=c042", nil)
	if n := strings.Count(body, `<tr data-company=`); n != 1 || !strings.Contains(body, `data-company="c042"`) {
		t.Errorf("searching by id c042 lists %d companies", n)
	}
}
