package cwconformance

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/cwm"
)

// Target is a ConnectWise instance the suite runs against.
type Target struct {
	// Client is logged in with the target's keys.
	Client *cwm.Client
	// BadKeys returns a client of the same instance whose private key is
	// wrong.
	BadKeys func(t *testing.T) *cwm.Client
	// Write allows the suite to create a ticket and upload a document.
	// Leave it false on a production instance.
	Write bool
	// TicketCompanyID is the company the suite's ticket is created for.
	TicketCompanyID int
	// AgreementID and AdditionID name an addition whose quantity the suite
	// sets to the value it already has (an audit entry, no change); 0
	// skips that check.
	AgreementID, AdditionID int
}

// Run runs every check of the suite against tg.
func Run(t *testing.T, tg Target) {
	t.Helper()
	checks := []struct {
		name  string
		check func(*testing.T, Target)
		write bool
	}{
		{"SystemInfo", checkSystemInfo, false},
		{"BadKeysAreAnAuthError", checkBadKeys, false},
		{"PagingAgreesWithCount", checkPagingAgreesWithCount, false},
		{"ForwardOnlyMatchesNavigable", checkForwardOnly, false},
		{"FieldsNarrowTheAnswer", checkFields, false},
		{"OrderBy", checkOrderBy, false},
		{"ConditionsQuoteHostileValues", checkQuoting, false},
		{"MalformedConditionsAre400", checkMalformed, false},
		{"MissingRecordIs404", checkNotFound, false},
		{"ContactByEmail", checkContactByEmail, false},
		{"MySecurity", checkMySecurity, false},
		{"TicketLifecycle", checkTicketLifecycle, true},
		{"PatchAdditionToItsOwnQuantity", checkPatchAddition, true},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.write && !tg.Write {
				t.Skip("writes are not allowed on this target")
			}
			c.check(t, tg)
		})
	}
}

func checkSystemInfo(t *testing.T, tg Target) {
	info, _, err := tg.Client.System.Info(t.Context())
	if err != nil || info.Version == "" {
		t.Fatalf("System.Info = %+v, %v; want a version", info, err)
	}
}

func checkBadKeys(t *testing.T, tg Target) {
	_, _, err := tg.BadKeys(t).System.Info(t.Context())
	var ae *cwm.AuthError
	if !errors.As(err, &ae) {
		t.Fatalf("System.Info with a wrong private key = %v, want *cwm.AuthError", err)
	}
}

// collect gathers an iterator's values, failing the test on an error.
func collect[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			t.Fatalf("iterating: %v", err)
		}
		out = append(out, v)
	}
	return out
}

func ids[T any](rows []T, id func(T) int) []int {
	out := make([]int, len(rows))
	for i, r := range rows {
		out[i] = id(r)
	}
	return out
}

func companyID(c cwm.Company) int { return c.ID }

func checkPagingAgreesWithCount(t *testing.T, tg Target) {
	n, _, err := tg.Client.Companies.Count(t.Context(), nil)
	if err != nil {
		t.Fatalf("Count: %v", err)
	}
	rows := collect(t, tg.Client.Companies.All(t.Context(), &cwm.ListOptions{PageSize: 7, Fields: []string{"id"}}))
	seen := map[int]bool{}
	for _, c := range rows {
		if seen[c.ID] {
			t.Errorf("company %d listed twice", c.ID)
		}
		seen[c.ID] = true
	}
	if len(rows) != n {
		t.Errorf("All listed %d companies, Count says %d", len(rows), n)
	}
}

func checkForwardOnly(t *testing.T, tg Target) {
	nav := collect(t, tg.Client.Contacts.All(t.Context(), &cwm.ListOptions{PageSize: 9, Fields: []string{"id"}}))
	fwd := collect(t, tg.Client.Contacts.All(t.Context(), &cwm.ListOptions{PageSize: 9, Fields: []string{"id"},
		ForwardOnly: true}))
	a := ids(nav, func(c cwm.Contact) int { return c.ID })
	b := ids(fwd, func(c cwm.Contact) int { return c.ID })
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("forward-only ids %v differ from navigable ids %v", b, a)
	}
}

func checkFields(t *testing.T, tg Target) {
	rows, _, err := tg.Client.Companies.List(t.Context(), &cwm.ListOptions{PageSize: 5,
		Fields: []string{"id", "name"}})
	if err != nil || len(rows) == 0 {
		t.Fatalf("List = %d rows, %v", len(rows), err)
	}
	for _, c := range rows {
		if c.ID == 0 || c.Name == "" || c.Identifier != "" || c.Status != nil || len(c.Types) > 0 {
			t.Errorf("company %+v: want only id and name", c)
		}
	}
}

func checkOrderBy(t *testing.T, tg Target) {
	rows, _, err := tg.Client.Companies.List(t.Context(), &cwm.ListOptions{PageSize: 50,
		OrderBy: "identifier desc", Fields: []string{"id", "identifier"}})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(rows); i++ {
		if strings.ToLower(rows[i-1].Identifier) < strings.ToLower(rows[i].Identifier) {
			t.Errorf("%q before %q in identifier desc order", rows[i-1].Identifier, rows[i].Identifier)
		}
	}
}

func checkQuoting(t *testing.T, tg Target) {
	rows, _, err := tg.Client.Companies.List(t.Context(), &cwm.ListOptions{PageSize: 1})
	if err != nil || len(rows) == 0 {
		t.Fatalf("List: %v", err)
	}
	found, _, err := tg.Client.Companies.List(t.Context(), &cwm.ListOptions{
		Conditions: cwm.Eq("name", rows[0].Name).String()})
	if err != nil || len(found) == 0 || found[0].Name != rows[0].Name {
		t.Errorf("finding %q by name = %v, %v", rows[0].Name, found, err)
	}
	hostile := `O'Brien & "Sons" + 100% (like *) [x]`
	none, _, err := tg.Client.Companies.List(t.Context(), &cwm.ListOptions{
		Conditions: cwm.Eq("name", hostile).String()})
	if err != nil || len(none) != 0 {
		t.Errorf("searching %q = %v, %v; want no rows and no error", hostile, none, err)
	}
}

func checkMalformed(t *testing.T, tg Target) {
	_, _, err := tg.Client.Companies.List(t.Context(), &cwm.ListOptions{Conditions: `name = "unclosed`})
	var ce *cwm.Error
	if !errors.As(err, &ce) || ce.StatusCode != 400 {
		t.Fatalf("malformed conditions = %v, want a 400 *cwm.Error", err)
	}
}

func checkNotFound(t *testing.T, tg Target) {
	if _, _, err := tg.Client.Companies.Get(t.Context(), 2_000_000_000); !cwm.IsNotFound(err) {
		t.Fatalf("Get of a missing company = %v, want 404", err)
	}
}

func checkContactByEmail(t *testing.T, tg Target) {
	rows, _, err := tg.Client.Contacts.List(t.Context(), &cwm.ListOptions{PageSize: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rows {
		for _, item := range c.CommunicationItems {
			if !strings.Contains(item.Value, "@") || c.Company == nil {
				continue
			}
			found, err := tg.Client.Contacts.FindByEmail(t.Context(), c.Company.ID, strings.ToUpper(item.Value))
			if err != nil || !containsContact(found, c.ID) {
				t.Errorf("FindByEmail(%d, %s) = %v, %v; want contact %d", c.Company.ID, item.Value, found, err, c.ID)
			}
			return
		}
	}
	t.Skip("no contact with an e-mail address among the first 50")
}

func containsContact(cs []cwm.Contact, id int) bool {
	for _, c := range cs {
		if c.ID == id {
			return true
		}
	}
	return false
}

func checkMySecurity(t *testing.T, tg Target) {
	rows, _, err := tg.Client.System.MySecurity(t.Context())
	if err != nil || len(rows) == 0 {
		t.Fatalf("MySecurity = %d rows, %v", len(rows), err)
	}
	for _, r := range rows {
		for _, l := range []cwm.SecurityLevel{r.AddLevel, r.EditLevel, r.DeleteLevel, r.InquireLevel} {
			if l != "" && l != cwm.LevelNone && l != cwm.LevelMy && l != cwm.LevelAll {
				t.Errorf("%s/%s has level %q", r.ModuleName, r.ModuleFunctionName, l)
			}
		}
	}
}

func checkTicketLifecycle(t *testing.T, tg Target) {
	ctx := t.Context()
	xref := fmt.Sprintf("psabridge-conformance:%d", time.Now().UnixNano())
	tooLong := &cwm.Ticket{Summary: strings.Repeat("s", cwm.MaxTicketSummary+1),
		Company: &cwm.Reference{ID: tg.TicketCompanyID}}
	_, _, err := tg.Client.Tickets.Create(ExpectInvalid(ctx), tooLong)
	var ce *cwm.Error
	if !errors.As(err, &ce) || ce.StatusCode != 400 || !hasFieldError(ce, "MaxLengthField", "summary") {
		t.Errorf("summary of %d characters = %v, want 400 MaxLengthField on summary", cwm.MaxTicketSummary+1, err)
	}

	created, _, err := tg.Client.Tickets.Create(ctx, &cwm.Ticket{ExternalXRef: xref,
		Summary: cwm.FitLength("psabridge conformance check — "+strings.Repeat("é", 120), cwm.MaxTicketSummary),
		Company: &cwm.Reference{ID: tg.TicketCompanyID}})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	found, err := tg.Client.Tickets.FindByExternalXRef(ctx, xref)
	if err != nil || found == nil || found.ID != created.ID {
		t.Fatalf("FindByExternalXRef = %+v, %v; want ticket %d", found, err, created.ID)
	}
	content := []byte("Subject: conformance\r\n\r\nbody\r\n")
	doc, _, err := tg.Client.Documents.Upload(ctx, &cwm.DocumentUploadRequest{RecordType: "Ticket",
		RecordID: created.ID, FileName: "conformance.eml", Content: content})
	if err != nil {
		t.Fatalf("Upload: %v", err)
	}
	docs := collect(t, tg.Client.Documents.All(ctx, "Ticket", created.ID, nil))
	if len(docs) != 1 || docs[0].ID != doc.ID || docs[0].Size != len(content) {
		t.Errorf("documents of the ticket = %+v, want document %d of %d bytes", docs, doc.ID, len(content))
	}
	if n, _, err := tg.Client.Documents.Count(ctx, "Ticket", created.ID); err != nil || n != 1 {
		t.Errorf("Documents.Count = %d, %v; want 1", n, err)
	}
}

func hasFieldError(e *cwm.Error, code, field string) bool {
	for _, fe := range e.Errors {
		if fe.Code == code && fe.Field == field {
			return true
		}
	}
	return false
}

func checkPatchAddition(t *testing.T, tg Target) {
	if tg.AgreementID == 0 || tg.AdditionID == 0 {
		t.Skip("no addition named for the PATCH check")
	}
	adds := collect(t, tg.Client.Agreements.AllAdditions(t.Context(), tg.AgreementID,
		&cwm.ListOptions{Conditions: cwm.Eq("id", tg.AdditionID).String()}))
	if len(adds) != 1 {
		t.Fatalf("addition %d of agreement %d: found %d", tg.AdditionID, tg.AgreementID, len(adds))
	}
	got, _, err := tg.Client.Agreements.UpdateAddition(t.Context(), tg.AgreementID, tg.AdditionID,
		[]cwm.PatchOperation{{Op: "replace", Path: "quantity", Value: adds[0].Quantity}})
	if err != nil || got.Quantity != adds[0].Quantity {
		t.Fatalf("UpdateAddition = %+v, %v; want quantity %v", got, err, adds[0].Quantity)
	}
}
