package browsertest

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/psabridge/psabridge/internal/store"
)

// evilName is a company name from a CSV file that carries script and HTML.
const evilName = `<script>window.__xss=1</script><img src=x onerror=window.__xss=1>Evil Corp`

// TestAdminPages drives the Team and Companies pages: an administrator adds
// a viewer, imports a CSV file whose company name carries script, sees it
// as text, and excludes a user, which lowers the company's billable count.
func TestAdminPages(t *testing.T) {
	s := newSite(t)
	ctx := newBrowser(t)
	j := &journey{t: t, ctx: ctx, s: s, dir: artefacts(t)}

	j.run("admin-01-sign-in", chromedp.Navigate(s.url+"/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "admin@msp.example"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), password),
		chromedp.Click(chromedp.CSS(`#login button`)), chromedp.WaitVisible(chromedp.CSS(`#connect`)))
	j.addViewer()
	j.importEvilCSV()
	j.excludeUser()

	for _, page := range []string{"/companies", "/companies?company=evil", "/team", "/audit", "/mapping"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.url+page), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
			t.Fatal(err)
		}
		ran, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!`+xssProbe))
		if err != nil {
			t.Fatal(err)
		}
		if ran {
			t.Errorf("%s: a payload from the CSV file ran", page)
		}
	}
}

// addViewer adds a viewer on the Team page and checks they are listed,
// stored with a hash, and never shown their password.
func (j *journey) addViewer() {
	j.t.Helper()
	const viewerPassword = "viewer password 123"
	j.run("admin-02-team", chromedp.Navigate(j.s.url+"/team"), chromedp.WaitVisible(chromedp.CSS(`#member-create`)))
	j.run("admin-03-viewer-added",
		chromedp.SendKeys(chromedp.CSS(`#f-member-email`), "viewer@msp.example"),
		chromedp.SetValue(chromedp.CSS(`#f-member-role`), "viewer"),
		chromedp.SendKeys(chromedp.CSS(`#f-member-password`), viewerPassword),
		chromedp.Click(chromedp.CSS(`#member-create button`)), chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	if got := j.text(`#members tr:nth-child(2) td.role`); got != "viewer" {
		j.t.Errorf("the new user's role shows as %q, want viewer", got)
	}
	if got := j.text(`#members tr:nth-child(2) td.email`); got != "viewer@msp.example" {
		j.t.Errorf("the new user shows as %q", got)
	}
	html, err := chromedp.Run(j.ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if err != nil || strings.Contains(html, viewerPassword) || strings.Contains(html, "argon2") {
		j.t.Errorf("the Team page shows the password or a hash (%v)", err)
	}
	u, err := j.s.st.WebUserByEmail(j.t.Context(), "viewer@msp.example")
	if err != nil || u.Role != store.RoleViewer || !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		j.t.Errorf("stored viewer = %+v, %v; want a viewer with an argon2id hash", u.Role, err)
	}
}

// importEvilCSV uploads a companies file on the Companies page and checks
// the hostile name shows as text.
func (j *journey) importEvilCSV() {
	j.t.Helper()
	file := filepath.Join(j.t.TempDir(), "companies.csv")
	csv := "external_id,name,domains,billable_users\nevil," + evilName + ",evil.example,\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		j.t.Fatal(err)
	}
	row := `#companies tr[data-company="evil"]`
	j.run("admin-04-companies", chromedp.Navigate(j.s.url+"/companies"), chromedp.WaitVisible(chromedp.CSS(`#company-import`)))
	j.run("admin-05-imported", chromedp.SetUploadFiles(chromedp.CSS(`#f-import-file`), []string{file}),
		chromedp.Click(chromedp.CSS(`#company-import button`)), chromedp.WaitVisible(chromedp.CSS(row)))
	if got := j.text(row + ` td.name`); got != evilName {
		j.t.Errorf("the imported name shows as %q, want its markup as text %q", got, evilName)
	}
	if n := j.count(row + ` td.name script, ` + row + ` td.name img`); n != 0 {
		j.t.Errorf("the name became %d elements", n)
	}
}

// excludeUser gives the evil company three users through the API,
// excludes one on the Companies page and checks the billable count drops.
func (j *journey) excludeUser() {
	j.t.Helper()
	body := `[{"email":"e1@evil.example","name":"E1","company_external_id":"evil","active":true,"billable":true},` +
		`{"email":"e2@evil.example","name":"E2","company_external_id":"evil","active":true,"billable":true},` +
		`{"email":"e3@evil.example","name":"E3","company_external_id":"evil","active":true,"billable":true}]`
	req, _ := http.NewRequestWithContext(j.t.Context(), "POST", j.s.url+"/api/v1/users", bytes.NewReader([]byte(body)))
	req.Header.Set("Authorization", "Bearer "+j.s.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != http.StatusOK {
		j.t.Fatalf("sending the users: %v %v", res, err)
	}
	res.Body.Close()

	billable := `#companies tr[data-company="evil"] td.billable`
	user := `#users tr[data-user="e2@evil.example"]`
	j.run("admin-06-users", chromedp.Navigate(j.s.url+"/companies?company=evil"), chromedp.WaitVisible(chromedp.CSS(user)))
	if got := j.text(billable); got != "3" {
		j.t.Errorf("billable before excluding = %q, want 3", got)
	}
	j.run("admin-07-excluded", chromedp.Click(chromedp.CSS(user+` button.toggle`)),
		chromedp.WaitVisible(chromedp.CSS(user+`.excluded`)))
	if got := j.text(billable); got != "2" {
		j.t.Errorf("billable after excluding = %q, want 2", got)
	}
	if n := j.count(`#users tr[data-user]`); n != 3 {
		j.t.Errorf("after excluding, the page lists %d users, want the same company's 3", n)
	}
}
