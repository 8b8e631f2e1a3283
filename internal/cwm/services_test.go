package cwm

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFindByEmail(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var q url.Values
	handle(mux, "GET", "/company/contacts", func(w http.ResponseWriter, r *http.Request) {
		q = r.URL.Query()
		writeJSON(t, w, http.StatusOK, []Contact{
			{ID: 1, CommunicationItems: []CommunicationItem{{Value: " Jane.Doe@Acme.example "}}},
			{ID: 2, CommunicationItems: []CommunicationItem{{Value: "jane.doe@acme.example.org"}}},
			{ID: 3},
		})
	})

	got, err := c.Contacts.FindByEmail(t.Context(), 250, "jane.doe@acme.example")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != 1 {
		t.Errorf("found %+v, want only contact 1", got)
	}
	want := url.Values{
		"childConditions": {`communicationItems/value = "jane.doe@acme.example"`},
		"conditions":      {"company/id = 250"},
		"orderBy":         {"id asc"}, "page": {"1"}, "pageSize": {"1000"},
	}
	if diff := cmp.Diff(want, q); diff != "" {
		t.Errorf("query (-want +got):\n%s", diff)
	}
}

func TestFindByEmailQuotesHostileAddress(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var child string
	handle(mux, "GET", "/company/contacts", func(w http.ResponseWriter, r *http.Request) {
		child = r.URL.Query().Get("childConditions")
		writeJSON(t, w, http.StatusOK, []Contact{})
	})
	got, err := c.Contacts.FindByEmail(t.Context(), 0, `x" or communicationItems/value like "*`)
	if err != nil || len(got) != 0 {
		t.Fatalf("FindByEmail = %v, %v; want no contacts", got, err)
	}
	if want := `communicationItems/value = "x\" or communicationItems/value like \"*"`; child != want {
		t.Errorf("childConditions = %s, want %s", child, want)
	}
	if _, err := c.Contacts.FindByEmail(t.Context(), 1, "  "); err == nil {
		t.Error("FindByEmail with a blank address succeeded")
	}
}

func TestFindByExternalXRef(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name   string
		answer []Ticket
		want   *Ticket
	}{
		{"found", []Ticket{{ID: 41, ExternalXRef: "phishreport:1"}}, &Ticket{ID: 41, ExternalXRef: "phishreport:1"}},
		{"none", []Ticket{}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			var q url.Values
			handle(mux, "GET", "/service/tickets", func(w http.ResponseWriter, r *http.Request) {
				q = r.URL.Query()
				writeJSON(t, w, http.StatusOK, tt.answer)
			})
			got, err := c.Tickets.FindByExternalXRef(t.Context(), "phishreport:1")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ticket (-want +got):\n%s", diff)
			}
			if q.Get("conditions") != `externalXRef = "phishreport:1"` || q.Get("orderBy") != "id asc" {
				t.Errorf("query = %v", q)
			}
		})
	}
}

func TestWritesSendTheirBodies(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	bodies := map[string]string{}
	echo := func(answer any) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			bodies[r.Method+" "+strings.TrimPrefix(r.URL.Path, apiPrefix)] = string(b)
			writeJSON(t, w, http.StatusCreated, answer)
		}
	}
	handle(mux, "POST", "/service/tickets", echo(Ticket{ID: 5, Summary: "s"}))
	handle(mux, "POST", "/service/tickets/5/notes", echo(ServiceNote{ID: 6, TicketID: 5}))
	handle(mux, "PATCH", "/finance/agreements/7/additions/8", echo(Addition{ID: 8, Quantity: 42}))

	tk, _, err := c.Tickets.Create(t.Context(),
		&Ticket{Summary: "s", Board: &Reference{ID: 1}, ExternalXRef: "k"})
	if err != nil || tk.ID != 5 {
		t.Fatalf("Create = %+v, %v", tk, err)
	}
	n, _, err := c.Tickets.AddNote(t.Context(), 5, &ServiceNote{Text: "hi", InternalAnalysisFlag: true})
	if err != nil || n.ID != 6 {
		t.Fatalf("AddNote = %+v, %v", n, err)
	}
	a, _, err := c.Agreements.UpdateAddition(t.Context(), 7, 8,
		[]PatchOperation{{Op: "replace", Path: "quantity", Value: 42}})
	if err != nil || a.Quantity != 42 {
		t.Fatalf("UpdateAddition = %+v, %v", a, err)
	}

	want := map[string]string{
		"POST /service/tickets":                   `{"summary":"s","board":{"id":1},"externalXRef":"k"}`,
		"POST /service/tickets/5/notes":           `{"text":"hi","internalAnalysisFlag":true}`,
		"PATCH /finance/agreements/7/additions/8": `[{"op":"replace","path":"quantity","value":42}]`,
	}
	if diff := cmp.Diff(want, bodies); diff != "" {
		t.Errorf("bodies (-want +got):\n%s", diff)
	}
}

func TestUpdateAdditionNeedsOperations(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	if _, _, err := c.Agreements.UpdateAddition(t.Context(), 1, 2, nil); err == nil {
		t.Error("UpdateAddition without operations succeeded")
	}
}

func TestListsUseTheirPaths(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	seen := map[string]bool{}
	for _, p := range []string{"/company/companies", "/company/contacts", "/finance/agreements",
		"/finance/agreements/3/additions", "/procurement/catalog", "/service/tickets",
		"/service/boards", "/system/documents"} {
		handle(mux, "GET", p, func(w http.ResponseWriter, r *http.Request) {
			seen[p] = true
			writeJSON(t, w, http.StatusOK, []row{{1}})
		})
	}
	ctx := t.Context()
	calls := []func() error{
		func() error { _, _, err := c.Companies.List(ctx, nil); return err },
		func() error { _, _, err := c.Contacts.List(ctx, nil); return err },
		func() error { _, _, err := c.Agreements.List(ctx, nil); return err },
		func() error { _, _, err := c.Agreements.ListAdditions(ctx, 3, nil); return err },
		func() error { _, _, err := c.Catalog.List(ctx, nil); return err },
		func() error { _, _, err := c.Tickets.List(ctx, nil); return err },
		func() error { _, _, err := c.Boards.List(ctx, nil); return err },
		func() error { _, _, err := c.Documents.List(ctx, "Ticket", 5, nil); return err },
	}
	for i, call := range calls {
		if err := call(); err != nil {
			t.Errorf("call %d: %v", i, err)
		}
	}
	if len(seen) != len(calls) {
		t.Errorf("served %d of %d list paths: %v", len(seen), len(calls), seen)
	}
}

func TestIteratorsUseTheirPaths(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	seen := map[string]int{}
	for _, p := range []string{"/company/contacts", "/finance/agreements", "/finance/agreements/3/additions",
		"/procurement/catalog", "/service/tickets", "/service/boards"} {
		handle(mux, "GET", p, func(w http.ResponseWriter, r *http.Request) {
			seen[p]++
			writeJSON(t, w, http.StatusOK, []row{{1}})
		})
	}
	ctx := t.Context()
	count(t, c.Contacts.All(ctx, nil))
	count(t, c.Agreements.All(ctx, nil))
	count(t, c.Agreements.AllAdditions(ctx, 3, nil))
	count(t, c.Catalog.All(ctx, nil))
	count(t, c.Tickets.All(ctx, nil))
	count(t, c.Boards.All(ctx, nil))
	if len(seen) != 6 {
		t.Errorf("served %d of 6 paths: %v", len(seen), seen)
	}
}

func count[T any](t *testing.T, seq func(func(T, error) bool)) {
	t.Helper()
	n := 0
	for _, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 1 {
		t.Errorf("got %d rows, want 1", n)
	}
}

func TestDocumentsListFiltersByRecord(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var q url.Values
	handle(mux, "GET", "/system/documents", func(w http.ResponseWriter, r *http.Request) {
		q = r.URL.Query()
		writeJSON(t, w, http.StatusOK, []Document{{ID: 3, FileName: "a.eml"}})
	})
	docs, _, err := c.Documents.List(t.Context(), "Ticket", 77, &ListOptions{PageSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	want := url.Values{"recordType": {"Ticket"}, "recordId": {"77"}, "page": {"1"}, "pageSize": {"5"}}
	if diff := cmp.Diff(want, q); diff != "" {
		t.Errorf("query (-want +got):\n%s", diff)
	}
	if len(docs) != 1 || docs[0].FileName != "a.eml" {
		t.Errorf("documents = %+v", docs)
	}
}

func TestGetDecodesRecords(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	handle(mux, "GET", "/company/companies/12", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "req-1")
		_ = json.NewEncoder(w).Encode(map[string]any{"id": 12, "identifier": "Acme", "name": "Acme Ltd",
			"defaultContact": map[string]any{"id": 4, "name": "Jane"}, "_info": map[string]string{"x": "y"}})
	})
	co, resp, err := c.Companies.Get(t.Context(), 12)
	if err != nil {
		t.Fatal(err)
	}
	want := &Company{ID: 12, Identifier: "Acme", Name: "Acme Ltd",
		DefaultContact: &Reference{ID: 4, Name: "Jane"}}
	if diff := cmp.Diff(want, co); diff != "" {
		t.Errorf("company (-want +got):\n%s", diff)
	}
	if resp.RequestID != "req-1" {
		t.Errorf("RequestID = %q, want req-1", resp.RequestID)
	}
}
