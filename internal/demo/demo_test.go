package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/mailcheck"
	"github.com/psabridge/psabridge/internal/servicedesk"
	"github.com/psabridge/psabridge/internal/store"
)

// corpusDir is the shared corpus of real phishing e-mails, beside the
// project's root; tests that need it skip when it is absent.
const corpusDir = "../../../shared/corpus"

// reportsForTest copies the shipped samples and enough corpus messages to
// make at least n reports into a temporary folder.
func reportsForTest(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	copyAll(t, "../../testdata/reports", dir, 1000)
	have, _ := os.ReadDir(dir)
	need := n - countReports(have)
	if need > 0 {
		if _, err := os.Stat(filepath.Join(corpusDir, "eml")); err != nil {
			t.Skipf("the shared corpus (%s) is absent: it holds the real e-mails this test needs", corpusDir)
		}
		copyAll(t, filepath.Join(corpusDir, "eml"), dir, need)
	}
	return dir
}

func countReports(entries []os.DirEntry) int {
	n := 0
	for _, e := range entries {
		if !isDoc(e.Name()) {
			n++
		}
	}
	return n
}

func copyAll(t *testing.T, from, to string, limit int) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	copied := 0
	for _, e := range entries {
		if copied == limit || !e.Type().IsRegular() || isDoc(e.Name()) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, 0o600); err != nil {
			t.Fatal(err)
		}
		copied++
	}
}

func startSandbox(t *testing.T) (*cwsandbox.Server, *integration.ConnectInput) {
	t.Helper()
	srv, err := cwsandbox.Start("127.0.0.1:0", cwsandbox.Config{Seed: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	company, public, private, client := srv.Sandbox.Credentials()
	return srv, &integration.ConnectInput{CompanyID: company, URL: srv.URL, PublicKey: public, PrivateKey: private, ClientID: client}
}

// unpaced lets the tests call their local sandbox as fast as it answers.
var unpaced = cwm.LimiterConfig{RequestsPerSecond: 10000, Burst: 1000, MaxInFlight: 8}

func TestDemoEndToEnd(t *testing.T) {
	t.Parallel()
	srv, cw := startSandbox(t)
	reportsDir := reportsForTest(t, 24)
	dataDir := t.TempDir()
	var stdout bytes.Buffer
	cfg := Config{DataDir: dataDir, ReportsDir: reportsDir, Once: true, JSON: true,
		ConnectWise: cw, Stdout: &stdout, Stderr: io.Discard, Limits: unpaced}

	sum, err := Run(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := os.ReadDir(reportsDir)
	if sum.Reports != countReports(files) || sum.Tickets+len(sum.Refused) != sum.Reports || sum.Tickets < 20 {
		t.Fatalf("summary = %+v for %d files; want every file a ticket or a refusal, ≥20 tickets", sum, countReports(files))
	}
	assertJSONLastLine(t, stdout.String(), sum)

	tickets := srv.Sandbox.Records("service/tickets")
	if len(tickets) != sum.Tickets {
		t.Fatalf("sandbox holds %d tickets, summary says %d", len(tickets), sum.Tickets)
	}
	reports := storedReports(t, dataDir)
	for _, tk := range tickets {
		assertTicket(t, srv.Sandbox, tk, reports)
	}

	// A second run on the same data folder finds every report ticketed and
	// creates nothing new.
	cfg.Stdout = io.Discard
	again, err := Run(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Sandbox.Records("service/tickets")); n != len(tickets) || again.Documents != 0 || again.AlreadyTicketed != sum.Tickets {
		t.Errorf("second run: %d tickets (want %d), %d documents uploaded (want 0), %d already ticketed (want %d)",
			n, len(tickets), again.Documents, again.AlreadyTicketed, sum.Tickets)
	}
}

func assertJSONLastLine(t *testing.T, stdout string, want Summary) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	var got map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &got); err != nil {
		t.Fatalf("last line of stdout is not JSON: %v\n%s", err, stdout)
	}
	for _, key := range []string{"reports", "tickets", "documents", "refused"} {
		if _, ok := got[key]; !ok {
			t.Errorf("JSON summary lacks %q: %v", key, got)
		}
	}
	if int(got["tickets"].(float64)) != want.Tickets {
		t.Errorf("JSON tickets = %v, want %d", got["tickets"], want.Tickets)
	}
}

func storedReports(t *testing.T, dataDir string) map[int]store.Report {
	t.Helper()
	st, err := store.Open(t.Context(), store.Config{DataDir: dataDir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := st.PartnerBySlug(t.Context(), partnerSlug)
	if err != nil {
		t.Fatal(err)
	}
	all, err := st.Reports(t.Context(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	byTicket := map[int]store.Report{}
	for _, r := range all {
		if r.CWTicketID != 0 {
			if r, err = st.Report(t.Context(), r.ID); err != nil {
				t.Fatal(err)
			}
			if _, dup := byTicket[r.CWTicketID]; dup {
				t.Errorf("ticket %d serves two reports", r.CWTicketID)
			}
			byTicket[r.CWTicketID] = r
		}
	}
	return byTicket
}

func assertTicket(t *testing.T, sb *cwsandbox.Sandbox, tk map[string]any, reports map[int]store.Report) {
	t.Helper()
	id := int(tk["id"].(float64))
	rep, ok := reports[id]
	if !ok {
		t.Errorf("ticket %d belongs to no stored report", id)
		return
	}
	summary, _ := tk["summary"].(string)
	if summary == "" || len(utf16.Encode([]rune(summary))) > 100 {
		t.Errorf("ticket %d summary %q: empty or over 100", id, summary)
	}
	if xref, _ := tk["externalXRef"].(string); xref != "psabridge:"+rep.Key {
		t.Errorf("ticket %d externalXRef = %q, want psabridge:%s", id, xref, rep.Key)
	}
	assertDescription(t, sb, id)
	assertContact(t, sb, tk, rep)
	assertDocuments(t, sb, id, rep)
}

// assertDescription checks the ticket's description, which ConnectWise keeps
// as the ticket's first note, starts with the verdict and has no live link.
func assertDescription(t *testing.T, sb *cwsandbox.Sandbox, ticketID int) {
	t.Helper()
	notes := sb.Records(fmt.Sprintf("service/tickets/%d/notes", ticketID))
	if len(notes) == 0 {
		t.Errorf("ticket %d has no description note", ticketID)
		return
	}
	text, _ := notes[0]["text"].(string)
	if !strings.HasPrefix(text, "Verdict: ") || strings.Contains(text, "http://") || strings.Contains(text, "https://") {
		t.Errorf("ticket %d description lacks the verdict or carries a live link:\n%s", ticketID, text)
	}
}

// assertContact checks the ticket's contact is the reporter's contact at the
// ticket's company, or else the company's default contact.
func assertContact(t *testing.T, sb *cwsandbox.Sandbox, tk map[string]any, rep store.Report) {
	t.Helper()
	companyID := refID(tk["company"])
	want := 0
	for _, c := range sb.Records("company/contacts") {
		if refID(c["company"]) != companyID || c["inactiveFlag"] == true {
			continue
		}
		items, _ := c["communicationItems"].([]any)
		for _, it := range items {
			if v, _ := it.(map[string]any)["value"].(string); strings.EqualFold(v, rep.ReporterEmail) {
				want = int(c["id"].(float64))
			}
		}
	}
	if want == 0 {
		for _, co := range sb.Records("company/companies") {
			if int(co["id"].(float64)) == companyID {
				want = refID(co["defaultContact"])
			}
		}
	}
	if got := refID(tk["contact"]); got != want || want == 0 {
		t.Errorf("ticket %v contact = %d, want %d (reporter %s)", tk["id"], got, want, rep.ReporterEmail)
	}
}

// assertDocuments checks the ticket carries each reported message, byte for
// byte as the analysis found it in the report, and the analysis as JSON.
func assertDocuments(t *testing.T, sb *cwsandbox.Sandbox, ticketID int, rep store.Report) {
	t.Helper()
	res, err := mailcheck.Analyze(rep.Raw, mailcheck.Options{ReportedBy: rep.ReporterEmail})
	if err != nil {
		t.Fatalf("ticket %d: analysing its report again: %v", ticketID, err)
	}
	uploaded := map[string][]byte{}
	for _, d := range sb.Documents("Ticket", ticketID) {
		uploaded[d.FileName] = d.Content
	}
	for i, m := range res.Originals {
		name := servicedesk.OriginalFileName(i, m)
		if len(m.Raw) > 0 && !bytes.Equal(uploaded[name], m.Raw) {
			t.Errorf("ticket %d: %s differs from the reported message (%d bytes uploaded, %d expected)",
				ticketID, name, len(uploaded[name]), len(m.Raw))
		}
	}
	if !json.Valid(uploaded["analysis.json"]) {
		t.Errorf("ticket %d: analysis.json missing or not JSON", ticketID)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func refID(v any) int {
	m, _ := v.(map[string]any)
	f, _ := m["id"].(float64)
	return int(f)
}

func TestDemoEmbeddedShowsAndFixesAMissingRight(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	sum, err := Run(t.Context(), Config{DataDir: t.TempDir(), ReportsDir: "../../testdata/reports",
		Once: true, Stdout: &out, Stderr: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"missing Finance › Agreements › Edit (All)",
		"System › Security Roles › psabridge Integration › Finance › Agreements › Edit level → All",
		"granting Finance › Agreements › Edit → All in the sandbox",
		"billing push:",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	files, _ := os.ReadDir("../../testdata/reports")
	if sum.Tickets != countReports(files) || len(sum.Refused) != 0 || sum.BillingChanges == 0 || sum.Unmapped == 0 {
		t.Errorf("summary = %+v; want every sample ticketed, billing pushed, the platform-only companies unmapped", sum)
	}
}

func TestDemoChecksItsInputBeforeChangingAnything(t *testing.T) {
	t.Parallel()
	srv, cw := startSandbox(t)
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	for name, cfg := range map[string]Config{
		"no reports folder": {ReportsDir: filepath.Join(t.TempDir(), "absent"), Once: true},
		"address taken":     {ReportsDir: "../../testdata/reports", Listen: taken.Addr().String()},
	} {
		cfg.DataDir, cfg.ConnectWise, cfg.Stdout, cfg.Stderr = t.TempDir(), cw, io.Discard, io.Discard
		if _, err := Run(t.Context(), cfg); err == nil {
			t.Errorf("%s: the demo ran", name)
		}
	}
	if calls := srv.Sandbox.Calls(); len(calls) != 0 {
		t.Errorf("ConnectWise was called before the input was checked: %v", calls)
	}
}
