package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/store"
)

const csvHeader = "external_id,name,domains,billable_users\n"

func TestImportCompaniesAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	p, token := e.partner(t, "a")
	tests := []struct {
		name, body    string
		status        int
		code, message string
		line          int
		field         string
	}{
		{"bad count on line 3", csvHeader + "a,A,,1\nb,B,,ten\n", 422, "invalid_csv",
			`line 3: billable_users "ten": want a whole number, 0 or more`, 3, "billable_users"},
		{"wrong header", "id,name\n", 422, "invalid_csv", "line 1: want the columns external_id,name,domains,billable_users", 1, ""},
		{"a name over the API's limit", csvHeader + "a,A,,1\nb," + strings.Repeat("n", maxNameLen+1) + ",,1\n", 422, "invalid_csv",
			fmt.Sprintf("line 3: name is over %d characters", maxNameLen), 3, "name"},
		{"a duplicate external id", csvHeader + "dup-1,A,,1\ndup-1,B,,2\n", 422, "invalid_csv",
			"line 3: external_id dup-1 already on line 2: each company once per file", 3, "external_id"},
		{"a bad domain", csvHeader + "a,A,not_a_domain,1\n", 422, "invalid_csv",
			"line 2: domains must be a domain such as example.com (international names in xn-- form)", 2, "domains"},
	}
	for _, tt := range tests {
		res, body := apiCall(t, e.srv.URL, token, "POST", "/api/v1/companies/import", "text/csv", []byte(tt.body))
		got := apiErrorOf(t, body)
		if res.StatusCode != tt.status || got.Code != tt.code || got.Message != tt.message || got.Line != tt.line || got.Field != tt.field {
			t.Errorf("%s: %d %+v, want %d %s line %d field %q %q", tt.name, res.StatusCode, got, tt.status, tt.code, tt.line, tt.field, tt.message)
		}
	}
	if cs, _ := e.st.PlatformCompanies(t.Context(), p.ID); len(cs) != 0 {
		t.Fatalf("refused files stored %d companies, want none", len(cs))
	}

	res, body := apiCall(t, e.srv.URL, token, "POST", "/api/v1/companies/import", "text/csv",
		[]byte(csvHeader+"a,Acme,ACME.example,7\nb,Beta,,\n"))
	if res.StatusCode != http.StatusOK || string(body) != "{\"imported\":2}\n" {
		t.Fatalf("importing = %d %s, want 2 imported", res.StatusCode, body)
	}
	cs, _ := e.st.PlatformCompanies(t.Context(), p.ID)
	pushed, _ := e.st.PushedCounts(t.Context(), p.ID)
	if len(cs) != 2 || cs[0].Domains[0] != "acme.example" || len(pushed) != 1 || pushed[cs[0].ID] != 7 {
		t.Errorf("stored %+v with pushed %v, want Acme with 7 and Beta counting its roster", cs, pushed)
	}
	big := csvHeader + strings.Repeat("x", maxCSVBody)
	if res, body := apiCall(t, e.srv.URL, token, "POST", "/api/v1/companies/import", "text/csv", []byte(big)); res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a file over the cap = %d %s, want 413", res.StatusCode, body)
	}
}

func TestUserBillingAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	p, token := e.partner(t, "a")
	base := e.srv.URL
	apiCall(t, base, token, "POST", "/api/v1/users", "application/json",
		[]byte(`[{"email":"Ann@a.example","name":"Ann","company_external_id":"","active":true,"billable":true}]`))

	res, body := apiCall(t, base, token, "PUT", "/api/v1/users/ann@A.example/billing", "application/json", []byte(`{"excluded":true}`))
	if res.StatusCode != http.StatusOK || string(body) != "{\"excluded\":true,\"known\":true}\n" {
		t.Errorf("excluding ann = %d %s", res.StatusCode, body)
	}
	res, body = apiCall(t, base, token, "PUT", "/api/v1/users/svc@a.example/billing", "application/json", []byte(`{"excluded":true}`))
	if res.StatusCode != http.StatusOK || string(body) != "{\"excluded\":true,\"known\":false}\n" {
		t.Errorf("excluding an address of no user yet = %d %s", res.StatusCode, body)
	}
	_, body = apiCall(t, base, token, "GET", "/api/v1/users", "", nil)
	var us []listedUserJSON
	if json.Unmarshal(body, &us) != nil || len(us) != 1 || !us[0].Excluded {
		t.Errorf("GET /api/v1/users = %s, want ann excluded", body)
	}
	ex, _ := e.st.ExcludedUsers(t.Context(), p.ID)
	if strings.Join(ex, " ") != "ann@a.example svc@a.example" {
		t.Errorf("excluded = %v", ex)
	}
	for _, c := range []struct{ path, body, field string }{
		{"/api/v1/users/ann@a.example/billing", `{}`, "excluded"},
		{"/api/v1/users/not-an-address/billing", `{"excluded":false}`, "email"},
	} {
		res, body := apiCall(t, base, token, "PUT", c.path, "application/json", []byte(c.body))
		if got := apiErrorOf(t, body); res.StatusCode != 422 || got.Field != c.field {
			t.Errorf("PUT %s %s = %d %+v, want 422 about %s", c.path, c.body, res.StatusCode, got, c.field)
		}
	}
}

var billableCell = regexp.MustCompile(`(?s)<tr data-company="evil">.*?<td class="billable">(\d+)`)

func TestCompaniesPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	p, token := e.partner(t, "a")
	admin := e.signIn(t, "a-admin@example.com")
	viewer := addViewer(t, e, p.ID, "viewer@example.com")

	res, body := admin.uploadCSV(t, "/companies/import", csvHeader+"evil,<script>alert(1)</script>,evil.example,\nok,OK,,bad\n")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `line 3: billable_users &#34;bad&#34;`) {
		t.Errorf("a bad upload = %d, want its line named:\n%s", res.StatusCode, body)
	}
	res, body = admin.uploadCSV(t, "/companies/import", csvHeader+"evil,<script>alert(1)</script>,evil.example,\n")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "1 company imported.") {
		t.Fatalf("uploading = %d:\n%s", res.StatusCode, body)
	}
	if strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the company's name is not escaped")
	}
	var users []string
	for i := range 120 {
		users = append(users, fmt.Sprintf(`{"email":"u%03d@evil.example","name":"U %d","company_external_id":"evil","active":true,"billable":true}`, i, i))
	}
	apiCall(t, e.srv.URL, token, "POST", "/api/v1/users", "application/json", []byte("["+strings.Join(users, ",")+"]"))

	_, body = admin.do(t, "GET", "/companies?company=evil&page=3", nil)
	if n := strings.Count(body, `<tr data-user=`); n != 20 || !strings.Contains(body, "120 users match; page 3 of 3") {
		t.Errorf("page 3 lists %d users, want 20 of 120", n)
	}
	if m := billableCell.FindStringSubmatch(body); m == nil || m[1] != "120" {
		t.Errorf("billable before excluding = %v, want 120", m)
	}
	_, body = admin.do(t, "GET", "/companies?q=U007", nil)
	if n := strings.Count(body, `<tr data-user=`); n != 1 || !strings.Contains(body, `data-user="u007@evil.example"`) {
		t.Errorf("searching u007 lists %d users", n)
	}

	_, body = admin.do(t, "POST", "/companies/exclude", url.Values{"email": {"u007@evil.example"}, "excluded": {"true"}, "q": {"U007"}})
	if !strings.Contains(body, "Left out of billing counts.") || !strings.Contains(body, `<tr data-user="u007@evil.example" class="excluded">`) {
		t.Errorf("excluding u007: want the flash and the same search, u007 left out:\n%s", body)
	}
	if m := billableCell.FindStringSubmatch(body); m == nil || m[1] != "119" {
		t.Errorf("billable after excluding = %v, want 119", m)
	}

	_, body = viewer.do(t, "GET", "/companies", nil)
	if strings.Contains(body, `action="/companies/`) || !strings.Contains(body, "&lt;script&gt;") {
		t.Error("a viewer's Companies page: want the list and no form")
	}
	for _, path := range []string{"/companies/exclude", "/companies/import"} {
		if res, _ := viewer.do(t, "POST", path, url.Values{"email": {"u001@evil.example"}, "excluded": {"true"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("a viewer's POST %s = %d, want 403", path, res.StatusCode)
		}
	}
	if ex, _ := e.st.ExcludedUsers(t.Context(), p.ID); len(ex) != 1 {
		t.Errorf("excluded = %v, want u007 alone", ex)
	}
	log, _ := e.st.AuditLog(t.Context(), p.ID)
	if log[0].Action != "billing.exclude" || log[0].Actor != "user:a-admin@example.com" || log[0].Detail != "u007@evil.example excluded=true" {
		t.Errorf("latest audit entry = %+v", log[0])
	}
}

func TestCompaniesUploadOverTheCap(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	p, _ := e.partner(t, "a")
	admin := e.signIn(t, "a-admin@example.com")
	for _, size := range []int{maxCSVBody + 10, maxCSVBody + 2*maxForm} {
		res, body := admin.uploadCSV(t, "/companies/import", csvHeader+strings.Repeat("x", size))
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "MiB") {
			t.Errorf("uploading %d bytes = %d, want 413 saying the cap", size, res.StatusCode)
		}
	}
	if cs, _ := e.st.PlatformCompanies(t.Context(), p.ID); len(cs) != 0 {
		t.Errorf("an upload over the cap stored %d companies", len(cs))
	}
}

// TestCompaniesExcludeFormValue checks that the Companies page's exclude
// form takes only the values its buttons send: anything else would
// silently count the user in billing again.
func TestCompaniesExcludeFormValue(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	p, _ := e.partner(t, "a")
	admin := e.signIn(t, "a-admin@example.com")
	admin.do(t, "POST", "/companies/exclude", url.Values{"email": {"svc@a.example"}, "excluded": {"true"}})

	for _, v := range []url.Values{{"excluded": {"maybe"}}, {"excluded": {""}}, {}, {"excluded": {"TRUE "}}} {
		v.Set("email", "svc@a.example")
		res, body := admin.do(t, "POST", "/companies/exclude", v)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "excluded must be true or false") {
			t.Errorf("POST excluded=%q = %d, want 400 saying the values:\n%s", v["excluded"], res.StatusCode, body)
		}
	}
	if ex, _ := e.st.ExcludedUsers(t.Context(), p.ID); len(ex) != 1 {
		t.Errorf("excluded = %v, want svc@a.example still left out", ex)
	}
	if res, body := admin.do(t, "POST", "/companies/exclude", url.Values{"email": {"svc@a.example"}, "excluded": {"false"}}); res.StatusCode != http.StatusOK || !strings.Contains(body, "Counted in billing again.") {
		t.Errorf("excluded=false = %d, want counted again", res.StatusCode)
	}
}

// TestCompaniesPagePastTheEnd: a page number past the last, or one that
// would overflow the offset, shows the last page.
func TestCompaniesPagePastTheEnd(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	p, _ := e.partner(t, "a")
	_, err := e.st.UpsertPlatformCompany(t.Context(), store.PlatformCompany{PartnerID: p.ID, ExternalID: "c-1", Name: "Acme"})
	must(t, err)
	b := e.signIn(t, "a-admin@example.com")
	for _, q := range []string{"?cpage=4", "?cpage=9223372036854775807", "?cpage=368934881474191034&page=99999999999"} {
		res, body := b.do(t, "GET", "/companies"+q, nil)
		if res.StatusCode != 200 || !strings.Contains(body, "1 company matches; page 1 of 1.") ||
			!strings.Contains(body, "Acme") || !strings.Contains(body, "page 1 of 1") {
			t.Errorf("/companies%s = %d; want the last (only) page with Acme", q, res.StatusCode)
		}
	}
}
