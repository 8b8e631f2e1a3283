package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/store"
)

// addMember gives the partner a viewer who can sign in, and returns their id.
func addMember(t *testing.T, e *env, partnerID int64, email string) int64 {
	t.Helper()
	hash, err := HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	u, err := e.st.CreateWebUser(t.Context(), store.WebUser{PartnerID: partnerID, Email: email,
		PasswordHash: hash, Role: store.RoleViewer})
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// uploadCSV posts content as the file of a multipart form, with the CSRF
// token, as a browser's upload does.
func (b *browser) uploadCSV(t *testing.T, path, content string) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf", b.csrf)
	fw, _ := mw.CreateFormFile("file", "companies.csv")
	_, _ = io.WriteString(fw, content)
	_ = mw.Close()
	req, _ := http.NewRequestWithContext(t.Context(), "POST", b.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res, string(out)
}

// apiErrorOf decodes an API error body.
func apiErrorOf(t *testing.T, body []byte) APIError {
	t.Helper()
	var eb errorBody
	if err := json.Unmarshal(body, &eb); err != nil {
		t.Fatalf("not an API error: %s", body)
	}
	return eb.Error
}

func TestMembersAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	p, token := e.partner(t, "a")
	base := e.srv.URL
	const secretPassword = "tr0ub4dor & 3 horses"

	res, body := apiCall(t, base, token, "POST", "/api/v1/members", "application/json",
		[]byte(`{"email":"Vic@a.example","role":"viewer","password":"`+secretPassword+`"}`))
	var vic memberJSON
	if res.StatusCode != http.StatusCreated || json.Unmarshal(body, &vic) != nil || vic.Role != store.RoleViewer {
		t.Fatalf("POST /api/v1/members = %d %s, want 201 and the viewer", res.StatusCode, body)
	}
	if bytes.Contains(body, []byte(secretPassword)) || bytes.Contains(body, []byte("argon2")) {
		t.Errorf("the answer carries the password or its hash: %s", body)
	}
	if ok := signInWorks(t, e, "vic@a.example", secretPassword); !ok {
		t.Error("the new user cannot sign in with the password given")
	}

	tests := []struct {
		name, method, path, body string
		status                   int
		code, field              string
	}{
		{"taken address", "POST", "/api/v1/members", `{"email":"vic@A.example","role":"admin","password":"` + secretPassword + `"}`, 409, "conflict", ""},
		{"short password", "POST", "/api/v1/members", `{"email":"w@a.example","role":"admin","password":"short pw"}`, 422, "invalid_field", "password"},
		{"no address", "POST", "/api/v1/members", `{"email":"nobody","role":"admin","password":"` + secretPassword + `"}`, 422, "invalid_field", "email"},
		{"unknown role", "POST", "/api/v1/members", `{"email":"w@a.example","role":"owner","password":"` + secretPassword + `"}`, 422, "invalid_field", "role"},
		{"password field mistyped", "POST", "/api/v1/members", `{"email":"w@a.example","role":"admin","password":12}`, 400, "invalid_field", "password"},
		{"demote the last admin", "PUT", "/api/v1/members/1", `{"role":"viewer"}`, 409, "last_admin", ""},
		{"unknown member", "PUT", "/api/v1/members/999", `{"role":"viewer"}`, 404, "not_found", ""},
		{"delete the last admin", "DELETE", "/api/v1/members/1", "", 409, "last_admin", ""},
	}
	for _, tt := range tests {
		res, body := apiCall(t, base, token, tt.method, tt.path, "application/json", []byte(tt.body))
		got := apiErrorOf(t, body)
		if res.StatusCode != tt.status || got.Code != tt.code || got.Field != tt.field {
			t.Errorf("%s: %d %+v, want %d %s field %q", tt.name, res.StatusCode, got, tt.status, tt.code, tt.field)
		}
		if strings.Contains(string(body), secretPassword) || strings.Contains(string(body), "short pw") {
			t.Errorf("%s: the error repeats the password: %s", tt.name, body)
		}
	}

	res, body = apiCall(t, base, token, "PUT", fmt.Sprintf("/api/v1/members/%d", vic.ID), "application/json", []byte(`{"role":"admin"}`))
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `"role":"admin"`) {
		t.Errorf("promoting vic = %d %s", res.StatusCode, body)
	}
	if res, body := apiCall(t, base, token, "DELETE", "/api/v1/members/1", "", nil); res.StatusCode != http.StatusNoContent {
		t.Errorf("deleting the first admin beside vic = %d %s, want 204", res.StatusCode, body)
	}
	res, body = apiCall(t, base, token, "GET", "/api/v1/members", "", nil)
	var ms []memberJSON
	_ = json.Unmarshal(body, &ms)
	if res.StatusCode != http.StatusOK || len(ms) != 1 || ms[0].Email != "Vic@a.example" {
		t.Errorf("GET /api/v1/members = %d %s, want vic alone", res.StatusCode, body)
	}

	log, _ := e.st.AuditLog(t.Context(), p.ID)
	var got []string
	for _, l := range log {
		got = append(got, l.Actor+" "+l.Action+" "+l.Detail)
		if strings.Contains(l.Detail, secretPassword) {
			t.Errorf("the audit log holds the password: %+v", l)
		}
	}
	want := []string{"token:a user.remove a-admin@example.com (admin)", "token:a user.role Vic@a.example is now admin",
		"token:a user.create Vic@a.example (viewer)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("audit log (-want +got):\n%s", diff)
	}
}

// signInWorks reports whether email signs in with password.
func signInWorks(t *testing.T, e *env, email, password string) bool {
	t.Helper()
	b := &browser{c: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		base: e.srv.URL}
	res, _ := b.do(t, "POST", "/login", url.Values{"email": {email}, "password": {password}})
	return res.StatusCode == http.StatusSeeOther && res.Header.Get("Location") == "/integrations"
}

func TestMembersAPIRefusesViewerTokens(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	p, _ := e.partner(t, "a")
	token, hash, _ := NewToken()
	if _, err := e.st.CreateAPIToken(t.Context(), store.APIToken{PartnerID: p.ID, Name: "ro", Hash: hash, Role: store.RoleViewer}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []call{
		{"POST", "/api/v1/members", "application/json", []byte(`{"email":"x@a.example","role":"admin","password":"` + testPassword + `"}`)},
		{"PUT", "/api/v1/members/1", "application/json", []byte(`{"role":"viewer"}`)},
		{"DELETE", "/api/v1/members/1", "", nil},
		{"POST", "/api/v1/companies/import", "text/csv", []byte("external_id,name,domains,billable_users\nx,X,,\n")},
		{"PUT", "/api/v1/users/x@a.example/billing", "application/json", []byte(`{"excluded":true}`)},
	} {
		res, body := apiCall(t, e.srv.URL, token, c.method, c.path, c.contentType, c.body)
		if res.StatusCode != http.StatusForbidden || apiErrorOf(t, body).Code != "forbidden" {
			t.Errorf("viewer token: %s %s = %d %s, want 403 forbidden", c.method, c.path, res.StatusCode, body)
		}
	}
	if res, _ := apiCall(t, e.srv.URL, token, "GET", "/api/v1/members", "", nil); res.StatusCode != http.StatusOK {
		t.Errorf("viewer token: GET /api/v1/members = %d, want 200", res.StatusCode)
	}
}

func TestTeamPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	p, _ := e.partner(t, "a")
	admin := e.signIn(t, "a-admin@example.com")

	res, body := admin.do(t, "POST", "/team", url.Values{"email": {"vee at a.example"}, "role": {"viewer"}, "password": {testPassword}})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "must be an e-mail address") {
		t.Errorf("adding a malformed address = %d, want the form's error:\n%s", res.StatusCode, body)
	}
	res, body = admin.do(t, "POST", "/team", url.Values{"email": {"vee@a.example"}, "role": {"viewer"}, "password": {testPassword}})
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "vee@a.example is added as viewer") {
		t.Fatalf("adding a viewer = %d:\n%s", res.StatusCode, body)
	}
	if strings.Contains(body, testPassword) {
		t.Error("the page shows the password back")
	}
	vee := e.signIn(t, "vee@a.example")

	_, body = vee.do(t, "GET", "/team", nil)
	if !strings.Contains(body, "a-admin@example.com") || strings.Contains(body, `action="/team`) {
		t.Errorf("a viewer's Team page: want the list and no form:\n%s", body)
	}
	if strings.Contains(body, "$argon2id$") {
		t.Error("the Team page shows a password hash")
	}
	if res, _ := vee.do(t, "POST", "/team", url.Values{"email": {"x@a.example"}, "role": {"admin"}, "password": {testPassword}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer adding a user = %d, want 403", res.StatusCode)
	}

	us, _ := e.st.WebUsers(t.Context(), p.ID)
	self, other := us[0].ID, us[1].ID
	_, body = admin.do(t, "GET", "/team", nil)
	if strings.Contains(body, fmt.Sprintf(`action="/team/%d/remove"`, self)) || !strings.Contains(body, fmt.Sprintf(`action="/team/%d/remove"`, other)) {
		t.Error("the Team page offers to remove the signed-in user, or not the other")
	}
	_, body = admin.do(t, "POST", fmt.Sprintf("/team/%d/remove", self), url.Values{})
	if !strings.Contains(body, errRemoveSelf.message) {
		t.Errorf("removing oneself: want %q on the page", errRemoveSelf.message)
	}
	_, body = admin.do(t, "POST", fmt.Sprintf("/team/%d/role", self), url.Values{"role": {"viewer"}})
	if !strings.Contains(body, errLastAdmin.message) {
		t.Errorf("demoting the last admin: want %q on the page", errLastAdmin.message)
	}

	_, body = admin.do(t, "POST", fmt.Sprintf("/team/%d/remove", other), url.Values{})
	if !strings.Contains(body, "vee@a.example is removed") {
		t.Errorf("removing vee: want the flash:\n%s", body)
	}
	vee.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if res, _ := vee.do(t, "GET", "/team", nil); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
		t.Errorf("a removed user's session: GET /team = %d to %q, want a redirect to /login", res.StatusCode, res.Header.Get("Location"))
	}
}
