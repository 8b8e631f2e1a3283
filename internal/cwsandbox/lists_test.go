package cwsandbox

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func bulkFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, Config{Seed: "empty"})
	if ids := f.sb.AddCompanies(2500); len(ids) != 2500 {
		t.Fatalf("AddCompanies returned %d ids", len(ids))
	}
	return f
}

func TestPagingSizes(t *testing.T) {
	t.Parallel()
	f := bulkFixture(t)
	tests := []struct {
		query string
		want  int
	}{
		{"", 25},
		{"?pageSize=1000", 1000},
		{"?pageSize=5000", 1000},
		{"?pageSize=1000&page=3", 500},
		{"?pageSize=1000&page=4", 0},
	}
	for _, tt := range tests {
		a := f.call(t, http.MethodGet, "/company/companies"+tt.query, nil)
		wantStatus(t, a, http.StatusOK)
		var rows []map[string]any
		a.decode(t, &rows)
		if len(rows) != tt.want {
			t.Errorf("%s: %d rows, want %d", tt.query, len(rows), tt.want)
		}
	}
}

func TestPagingLinks(t *testing.T) {
	t.Parallel()
	f := bulkFixture(t)
	a := f.call(t, http.MethodGet, "/company/companies?pageSize=1000&orderBy=id%20asc", nil)
	link := a.header.Get("Link")
	if linkRel(link, "prev") != "" || linkRel(link, "first") == "" || linkRel(link, "last") == "" {
		t.Errorf("first page Link = %q, want first, next and last only", link)
	}
	seen := map[float64]int{}
	next := f.srv.URL + "/v2025_1/apis/3.0/company/companies?pageSize=300&orderBy=id%20asc"
	pages := 0
	for next != "" {
		pages++
		if !strings.HasPrefix(next, "http://") {
			t.Fatalf("next link %q is not absolute", next)
		}
		req := f.request(t, http.MethodGet, next, nil)
		co, pub, priv, cid := f.sb.Credentials()
		req.SetBasicAuth(co+"+"+pub, priv)
		req.Header.Set("clientId", cid)
		a := f.send(t, req)
		wantStatus(t, a, http.StatusOK)
		var rows []map[string]any
		a.decode(t, &rows)
		for _, r := range rows {
			seen[r["id"].(float64)]++
		}
		next = linkRel(a.header.Get("Link"), "next")
	}
	if pages != 9 || len(seen) != 2500 {
		t.Fatalf("walked %d pages and %d distinct rows, want 9 and 2500", pages, len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("row %v seen %d times", id, n)
		}
	}
}

func TestForwardOnlyPaging(t *testing.T) {
	t.Parallel()
	f := bulkFixture(t)
	forward := func(r *http.Request) { r.Header.Set("pagination-type", "forward-only") }
	total, pageID := 0, "0"
	for range 10 {
		a := f.call(t, http.MethodGet, "/company/companies?pageSize=1000&pageId="+pageID, nil, forward)
		var rows []map[string]any
		a.decode(t, &rows)
		total += len(rows)
		if len(rows) == 0 {
			break
		}
		u, err := url.Parse(linkRel(a.header.Get("Link"), "next"))
		if err != nil {
			t.Fatal(err)
		}
		pageID = u.Query().Get("pageId")
	}
	if total != 2500 {
		t.Errorf("forward-only walk saw %d rows, want 2500", total)
	}
	a := f.call(t, http.MethodGet, "/company/companies?orderBy=name", nil, forward)
	wantError(t, a, http.StatusBadRequest, "InvalidObject")
}

func TestListQueries(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	q := url.Values{
		"conditions": {`name="Northwind Traders"`},
		"orderBy":    {"deletedFlag desc"},
		"fields":     {"id,identifier,deletedFlag,status/name"},
	}
	a := f.call(t, http.MethodGet, "/company/companies?"+q.Encode(), nil)
	wantStatus(t, a, http.StatusOK)
	var got []map[string]any
	a.decode(t, &got)
	want := []map[string]any{
		{"id": 11.0, "identifier": "NorthwindTraders2", "deletedFlag": true, "status": map[string]any{"name": "Active"}},
		{"id": 10.0, "identifier": "NorthwindTraders", "deletedFlag": false, "status": map[string]any{"name": "Active"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("companies (-want +got):\n%s", diff)
	}

	a = f.call(t, http.MethodGet, "/company/companies/count?conditions="+url.QueryEscape("deletedFlag=false"), nil)
	var count struct{ Count int }
	a.decode(t, &count)
	if want := len(DemoCompanies()); count.Count != want {
		t.Errorf("count of undeleted companies = %d, want %d (demo companies minus one deleted plus the MSP)", count.Count, want)
	}
}

func TestContactByEmail(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	q := url.Values{
		"childConditions": {`communicationItems/value="PAT@consultants.example" and communicationItems/communicationType="Email"`},
		"fields":          {"id,company/identifier"},
		"orderBy":         {"company/identifier desc"},
	}
	a := f.call(t, http.MethodGet, "/company/contacts?"+q.Encode(), nil)
	wantStatus(t, a, http.StatusOK)
	var got []map[string]any
	a.decode(t, &got)
	var companies []any
	for _, c := range got {
		companies = append(companies, c["company"].(map[string]any)["identifier"])
	}
	if diff := cmp.Diff([]any{"Contoso", "AcmeCorp"}, companies); diff != "" {
		t.Errorf("companies of the shared contact (-want +got):\n%s", diff)
	}
}

func TestListErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	tests := []struct {
		query, code, message string
	}{
		{"conditions=" + url.QueryEscape(`typeids="1"`), "ApiFindCondition", "is not a recognized name"},
		{"conditions=" + url.QueryEscape(`name = "x`), "InvalidObject", "unterminated"},
		{"orderBy=nosuch", "ApiFindCondition", "is not a recognized name"},
		{"pageSize=ten", "InvalidObject", "pageSize"},
	}
	for _, tt := range tests {
		a := f.call(t, http.MethodGet, "/company/companies?"+tt.query, nil)
		e := wantError(t, a, http.StatusBadRequest, tt.code)
		if !strings.Contains(e.Message, tt.message) {
			t.Errorf("%s: message %q lacks %q", tt.query, e.Message, tt.message)
		}
	}
}
