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
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/jobs"
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
// As under serve, reports submitted through the API are tickets' durable
// jobs, which give up after maxAttempts.
type site struct {
	url     string
	st      *store.SQLite
	sandbox *cwsandbox.Server
	token   string
}

// maxAttempts is how often the site tries a report job before giving it
// up: few and quickly retried, so a job gives up in milliseconds.
const maxAttempts = 2

// unpaced lets the site call the sandbox as fast as it answers.
var unpaced = cwm.LimiterConfig{RequestsPerSecond: 10000, Burst: 1000, MaxInFlight: 8}

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
	q := startQueue(t, st, policy)
	h, err := web.New(web.Config{Store: st, Policy: policy, ClientID: client, Limits: unpaced, Jobs: q,
		Reports: func(_ context.Context, partnerID int64) (*integration.Reports, error) {
			return &integration.Reports{Store: st, PartnerID: partnerID, Queue: q}, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &site{url: srv.URL, st: st, sandbox: sb, token: seedPartner(t, st)}
}

// startQueue runs report jobs on st as serve does, but with maxAttempts
// attempts a millisecond apart; it stops when the test ends.
func startQueue(t *testing.T, st *store.SQLite, policy *outbound.Policy) *jobs.Queue {
	t.Helper()
	svc := &integration.Service{Store: st, Policy: policy, Actor: "system", Limits: unpaced}
	w := &integration.ReportJobs{Service: svc}
	h := jobs.Handlers{Report: func(ctx context.Context, a jobs.ReportArgs, last bool) error {
		return w.Work(ctx, a.PartnerID, a.ReportID, last)
	}}
	q, err := jobs.Open(t.Context(), st.DB(), st.Engine(), h, jobs.Config{Workers: 4,
		MaxAttempts: maxAttempts, BackoffUnit: time.Millisecond, PollInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(context.WithoutCancel(t.Context())); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = q.Stop(ctx)
	})
	return q
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

// journey is a browser on a site, for TestJourney's steps.
type journey struct {
	t   *testing.T
	ctx context.Context // the browser's
	s   *site
	dir string // where screenshots go
}

// run does a step's actions and screenshots the page as the step's name.
func (j *journey) run(step string, actions ...chromedp.Action[chromedp.Void]) {
	j.t.Helper()
	if err := chromedp.Do(j.ctx, append(actions, shot(j.dir, step))...); err != nil {
		j.t.Fatalf("%s: %v", step, err)
	}
}

// text returns the visible text of the first element sel matches.
func (j *journey) text(sel string) string {
	j.t.Helper()
	out, err := chromedp.Run(j.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		j.t.Fatalf("reading %s: %v", sel, err)
	}
	return out
}

// count returns how many elements of the page sel matches.
func (j *journey) count(sel string) int {
	j.t.Helper()
	n, err := chromedp.Run(j.ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)))
	if err != nil {
		j.t.Fatalf("counting %s: %v", sel, err)
	}
	return n
}

func TestJourney(t *testing.T) {
	s := newSite(t)
	ctx := newBrowser(t)
	j := &journey{t: t, ctx: ctx, s: s, dir: artefacts(t)}
	run, text := j.run, j.text
	company, public, private, _ := s.sandbox.Sandbox.Credentials()

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
	j.tokens()
	j.givenUpJob()
	for _, page := range []string{"/reports", fmt.Sprintf("/reports/%d", id), "/audit", "/mapping", "/billing", "/servicedesk",
		"/integrations", "/tokens", "/jobs"} {
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

// lastUsedTime is how the Tokens page shows a token's last use.
var lastUsedTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z$`)

// tokens creates an API token in the browser, checks it is shown once,
// unused until the platform calls the API with it and used after, and
// that the API refuses it once revoked.
func (j *journey) tokens() {
	t := j.t
	j.run("11-token-created", chromedp.Navigate(j.s.url+"/tokens"),
		chromedp.SendKeys(chromedp.CSS(`#f-token-name`), "journey"),
		chromedp.Click(chromedp.CSS(`#token-create button`)), chromedp.WaitVisible(chromedp.CSS(`#token-value`)))
	token := j.text(`#token-value`)
	stored, err := j.s.st.APITokenByHash(t.Context(), web.HashToken(token))
	if err != nil || stored.Name != "journey" {
		t.Fatalf("the shown token is not the stored token journey: %+v, %v", stored, err)
	}
	row := fmt.Sprintf(`#tokens tr[data-token="%d"]`, stored.ID)

	j.run("12-tokens-never-used", chromedp.Navigate(j.s.url+"/tokens"), chromedp.WaitVisible(chromedp.CSS(row)))
	if j.count(`#token-value`) != 0 || strings.Contains(j.text("body"), token) {
		t.Error("the token is shown again after the page is loaded again")
	}
	if got := j.text(row + ` td.last-used`); got != "never" {
		t.Errorf("last used before any call = %q, want never", got)
	}

	if code := apiGet(t, j.s, token, "/api/v1/status", nil); code != http.StatusOK {
		t.Fatalf("GET /api/v1/status with the new token = %d, want 200", code)
	}
	j.run("13-token-used", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(row)))
	if got := j.text(row + ` td.last-used`); !lastUsedTime.MatchString(got) {
		t.Errorf("last used after a call = %q, want its time", got)
	}

	j.run("14-token-revoked", chromedp.Click(chromedp.CSS(row+` button`)), chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	if j.count(row) != 0 {
		t.Error("the revoked token is still listed")
	}
	if code := apiGet(t, j.s, token, "/api/v1/status", nil); code != http.StatusUnauthorized {
		t.Errorf("GET /api/v1/status with the revoked token = %d, want 401", code)
	}
}

// ticketsDown makes ConnectWise refuse every new ticket with a 503, which
// a report job retries until it gives up.
const ticketsDown = "503@POST/service/tickets=1"

// givenUpJob makes a report's job give up while ConnectWise refuses
// tickets, replays it from the Jobs page once it accepts them again, and
// sees the report ticketed.
func (j *journey) givenUpJob() {
	t := j.t
	control := cwsandbox.Control{URL: j.s.sandbox.URL, Token: j.s.sandbox.ControlToken}
	if err := control.SetFaults(t.Context(), ticketsDown); err != nil {
		t.Fatal(err)
	}
	report := post(t, j.s, "user1@"+cwsandbox.DemoCompanies()[0].Domain, lure())
	job := waitGivenUp(t, j.s, report)
	row := fmt.Sprintf(`#jobs tr[data-job="%d"]`, job.ID)

	j.run("15-job-given-up", chromedp.Navigate(j.s.url+"/jobs"), chromedp.WaitVisible(chromedp.CSS(row)))
	if got := j.text(row + ` td.last-error`); !strings.Contains(got, "503") {
		t.Errorf("the job's last error = %q, want ConnectWise's 503", got)
	}
	if err := control.SetFaults(t.Context(), ""); err != nil {
		t.Fatal(err)
	}
	j.run("16-job-replayed", chromedp.Click(chromedp.CSS(row+` button`)), chromedp.WaitVisible(chromedp.CSS(`.flash`)))
	if got := j.text(`.flash`); !strings.Contains(got, "queued again") || j.count(row) != 0 {
		t.Errorf("after the replay the page says %q and lists the job %d times, want it queued again and gone", got, j.count(row))
	}

	waitTicketed(t, j.s, report)
	j.run("17-report-ticketed", chromedp.Navigate(fmt.Sprintf("%s/reports/%d", j.s.url, report)),
		chromedp.WaitVisible(chromedp.CSS(`#report .ticket a`)))
	if got := j.text(`#report .status`); !strings.HasPrefix(got, store.ReportTicketed) {
		t.Errorf("the replayed report's status = %q, want ticketed", got)
	}
}

// lure is a plain phishing report, another message than hostile's.
func lure() []byte {
	return []byte("From: \"IT Desk\" <it@phish.example>\r\nTo: user1@x.example\r\n" +
		"Subject: Your mailbox is full\r\nMessage-ID: <lure@phish.example>\r\n" +
		"Date: Mon, 2 Jan 2006 16:04:05 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n" +
		"Sign in at http://phish.example/login to keep your mail.\r\n")
}

// apiJob is what the API says of a given-up job.
type apiJob struct {
	ID        int64  `json:"id"`
	LastError string `json:"last_error"`
	ReportID  int64  `json:"report_id"`
}

// waitGivenUp waits for the report's job to give up and returns it.
func waitGivenUp(t *testing.T, s *site, report int64) apiJob {
	t.Helper()
	var job apiJob
	waitFor(t, fmt.Sprintf("report %d's job to give up", report), func() bool {
		var given []apiJob
		if code := apiGet(t, s, s.token, "/api/v1/jobs", &given); code != http.StatusOK {
			t.Fatalf("GET /api/v1/jobs = %d", code)
		}
		for _, g := range given {
			if g.ReportID == report {
				job = g
				return true
			}
		}
		return false
	})
	return job
}

// submit sends a report through the API, as the platform does, and waits
// for its job to ticket it.
func submit(t *testing.T, s *site, reporter string, raw []byte) int64 {
	t.Helper()
	id := post(t, s, reporter, raw)
	waitTicketed(t, s, id)
	return id
}

// post sends a report through the API and returns its id; its job
// tickets it later.
func post(t *testing.T, s *site, reporter string, raw []byte) int64 {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), "POST", s.url+"/api/v1/reports?reporter="+reporter,
		strings.NewReader(string(raw)))
	req.Header.Set("Authorization", "Bearer "+s.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var rep apiReport
	if err := json.NewDecoder(res.Body).Decode(&rep); err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("submitting a report: %d %v", res.StatusCode, err)
	}
	return rep.ID
}

// apiReport is what the API says of a report's progress.
type apiReport struct {
	ID         int64  `json:"id"`
	Status     string `json:"status"`
	Reason     string `json:"reason"`
	CWTicketID int    `json:"cw_ticket_id"`
}

// apiGet calls the API with token and decodes its JSON answer into out;
// it returns the status.
func apiGet(t *testing.T, s *site, token, path string, out any) int {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), "GET", s.url+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if out != nil && res.StatusCode == http.StatusOK {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
	}
	return res.StatusCode
}

// waitFor polls check until it reports done, failing the test when it
// has not within a minute.
func waitFor(t *testing.T, what string, check func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	for !check() {
		if ctx.Err() != nil {
			t.Fatalf("waiting for %s: %v", what, ctx.Err())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// waitTicketed waits for the report's job to ticket it; a report refused
// fails the test at once.
func waitTicketed(t *testing.T, s *site, id int64) {
	t.Helper()
	waitFor(t, fmt.Sprintf("report %d's ticket", id), func() bool {
		var rep apiReport
		if code := apiGet(t, s, s.token, fmt.Sprintf("/api/v1/reports/%d", id), &rep); code != http.StatusOK {
			t.Fatalf("GET report %d = %d", id, code)
		}
		if rep.Status == store.ReportRefused {
			t.Fatalf("report %d is refused: %s", id, rep.Reason)
		}
		return rep.Status == store.ReportTicketed && rep.CWTicketID != 0
	})
}
