package servicedesk

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/mailcheck"
)

type fakePSA struct {
	tickets  []*cwm.Ticket
	uploads  map[int][]string
	contacts map[string]int // e-mail → contact id at company 7
	failNext string         // "create" or "upload": fail once
	creates  int
}

func newFakePSA() *fakePSA {
	return &fakePSA{uploads: map[int][]string{}, contacts: map[string]int{"jane@acme.example": 41}}
}

func (f *fakePSA) FindTicketByXRef(_ context.Context, key string) (*cwm.Ticket, error) {
	for _, t := range f.tickets {
		if t.ExternalXRef == key {
			return t, nil
		}
	}
	return nil, nil
}

func (f *fakePSA) CreateTicket(_ context.Context, t *cwm.Ticket) (*cwm.Ticket, error) {
	f.creates++
	created := *t
	created.ID = 1000 + len(f.tickets)
	f.tickets = append(f.tickets, &created)
	if f.failNext == "create" {
		f.failNext = ""
		return nil, cwm.ErrMaybeCreated
	}
	return &created, nil
}

func (f *fakePSA) FindContact(_ context.Context, companyID int, email string) (*cwm.Contact, error) {
	if id, ok := f.contacts[strings.ToLower(email)]; ok && companyID == 7 {
		return &cwm.Contact{ID: id}, nil
	}
	return nil, nil
}

func (f *fakePSA) Company(_ context.Context, id int) (*cwm.Company, error) {
	return &cwm.Company{ID: id, DefaultContact: &cwm.Reference{ID: 99}}, nil
}

func (f *fakePSA) TicketDocuments(_ context.Context, ticketID int) ([]cwm.Document, error) {
	var docs []cwm.Document
	for i, name := range f.uploads[ticketID] {
		docs = append(docs, cwm.Document{ID: i + 1, FileName: name})
	}
	return docs, nil
}

func (f *fakePSA) UploadDocument(_ context.Context, ticketID int, d Document) (*cwm.Document, error) {
	if f.failNext == "upload" && len(f.uploads[ticketID]) == 1 {
		f.failNext = ""
		return nil, errors.New("connection reset")
	}
	f.uploads[ticketID] = append(f.uploads[ticketID], d.Name)
	return &cwm.Document{ID: len(f.uploads[ticketID]), FileName: d.Name}, nil
}

type memLedger map[int64]map[string]bool

func (l memLedger) UploadedDocuments(_ context.Context, id int64) (map[string]bool, error) {
	return l[id], nil
}

func (l memLedger) RecordDocument(_ context.Context, id int64, name string, _ int) error {
	if l[id] == nil {
		l[id] = map[string]bool{}
	}
	l[id][name] = true
	return nil
}

func testJob(reporter string) Job {
	msg := &mailcheck.Message{
		Subject: "Your mailbox is full",
		Raw:     []byte("Subject: Your mailbox is full\r\n\r\nhi"),
		Attachments: []mailcheck.Attachment{
			{Name: "invoice.pdf", Content: []byte("%PDF-1.4")},
			{Name: "update.exe", Content: []byte("MZ")},
		},
	}
	return Job{
		ReportID: 5, Key: "abc123", ReporterEmail: reporter, CWCompanyID: 7,
		Result:       &mailcheck.Result{Verdict: "likely_phishing", Originals: []*mailcheck.Message{msg}},
		AnalysisJSON: []byte(`{}`),
	}
}

func TestTicketCreatesOneTicketWithDocumentsAndReporterContact(t *testing.T) {
	t.Parallel()
	psa := newFakePSA()
	tk := &Ticketer{PSA: psa, Ledger: memLedger{}, Settings: Settings{BoardID: 3}}

	out, err := tk.Ticket(t.Context(), testJob("Jane@Acme.example"))
	if err != nil {
		t.Fatal(err)
	}
	if !out.Created || out.ContactID != 41 || out.DocumentsUploaded != 4 {
		t.Errorf("outcome = %+v, want created with contact 41 and 4 documents", out)
	}
	want := []string{"reported-message-1.eml", "invoice.pdf", "update.exe.zip", "analysis.json"}
	if diff := cmp.Diff(want, psa.uploads[out.TicketID]); diff != "" {
		t.Errorf("uploads (-want +got):\n%s", diff)
	}
	got := psa.tickets[0]
	if got.Board.ID != 3 || got.Company.ID != 7 || got.ExternalXRef != "psabridge:abc123" {
		t.Errorf("ticket = %+v", got)
	}
}

func TestTicketFallsBackToDefaultContact(t *testing.T) {
	t.Parallel()
	psa := newFakePSA()
	tk := &Ticketer{PSA: psa, Ledger: memLedger{}, Settings: Settings{BoardID: 3}}

	out, err := tk.Ticket(t.Context(), testJob("stranger@elsewhere.example"))
	if err != nil {
		t.Fatal(err)
	}
	if out.ContactID != 99 {
		t.Errorf("contact = %d, want the company default 99", out.ContactID)
	}
}

func TestTicketRetryAfterUnknownOutcomeCreatesNoDuplicate(t *testing.T) {
	t.Parallel()
	psa := newFakePSA()
	psa.failNext = "create"
	ledger := memLedger{}
	tk := &Ticketer{PSA: psa, Ledger: ledger, Settings: Settings{BoardID: 3}}

	if _, err := tk.Ticket(t.Context(), testJob("jane@acme.example")); !errors.Is(err, cwm.ErrMaybeCreated) {
		t.Fatalf("first attempt error = %v, want ErrMaybeCreated", err)
	}
	out, err := tk.Ticket(t.Context(), testJob("jane@acme.example"))
	if err != nil {
		t.Fatal(err)
	}
	if psa.creates != 1 || len(psa.tickets) != 1 || out.Created {
		t.Errorf("creates = %d, tickets = %d, created = %v; want the first ticket found, not a second",
			psa.creates, len(psa.tickets), out.Created)
	}
}

func TestTicketRetryUploadsEachDocumentOnce(t *testing.T) {
	t.Parallel()
	psa := newFakePSA()
	psa.failNext = "upload"
	tk := &Ticketer{PSA: psa, Ledger: memLedger{}, Settings: Settings{BoardID: 3}}

	if _, err := tk.Ticket(t.Context(), testJob("jane@acme.example")); err == nil {
		t.Fatal("first attempt succeeded, want the injected upload failure")
	}
	if _, err := tk.Ticket(t.Context(), testJob("jane@acme.example")); err != nil {
		t.Fatal(err)
	}
	want := []string{"reported-message-1.eml", "invoice.pdf", "update.exe.zip", "analysis.json"}
	if diff := cmp.Diff(want, psa.uploads[1000]); diff != "" {
		t.Errorf("uploads after retry (-want +got):\n%s", diff)
	}
}

func TestTicketWithoutBoardIsRefused(t *testing.T) {
	t.Parallel()
	tk := &Ticketer{PSA: newFakePSA(), Ledger: memLedger{}}
	if _, err := tk.Ticket(t.Context(), testJob("")); !errors.Is(err, ErrNoBoard) {
		t.Errorf("error = %v, want ErrNoBoard", err)
	}
}

func TestDescriptionDefangsAttackerContent(t *testing.T) {
	t.Parallel()
	res := &mailcheck.Result{Verdict: "suspicious", Originals: []*mailcheck.Message{{
		Subject: "Click http://evil.example/login",
		From:    &mailcheck.Address{Name: "IT Desk", Address: "it@evil.example"},
		URLs:    []mailcheck.URL{{URL: "https://evil.example/a", Defanged: mailcheck.Defang("https://evil.example/a")}},
	}}}
	d := Description(res, "jane@acme.example")
	for _, clickable := range []string{"http://", "https://", "it@evil.example", "jane@acme.example"} {
		if strings.Contains(d, clickable) {
			t.Errorf("description contains clickable %q:\n%s", clickable, d)
		}
	}
}

func TestTicketZipsAnAttachmentTheInstanceRefuses(t *testing.T) {
	t.Parallel()
	psa := &refusingPSA{fakePSA: newFakePSA(), refuse: "invoice.pdf"}
	tk := &Ticketer{PSA: psa, Ledger: memLedger{}, Settings: Settings{BoardID: 3}}

	out, err := tk.Ticket(t.Context(), testJob("jane@acme.example"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"reported-message-1.eml", "invoice.pdf.zip", "update.exe.zip", "analysis.json"}
	if diff := cmp.Diff(want, psa.uploads[out.TicketID]); diff != "" {
		t.Errorf("uploads (-want +got):\n%s", diff)
	}
}

// refusingPSA answers 400 to one file name, as an instance whose allowed
// file types lack it does.
type refusingPSA struct {
	*fakePSA
	refuse string
}

func (r *refusingPSA) UploadDocument(ctx context.Context, ticketID int, d Document) (*cwm.Document, error) {
	if d.Name == r.refuse {
		return nil, &cwm.Error{StatusCode: 400, Code: "InvalidObject", Message: "document object is invalid"}
	}
	return r.fakePSA.UploadDocument(ctx, ticketID, d)
}

func TestDescriptionOrderAndDepth(t *testing.T) {
	t.Parallel()
	res := &mailcheck.Result{
		Verdict: "likely_phishing", Score: 9,
		Findings: []mailcheck.Finding{{ID: "macro_document", Severity: "high", Evidence: "invoice.xlsm carries VBA macros"}},
		Reporter: &mailcheck.Address{Address: "jane@acme.example"},
		Defects:  []string{"text before the first header"},
		Originals: []*mailcheck.Message{{
			Subject:        "Invoice",
			From:           &mailcheck.Address{Address: "billing@evil.example"},
			Authentication: mailcheck.Authentication{SPF: "fail", DKIMSignatures: []mailcheck.DKIMSignature{{Domain: "evil.example", Selector: "s1", BodyHash: "changed"}}},
			Path:           mailcheck.DeliveryPath{Hops: []mailcheck.Hop{{From: "mx"}}, OriginatingIP: "203.0.113.9"},
			URLs:           []mailcheck.URL{{Defanged: "hxxps://evil[.]example/pay", Text: "Pay now"}},
			Attachments: []mailcheck.Attachment{{Name: "invoice.zip", SHA256: "ab12", MD5: "cd34", SHA1: "ef56", Encrypted: true,
				Entries: []mailcheck.Attachment{{Name: "invoice.zip › invoice.xlsm", Macros: true, SHA256: "9f"}}}},
		}},
	}
	d := Description(res, "")
	order := []string{"Verdict: likely phishing (score 9)", "macro_document", "Authentication at receipt: SPF fail",
		"DKIM signature d=evil[.]example s=s1", "From: billing[@]evil[.]example", "originating IP 203[.]0[.]113[.]9",
		"hxxps://evil[.]example/pay (shown as \"Pay now\")", "invoice[.]zip", "encrypted: contents not inspected",
		"sha256 ab12 md5 cd34 sha1 ef56", "invoice[.]xlsm", "macros", "sha256 9f\n", "Reported by: jane[@]acme[.]example", "text before the first header"}
	at := 0
	for _, s := range order {
		i := strings.Index(d[at:], s)
		if i < 0 {
			t.Fatalf("description lacks %q after position %d:\n%s", s, at, d)
		}
		at += i + len(s)
	}
}

func TestTicketFoundAgainWithAnEmptyLedgerUploadsNothingTwice(t *testing.T) {
	t.Parallel()
	psa := newFakePSA()
	first := &Ticketer{PSA: psa, Ledger: memLedger{}, Settings: Settings{BoardID: 3}}
	if _, err := first.Ticket(t.Context(), testJob("jane@acme.example")); err != nil {
		t.Fatal(err)
	}

	// Another data folder: its ledger knows nothing of the first run.
	second := &Ticketer{PSA: psa, Ledger: memLedger{}, Settings: Settings{BoardID: 3}}
	out, err := second.Ticket(t.Context(), testJob("jane@acme.example"))
	if err != nil {
		t.Fatal(err)
	}
	if out.Created || out.DocumentsUploaded != 0 || len(psa.uploads[out.TicketID]) != 4 {
		t.Errorf("second run: created %v, uploaded %d, ticket holds %v; want the ticket reused and nothing uploaded again",
			out.Created, out.DocumentsUploaded, psa.uploads[out.TicketID])
	}
}
