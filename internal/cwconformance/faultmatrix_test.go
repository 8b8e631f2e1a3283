package cwconformance

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/mailcheck"
	"github.com/psabridge/psabridge/internal/servicedesk"
	"github.com/psabridge/psabridge/internal/store"
)

// attempts is how often the matrix repeats a failed operation, as a
// durable job would; the faults are random, so some runs fail every time
// and must then be reported, not half done.
const attempts = 6

// TestFaultMatrix runs psabridge's operations (list companies, create a
// ticket with attachments, patch an addition) against a sandbox that
// throws one kind of fault at a time, at a high rate with fixed seeds. Each
// operation must end done once, or reported failed: never duplicated,
// never half-recorded.
func TestFaultMatrix(t *testing.T) {
	t.Parallel()
	kinds := append([]string{"none", "latency"}, kindNames()...)
	for _, kind := range kinds {
		for seed := uint64(1); seed <= 3; seed++ {
			t.Run(fmt.Sprintf("%s/seed%d", kind, seed), func(t *testing.T) {
				t.Parallel()
				srv, c, vt := sandboxTarget(t, cwsandbox.Config{Faults: planFor(t, kind, seed)})
				listCompanies(t, srv, c)
				ticketWithAttachments(t, srv, c, seed)
				patchAddition(t, srv, c, seed)
				checkSpec(t, vt)
			})
		}
	}
}

func kindNames() []string {
	var out []string
	for _, k := range cwsandbox.FaultKinds() {
		out = append(out, string(k))
	}
	return out
}

// planFor is a plan throwing kind at every third call or so.
func planFor(t *testing.T, kind string, seed uint64) cwsandbox.FaultPlan {
	t.Helper()
	spec := map[string]string{"none": "", "latency": "latency=2ms", "codebase": "codebase=0.1"}[kind]
	if _, ok := map[string]bool{"none": true, "latency": true, "codebase": true}[kind]; !ok {
		spec = kind + "=0.35,hang=1ms"
	}
	p, err := cwsandbox.ParseFaults(spec)
	if err != nil {
		t.Fatal(err)
	}
	p.Seed = seed
	return p
}

// listCompanies lists every company: the result is the sandbox's
// companies, each once, or an error.
func listCompanies(t *testing.T, srv *cwsandbox.Server, c *cwm.Client) {
	t.Helper()
	want := len(srv.Sandbox.Records("company/companies"))
	for range attempts {
		rows, err := integration.PSA{Client: c}.Companies(t.Context())
		if err != nil {
			continue
		}
		seen := map[int]bool{}
		for _, co := range rows {
			if seen[co.ID] {
				t.Errorf("company %d listed twice", co.ID)
			}
			seen[co.ID] = true
		}
		if len(rows) != want {
			t.Errorf("listed %d companies, the sandbox has %d", len(rows), want)
		}
		return
	}
	t.Logf("listing companies failed %d times: reported, not done", attempts)
}

// ticketWithAttachments tickets one report through the service desk with
// the store's ledger, retrying the whole job like a durable job, and checks
// the sandbox holds at most one ticket with each document once.
func ticketWithAttachments(t *testing.T, srv *cwsandbox.Server, c *cwm.Client, seed uint64) {
	t.Helper()
	ledger, reportID := newLedger(t)
	tk := &servicedesk.Ticketer{PSA: integration.PSA{Client: c}, Ledger: ledger,
		Settings: servicedesk.Settings{BoardID: 1}}
	job := reportJob(reportID, seed)

	var out servicedesk.Outcome
	var err error
	for range attempts {
		if out, err = tk.Ticket(t.Context(), job); err == nil {
			break
		}
	}
	tickets := ticketsWithXRef(srv, servicedesk.XRef(job.Key))
	switch {
	case len(tickets) > 1:
		t.Fatalf("%d tickets for one report: %v", len(tickets), tickets)
	case err == nil && (len(tickets) != 1 || tickets[0] != out.TicketID):
		t.Fatalf("Ticket reported ticket %d; the sandbox has %v", out.TicketID, tickets)
	case err != nil:
		t.Logf("ticketing failed %d times: %v", attempts, err)
	}
	if len(tickets) == 1 {
		checkDocuments(t, srv, tickets[0], err == nil)
	}
}

func newLedger(t *testing.T) (integration.Ledger, int64) {
	t.Helper()
	st, err := store.Open(t.Context(), store.Config{DataDir: filepath.Join(t.TempDir(), "data")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p, err := st.CreatePartner(t.Context(), "msp", "MSP")
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := st.CreateReport(t.Context(), store.Report{PartnerID: p.ID, Key: "r1",
		ReporterEmail: "jane@acme.example", FileName: "r.eml", Raw: []byte("x")})
	if err != nil {
		t.Fatal(err)
	}
	return integration.Ledger{Store: st}, r.ID
}

func reportJob(reportID int64, seed uint64) servicedesk.Job {
	msg := &mailcheck.Message{
		Subject: "Your mailbox is full",
		Raw:     []byte("Subject: Your mailbox is full\r\n\r\nhi\r\n"),
		Attachments: []mailcheck.Attachment{
			{Name: "invoice.pdf", Content: []byte("%PDF-1.4 fake")},
			{Name: "update.exe", Content: []byte("MZ fake")},
		},
	}
	return servicedesk.Job{ReportID: reportID, Key: fmt.Sprintf("matrix-%d", seed),
		ReporterEmail: "nobody@acme.example", CWCompanyID: 2,
		Result:       &mailcheck.Result{Verdict: "likely_phishing", Originals: []*mailcheck.Message{msg}},
		AnalysisJSON: []byte(`{"verdict":"likely_phishing"}`)}
}

func ticketsWithXRef(srv *cwsandbox.Server, xref string) []int {
	var ids []int
	for _, rec := range srv.Sandbox.Records("service/tickets") {
		if rec["externalXRef"] == xref {
			ids = append(ids, int(rec["id"].(float64)))
		}
	}
	return ids
}

// checkDocuments wants every document on the ticket once, and all four
// when the job succeeded.
func checkDocuments(t *testing.T, srv *cwsandbox.Server, ticketID int, done bool) {
	t.Helper()
	names := map[string]int{}
	for _, d := range srv.Sandbox.Documents("Ticket", ticketID) {
		names[d.FileName]++
	}
	for name, n := range names {
		if n > 1 {
			t.Errorf("document %s uploaded %d times", name, n)
		}
	}
	if done && len(names) != 4 {
		t.Errorf("documents %v, want the message, two attachments and the analysis", names)
	}
}

// patchAddition sets an addition's quantity: afterwards it holds the new
// value when the call succeeded, and the old or the new one when it failed.
func patchAddition(t *testing.T, srv *cwsandbox.Server, c *cwm.Client, seed uint64) {
	t.Helper()
	before := quantity(srv, 1)
	want := before + float64(seed) + 1
	var err error
	for range attempts {
		var a *cwm.Addition
		if a, err = (integration.PSA{Client: c}).SetAdditionQuantity(t.Context(), 1, 1, want); err == nil {
			if a.Quantity != want {
				t.Errorf("PATCH answered quantity %v, want %v", a.Quantity, want)
			}
			break
		}
	}
	got := quantity(srv, 1)
	switch {
	case err == nil && got != want:
		t.Errorf("quantity %v after a successful PATCH, want %v", got, want)
	case err != nil && got != want && got != before:
		t.Errorf("quantity %v after a failed PATCH, want %v or %v", got, before, want)
	}
}

func quantity(srv *cwsandbox.Server, additionID int) float64 {
	for _, a := range srv.Sandbox.Records("finance/agreements/1/additions") {
		if int(a["id"].(float64)) == additionID {
			q, _ := a["quantity"].(float64)
			return q
		}
	}
	return -1
}
