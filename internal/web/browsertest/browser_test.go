// Package browsertest drives the web UI in headless Chromium through the
// partner's journey. It skips when no chromium binary is installed
// (apt-get install -y chromium).
package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/outbound"
	"github.com/psabridge/psabridge/internal/store"
	"github.com/psabridge/psabridge/internal/web"
)

const password = "correct horse battery staple"

func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium binary: install Debian's chromium (apt-get install -y chromium) to run the browser tests")
	return ""
}

// site is psabridge's web server beside a sandbox that lacks one right.
type site struct {
	url     string
	st      *store.SQLite
	sandbox *cwsandbox.Server
	token   string
}

func newSite(t *testing.T) *site {
	t.Helper()
	st, err := store.Open(t.Context(), store.Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sb, err := cwsandbox.Start("127.0.0.1:0", cwsandbox.Config{Seed: "demo", Deny: []string{"Finance/Agreements/edit"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sb.Close() })
	policy := &outbound.Policy{}
	policy.Allow(strings.TrimPrefix(sb.URL, "http://"))
	_, _, _, client := sb.Sandbox.Credentials()
	h, err := web.New(web.Config{Store: st, Policy: policy, ClientID: client,
		Limits: cwm.LimiterConfig{RequestsPerSecond: 10000, Burst: 1000, MaxInFlight: 8}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &site{url: srv.URL, st: st, sandbox: sb, token: seedPartner(t, st)}
}

// seedPartner creates the partner, its administrator, a token, and
// platform companies named as another system names the sandbox's.
func seedPartner(t *testing.T, st *store.SQLite) string {
	t.Helper()
	ctx := t.Context()
	p, err := st.CreatePartner(ctx, "msp", "Demo MSP")
	if err != nil {
		t.Fatal(err)
	}
	hash, _ := web.HashPassword(password)
	if _, err := st.CreateWebUser(ctx, store.WebUser{PartnerID: p.ID, Email: "admin@msp.example", PasswordHash: hash, Role: store.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	token, tokenHash, _ := web.NewToken()
	if _, err := st.CreateAPIToken(ctx, store.APIToken{PartnerID: p.ID, Name: "platform", Hash: tokenHash, Role: store.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	for i, c := range cwsandbox.DemoCompanies()[:3] {
		pc, err := st.UpsertPlatformCompany(ctx, store.PlatformCompany{PartnerID: p.ID, ExternalID: fmt.Sprintf("c%d", i),
			Name: c.Name, Domains: []string{c.Domain}})
		if err != nil {
			t.Fatal(err)
		}
		for j := range 3 {
			_, err := st.UpsertEndUser(ctx, store.EndUser{PartnerID: p.ID, CompanyID: pc.ID,
				Email: fmt.Sprintf("user%d@%s", j, c.Domain), Name: "User", Active: true, Billable: true})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return token
}

func artefacts(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("PSABRIDGE_ARTEFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "psabridge-browser-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 1000),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 110*time.Second)
	t.Cleanup(cancel3)
	return ctx
}

// shot saves a full-page screenshot named after the step.
func shot(dir, name string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		buf, err := chromedp.FullScreenshot(80)(ctx, t)
		if err != nil {
			return chromedp.Void{}, err
		}
		return chromedp.Void{}, os.WriteFile(filepath.Join(dir, name+".jpg"), buf, 0o644)
	}
}

// xssProbe is set by any payload that runs.
const xssProbe = `window.__xss`

// hostile is a report whose subject, sender name and attachment name
// carry script and HTML.
func hostile() []byte {
	payload := `<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>`
	return []byte("From: \"" + `<script>window.__xss=1</script>Evil` + "\" <evil@phish.example>\r\n" +
		"To: user0@x.example\r\nSubject: " + payload + "\r\nMessage-ID: <x@phish.example>\r\n" +
		"Date: Mon, 2 Jan 2006 15:04:05 +0000\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n" +
		"--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"<svg onload=window.__xss=1>.pdf\"\r\n\r\nAAAA\r\n--b--\r\n")
}

func TestJourney(t *testing.T) {
	s := newSite(t)
	dir := artefacts(t)
	ctx := newBrowser(t)
	company, public, private, _ := s.sandbox.Sandbox.Credentials()
	text := func(sel string) string {
		out, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("reading %s: %v", sel, err)
		}
		return out
	}
	run := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, append(actions, shot(dir, step))...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}

	run("01-sign-in", chromedp.Navigate(s.url+"/login"),
		chromedp.SendKeys(chromedp.CSS(`input[name=email]`), "admin@msp.example"),
		chromedp.SendKeys(chromedp.CSS(`input[name=password]`), password),
		chromedp.Click(chromedp.CSS(`#login button`)), chromedp.WaitVisible(chromedp.CSS(`#connect`)))

	run("02-connect", chromedp.SendKeys(chromedp.CSS(`#f-company_id`), company),
		chromedp.SendKeys(chromedp.CSS(`#f-url`), s.sandbox.URL),
		chromedp.SendKeys(chromedp.CSS(`#f-public_key`), public),
		chromedp.SendKeys(chromedp.CSS(`#f-private_key`), private),
		chromedp.Click(chromedp.CSS(`#connect button`)), chromedp.WaitVisible(chromedp.CSS(`#feature-billing`)))
	if got := text(`#feature-billing li.bad`); !strings.Contains(got, "Finance › Agreements › Edit") {
		t.Fatalf("billing's red line = %q, want Finance › Agreements › Edit", got)
	}

	err := cwsandbox.Control{URL: s.sandbox.URL, Token: s.sandbox.ControlToken}.SetRight(ctx,
		cwsandbox.RightChange{Module: "Finance", Function: "Agreements", Level: "edit", Value: "All"})
	if err != nil {
		t.Fatal(err)
	}
	run("03-recheck-green", chromedp.Click(chromedp.CSS(`#recheck`)),
		chromedp.WaitVisible(chromedp.CSS(`#feature-billing h3 span.ok`)))
	run("04-switch-on", chromedp.Click(chromedp.CSS(`#switch-billing`)), chromedp.WaitVisible(chromedp.CSS(`.flash`)),
		chromedp.Click(chromedp.CSS(`#switch-service_desk`)), chromedp.WaitVisible(chromedp.CSS(`.flash`)))

	run("05-automap", chromedp.Navigate(s.url+"/mapping"), chromedp.Click(chromedp.CSS(`#automap`)),
		chromedp.WaitVisible(chromedp.CSS(`#proposals button.accept`)))
	run("06-accept", chromedp.Click(chromedp.CSS(`#proposals button.accept`)),
		chromedp.WaitVisible(chromedp.CSS(`#companies tr.mapped`)))

	run("07-preview", chromedp.Navigate(s.url+"/billing?preview=1"), chromedp.WaitVisible(chromedp.CSS(`#changes`)))
	run("08-push", chromedp.Click(chromedp.CSS(`#push`)), chromedp.WaitVisible(chromedp.CSS(`#history`)))
	if got := text(`#summary`); !strings.Contains(got, "1 pushed") {
		t.Errorf("push summary = %q, want 1 pushed", got)
	}

	run("08b-servicedesk", chromedp.Navigate(s.url+"/servicedesk"), chromedp.WaitVisible(chromedp.CSS(`#f-type_id`)))

	id := submit(t, s, "user0@"+cwsandbox.DemoCompanies()[0].Domain, hostile())
	run("09-reports", chromedp.Navigate(s.url+"/reports"), chromedp.WaitVisible(chromedp.CSS(`#reports td.ticket a`)))
	run("10-report", chromedp.Navigate(fmt.Sprintf("%s/reports/%d", s.url, id)), chromedp.WaitVisible(chromedp.CSS(`#report`)))
	if got := text(`#report .subject`); !strings.Contains(got, "<script>") {
		t.Errorf("the subject shows as %q, want its markup as text", got)
	}
	for _, page := range []string{"/reports", fmt.Sprintf("/reports/%d", id), "/audit", "/mapping", "/billing", "/servicedesk", "/integrations"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(s.url+page), chromedp.WaitReady(chromedp.CSS("body"))); err != nil {
			t.Fatal(err)
		}
		ran, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!`+xssProbe))
		if err != nil {
			t.Fatal(err)
		}
		if ran {
			t.Errorf("%s: a payload from the reported e-mail ran", page)
		}
	}
}

// submit sends a report through the API, as the platform does.
func submit(t *testing.T, s *site, reporter string, raw []byte) int64 {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), "POST", s.url+"/api/v1/reports?reporter="+reporter,
		strings.NewReader(string(raw)))
	req.Header.Set("Authorization", "Bearer "+s.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var rep struct {
		ID         int64  `json:"id"`
		Status     string `json:"status"`
		CWTicketID int    `json:"cw_ticket_id"`
	}
	if err := json.NewDecoder(res.Body).Decode(&rep); err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("submitting a report: %d %v", res.StatusCode, err)
	}
	if rep.Status != store.ReportTicketed || rep.CWTicketID == 0 {
		t.Fatalf("report %d is %s without a ticket", rep.ID, rep.Status)
	}
	return rep.ID
}
