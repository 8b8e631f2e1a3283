package cwsandbox

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func fixedNow() time.Time { return time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC) }

func TestCreateTicketDefaults(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{Now: fixedNow})
	body := map[string]any{
		"summary": "Phishing report: Invoice overdue", "company": map[string]any{"id": 2},
		"contact": map[string]any{"id": 1}, "externalXRef": "phishreport:42",
		"initialDescription": "Reported by jane",
	}
	a := f.call(t, http.MethodPost, "/service/tickets", body)
	wantStatus(t, a, http.StatusCreated)
	var got map[string]any
	a.decode(t, &got)
	want := map[string]any{
		"board":   map[string]any{"id": 1.0, "name": "Service Desk"},
		"status":  map[string]any{"id": 1.0, "name": "New"},
		"company": map[string]any{"id": 2.0, "identifier": "AcmeCorp", "name": "Acme Corporation"},
	}
	for k, w := range want {
		if diff := cmp.Diff(w, got[k]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", k, diff)
		}
	}
	if _, ok := got["initialDescription"]; ok {
		t.Error("initialDescription is returned; ConnectWise never returns it")
	}
	if got["contactEmailAddress"] == nil || got["_info"].(map[string]any)["dateEntered"] != "2025-03-01T12:00:00Z" {
		t.Errorf("contact e-mail or _info missing: %v", got)
	}
	id := int(got["id"].(float64))
	notes := f.sb.Records("service/tickets/" + strconv.Itoa(id) + "/notes")
	if len(notes) != 1 || notes[0]["text"] != "Reported by jane" || notes[0]["detailDescriptionFlag"] != true {
		t.Errorf("notes = %v, want the initial description as one note", notes)
	}
}

func TestCreateTicketInvalid(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	tests := []struct {
		name  string
		body  map[string]any
		code  string
		field string
	}{
		{"summary too long", map[string]any{"summary": strings.Repeat("x", 101), "company": map[string]any{"id": 2}},
			"MaxLengthField", "summary"},
		{"summary of 51 emoji is 102 UTF-16 units", map[string]any{"summary": strings.Repeat("🎣", 51), "company": map[string]any{"id": 2}},
			"MaxLengthField", "summary"},
		{"missing summary", map[string]any{"company": map[string]any{"id": 2}}, "MissingRequiredField", "summary"},
		{"missing company", map[string]any{"summary": "x"}, "MissingRequiredField", "company"},
		{"unknown company", map[string]any{"summary": "x", "company": map[string]any{"id": 99999}}, "NotFound", "company/id"},
		{"status of another board", map[string]any{"summary": "x", "company": map[string]any{"id": 2},
			"board": map[string]any{"id": 1}, "status": map[string]any{"id": 6}}, "NotFound", "status/id"},
		{"externalXRef too long", map[string]any{"summary": "x", "company": map[string]any{"id": 2},
			"externalXRef": strings.Repeat("k", 101)}, "MaxLengthField", "externalXRef"},
		{"contactName too long", map[string]any{"summary": "x", "company": map[string]any{"id": 2},
			"contactName": strings.Repeat("n", 63)}, "MaxLengthField", "contactName"},
		{"contactEmailAddress too long", map[string]any{"summary": "x", "company": map[string]any{"id": 2},
			"contactEmailAddress": strings.Repeat("e", 251)}, "MaxLengthField", "contactEmailAddress"},
	}
	for _, tt := range tests {
		e := wantError(t, f.call(t, http.MethodPost, "/service/tickets", tt.body), http.StatusBadRequest, "InvalidObject")
		if e.Message != "ticket object is invalid" || len(e.Errors) == 0 ||
			e.Errors[0].Code != tt.code || e.Errors[0].Field != tt.field || e.Errors[0].Resource != "ticket" {
			t.Errorf("%s: error = %+v, want %s on %s", tt.name, e, tt.code, tt.field)
		}
	}
	if n := len(f.sb.Records("service/tickets")); n != 0 {
		t.Errorf("%d tickets stored by invalid posts", n)
	}
	ok := map[string]any{"summary": strings.Repeat("x", 100), "company": map[string]any{"id": 2}}
	wantStatus(t, f.call(t, http.MethodPost, "/service/tickets", ok), http.StatusCreated)
}

func TestCreateTicketDeserialisationErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	tests := []struct {
		body any
		want string
	}{
		{map[string]any{"summary": "x", "company": map[string]any{"id": 2}, "enteredBy": "me"}, "'enteredBy'"},
		{map[string]any{"summary": "x", "company": map[string]any{"id": 2, "colour": "x"}}, "'colour'"},
		{map[string]any{"summary": 5, "company": map[string]any{"id": 2}}, "summary"},
		{[]byte(`[1,2]`), "JSON object"},
	}
	for _, tt := range tests {
		e := wantError(t, f.call(t, http.MethodPost, "/service/tickets", tt.body), http.StatusBadRequest, "ConnectWiseApi")
		if !strings.Contains(e.Message, tt.want) {
			t.Errorf("message %q lacks %q", e.Message, tt.want)
		}
	}
}

func TestNoDefaultBoardNeedsBoard(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{NoDefaultBoard: true})
	body := map[string]any{"summary": "x", "company": map[string]any{"id": 2}}
	e := wantError(t, f.call(t, http.MethodPost, "/service/tickets", body), http.StatusBadRequest, "InvalidObject")
	if e.Errors[0].Field != "board" {
		t.Errorf("errors = %+v, want board", e.Errors)
	}
	body["board"] = map[string]any{"name": "Security Incidents"}
	wantStatus(t, f.call(t, http.MethodPost, "/service/tickets", body), http.StatusCreated)
}

func TestPatchAdditionQuantity(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	ops := []map[string]any{{"op": "replace", "path": "quantity", "value": 77}}
	a := f.call(t, http.MethodPatch, "/finance/agreements/1/additions/1", ops)
	wantStatus(t, a, http.StatusOK)
	var got map[string]any
	a.decode(t, &got)
	if got["quantity"] != 77.0 || got["extPrice"] != 77*3.5 {
		t.Errorf("patched addition = %v", got)
	}
	if q := f.sb.Records("finance/agreements/1/additions")[0]["quantity"]; q != 77.0 {
		t.Errorf("stored quantity = %v, want 77", q)
	}

	bad := []map[string]any{{"op": "replace", "path": "quantity", "value": "many"}}
	wantError(t, f.call(t, http.MethodPatch, "/finance/agreements/1/additions/1", bad), http.StatusBadRequest, "ConnectWiseApi")
	wantError(t, f.call(t, http.MethodPatch, "/finance/agreements/2/additions/1", ops), http.StatusNotFound, "NotFound")
	nested := []map[string]any{{"op": "replace", "path": "product/identifier", "value": "EDR-DEVICE"}}
	wantStatus(t, f.call(t, http.MethodPatch, "/finance/agreements/1/additions/1", nested), http.StatusOK)
	if p := f.sb.Records("finance/agreements/1/additions")[0]["product"].(map[string]any)["identifier"]; p != "SAT-USER" {
		t.Errorf("a nested patch path changed the product to %v; ConnectWise ignores it", p)
	}
	f.sb.SetRight("Finance", "Agreements", "edit", "None")
	wantError(t, f.call(t, http.MethodPatch, "/finance/agreements/1/additions/1", ops), http.StatusForbidden, "Security")
}

func TestPostNote(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	ticket := map[string]any{"summary": "x", "company": map[string]any{"id": 2}}
	wantStatus(t, f.call(t, http.MethodPost, "/service/tickets", ticket), http.StatusCreated)
	e := wantError(t, f.call(t, http.MethodPost, "/service/tickets/1/notes", map[string]any{"text": "hi"}),
		http.StatusBadRequest, "InvalidObject")
	if e.Errors[0].Field != "detailDescriptionFlag" {
		t.Errorf("errors = %+v", e.Errors)
	}
	note := map[string]any{"text": "Analysis", "internalAnalysisFlag": true}
	wantStatus(t, f.call(t, http.MethodPost, "/service/tickets/1/notes", note), http.StatusCreated)
	wantError(t, f.call(t, http.MethodPost, "/service/tickets/9/notes", note), http.StatusNotFound, "NotFound")
}
