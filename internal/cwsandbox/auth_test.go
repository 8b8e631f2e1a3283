package cwsandbox

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCompanyInfo(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{CompanyID: "AcmeMSP"})
	a := f.send(t, f.request(t, http.MethodGet, f.srv.URL+"/login/companyinfo/AcmeMSP", nil))
	wantStatus(t, a, http.StatusOK)
	var got map[string]any
	a.decode(t, &got)
	host := strings.TrimPrefix(f.srv.URL, "http://")
	if got["Codebase"] != "v2025_1/" || got["CompanyID"] != "AcmeMSP" || got["SiteUrl"] != host || got["IsCloud"] != false {
		t.Errorf("companyinfo = %v", got)
	}
	for _, id := range []string{"acmemsp", "nobody"} {
		a := f.send(t, f.request(t, http.MethodGet, f.srv.URL+"/login/companyinfo/"+id, nil))
		if a.status != http.StatusOK || strings.TrimSpace(string(a.body)) != "null" {
			t.Errorf("companyinfo/%s = %d %s, want 200 null", id, a.status, a.body)
		}
	}
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	co, pub, priv, _ := f.sb.Credentials()
	tests := []struct {
		name   string
		edit   func(*http.Request)
		status int
		code   string
	}{
		{"no credentials", func(r *http.Request) { r.Header.Del("Authorization") }, 401, "Unauthorized"},
		{"wrong private key", func(r *http.Request) { r.SetBasicAuth(co+"+"+pub, priv+"x") }, 401, "Unauthorized"},
		{"company id in other case", func(r *http.Request) { r.SetBasicAuth(strings.ToUpper(co)+"+"+pub, priv) }, 401, "Unauthorized"},
		{"no clientId", func(r *http.Request) { r.Header.Del("clientId") }, 400, "InvalidClientId"},
		{"wrong clientId", func(r *http.Request) { r.Header.Set("clientId", "nope") }, 400, "InvalidClientId"},
	}
	for _, tt := range tests {
		a := f.call(t, http.MethodGet, "/system/info", nil, tt.edit)
		e := wantError(t, a, tt.status, tt.code)
		if tt.status == 400 && !strings.Contains(e.Message, "clientId") {
			t.Errorf("%s: message %q does not mention clientId", tt.name, e.Message)
		}
		if strings.Contains(string(a.body), priv) {
			t.Errorf("%s: the answer contains the private key", tt.name)
		}
	}
}

func TestVersionAndCodebase(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	a := f.call(t, http.MethodGet, "/system/info", nil, func(r *http.Request) {
		r.Header.Set("Accept", "application/vnd.connectwise.com+json; version=2025.1")
	})
	if ct := a.header.Get("Content-Type"); ct != "application/vnd.connectwise.com+json; version=2025.1" {
		t.Errorf("Content-Type = %q", ct)
	}
	if ct := f.call(t, http.MethodGet, "/system/info", nil).header.Get("Content-Type"); !strings.HasSuffix(ct, "version=2025.16") {
		t.Errorf("default Content-Type = %q", ct)
	}
	f.sb.SetCodebase("v2025_2/")
	req := f.request(t, http.MethodGet, f.srv.URL+"/v2025_1/apis/3.0/system/info", nil)
	wantError(t, f.send(t, req), http.StatusNotFound, "NotFound")
	wantStatus(t, f.call(t, http.MethodGet, "/system/info", nil), http.StatusOK)
	wantError(t, f.call(t, http.MethodGet, "/no/such/thing", nil), http.StatusNotFound, "NotFound")
	wantError(t, f.call(t, http.MethodPut, "/system/info", nil), http.StatusMethodNotAllowed, "MethodNotAllowed")
}

func TestSecurityRights(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{Deny: []string{"Finance/Agreements/inquire"}})
	e := wantError(t, f.call(t, http.MethodGet, "/finance/agreements?pageSize=1", nil), http.StatusForbidden, "Security")
	if e.Message != "You do not have security permission for this action." {
		t.Errorf("message = %q", e.Message)
	}
	f.sb.SetRight("Finance", "Agreements", "inquire", "All")
	wantStatus(t, f.call(t, http.MethodGet, "/finance/agreements?pageSize=1", nil), http.StatusOK)
	f.sb.SetRight("finance", "agreements", "inquireLevel", "My")
	wantError(t, f.call(t, http.MethodGet, "/finance/agreements/1", nil), http.StatusForbidden, "Security")

	wantError(t, f.call(t, http.MethodPatch, "/company/companies/2", []any{}), http.StatusForbidden, "Security")
	wantError(t, f.call(t, http.MethodGet, "/system/securityroles", nil), http.StatusForbidden, "Security")
}

func TestMySecurityMatchesDesign(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	a := f.call(t, http.MethodGet, "/system/mySecurity?pageSize=100", nil)
	wantStatus(t, a, http.StatusOK)
	var rows []map[string]any
	a.decode(t, &rows)
	got := map[string]string{}
	for _, r := range rows {
		key := r["moduleName"].(string) + " › " + r["moduleFunctionName"].(string)
		got[key] = strings.Join([]string{r["addLevel"].(string), r["editLevel"].(string),
			r["deleteLevel"].(string), r["inquireLevel"].(string)}, "/")
	}
	want := map[string]string{
		"Companies › Company Maintenance": "None/None/None/All",
		"Companies › Contacts":            "None/None/None/All",
		"Companies › Manage Attachments":  "All/None/None/All",
		"Finance › Agreements":            "None/All/None/All",
		"Procurement › Product Catalog":   "None/None/None/All",
		"Service Desk › Service Tickets":  "All/None/None/All",
		"System › Member Maintenance":     "None/None/None/None",
		"System › Security Roles":         "None/None/None/None",
		"System › Table Setup":            "None/None/None/All",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mySecurity (-want +got):\n%s", diff)
	}

	var me map[string]any
	f.call(t, http.MethodGet, "/system/myMembers", nil).decode(t, &me)
	if me["licenseClass"] != "A" || me["serviceDefaultBoard"].(map[string]any)["name"] != "Service Desk" {
		t.Errorf("myMembers = %v", me)
	}
	f2 := newFixture(t, Config{NoDefaultBoard: true, Seed: "empty"})
	var me2 map[string]any
	f2.call(t, http.MethodGet, "/system/myMembers", nil).decode(t, &me2)
	if _, ok := me2["serviceDefaultBoard"]; ok {
		t.Errorf("NoDefaultBoard: myMembers still has serviceDefaultBoard: %v", me2)
	}
}

func TestRoleSettingsPathIsCaseInsensitive(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	f.sb.SetRight("System", "Security Roles", "inquire", "All")
	for _, p := range []string{"/system/securityRoles/2/settings", "/system/securityroles/2/settings"} {
		a := f.call(t, http.MethodGet, p, nil)
		wantStatus(t, a, http.StatusOK)
		var rows []map[string]any
		a.decode(t, &rows)
		if len(rows) != len(functions) {
			t.Errorf("%s: %d rows, want %d", p, len(rows), len(functions))
		}
	}
	calls := f.sb.Calls()
	if calls["GET /system/securityRoles/{id}/settings"] != 2 {
		t.Errorf("Calls() = %v", calls)
	}
}

func TestCallsAreCounted(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	f.call(t, http.MethodGet, "/company/companies/2", nil)
	f.call(t, http.MethodGet, "/company/companies/3", nil)
	f.call(t, http.MethodPatch, "/finance/agreements/1/additions/1", []map[string]any{})
	got := f.sb.Calls()
	want := map[string]int{"GET /company/companies/{id}": 2, "PATCH /finance/agreements/{id}/additions/{id}": 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Calls() (-want +got):\n%s", diff)
	}
}
