package cwm

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAllYieldsEveryRowOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		total     int
		pageSize  int
		wantCalls int32
	}{
		{"past 25 rows with API page size", 60, 25, 3},
		{"past 1000 rows with default page size", 2345, 0, 3},
		{"exact multiple of page size", 2000, 1000, 2},
		{"empty list", 0, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			var calls atomic.Int32
			handle(mux, "GET", "/company/companies", pagedRows(t, tt.total, &calls))

			seen := map[int]int{}
			for co, err := range c.Companies.All(t.Context(), &ListOptions{PageSize: tt.pageSize}) {
				if err != nil {
					t.Fatalf("All: %v", err)
				}
				seen[co.ID]++
			}
			if len(seen) != tt.total {
				t.Errorf("got %d distinct rows, want %d", len(seen), tt.total)
			}
			for id, n := range seen {
				if n != 1 || id < 1 || id > tt.total {
					t.Errorf("row %d seen %d times", id, n)
				}
			}
			if got := calls.Load(); got != tt.wantCalls {
				t.Errorf("made %d requests, want %d", got, tt.wantCalls)
			}
		})
	}
}

func TestAllSendsPagingParameters(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts *ListOptions
		want url.Values
	}{
		{"defaults", nil, url.Values{"page": {"1"}, "pageSize": {"1000"}, "orderBy": {"id asc"}}},
		{"caller's order and filters", &ListOptions{
			OrderBy: "name desc", Conditions: `name="x"`, ChildConditions: `types/id=1`,
			Fields: []string{"id", "name"}, PageSize: 5000, Page: 3,
		}, url.Values{
			"page": {"3"}, "pageSize": {"1000"}, "orderBy": {"name desc"}, "conditions": {`name="x"`},
			"childConditions": {"types/id=1"}, "fields": {"id,name"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			var got url.Values
			handle(mux, "GET", "/company/companies", func(w http.ResponseWriter, r *http.Request) {
				got = r.URL.Query()
				writeJSON(t, w, http.StatusOK, []row{})
			})
			for _, err := range c.Companies.All(t.Context(), tt.opts) {
				if err != nil {
					t.Fatal(err)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("query (-want +got):\n%s", diff)
			}
		})
	}
}

func TestListSendsExplicitPageSizeAndNoOrder(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var calls atomic.Int32
	var mu sync.Mutex
	var queries []url.Values
	rows := pagedRows(t, 60, &calls)
	handle(mux, "GET", "/company/companies", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.Query())
		mu.Unlock()
		rows(w, r)
	})

	got, resp, err := c.Companies.List(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 25 || resp.NextPage != 2 {
		t.Errorf("got %d rows and next page %d, want 25 and 2", len(got), resp.NextPage)
	}
	want := []url.Values{{"page": {"1"}, "pageSize": {"25"}}}
	if diff := cmp.Diff(want, queries); diff != "" {
		t.Errorf("queries (-want +got):\n%s", diff)
	}
}

func TestListLastPageHasNoNextPage(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var calls atomic.Int32
	handle(mux, "GET", "/company/companies", pagedRows(t, 30, &calls))

	got, resp, err := c.Companies.List(t.Context(), &ListOptions{Page: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 || resp.NextPage != 0 {
		t.Errorf("got %d rows and next page %d, want 5 and 0", len(got), resp.NextPage)
	}
}

func TestAllStopsWhenCallerBreaks(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var calls atomic.Int32
	handle(mux, "GET", "/company/companies", pagedRows(t, 100, &calls))

	n := 0
	for _, err := range c.Companies.All(t.Context(), &ListOptions{PageSize: 10}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 15 {
			break
		}
	}
	if got := calls.Load(); got != 2 {
		t.Errorf("made %d requests after breaking at row 15 of pages of 10, want 2", got)
	}
}

func TestAllYieldsErrorOfLaterPage(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var calls atomic.Int32
	rows := pagedRows(t, 100, &calls)
	handle(mux, "GET", "/company/companies", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("page") == "2" {
			writeJSON(t, w, http.StatusForbidden, map[string]any{"code": "Security", "message": "no"})
			return
		}
		rows(w, r)
	})

	var rowsSeen, errs int
	var last error
	for _, err := range c.Companies.All(t.Context(), &ListOptions{PageSize: 10}) {
		if err != nil {
			errs++
			last = err
			continue
		}
		rowsSeen++
	}
	if rowsSeen != 10 || errs != 1 || !IsForbidden(last) {
		t.Errorf("got %d rows, %d errors, last %v; want 10 rows then one 403", rowsSeen, errs, last)
	}
}

func TestAllRejectsLinkThatGoesBack(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	handle(mux, "GET", "/company/companies", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", `<https://x/company/companies?page=1&pageSize=2>; rel="next"`)
		writeJSON(t, w, http.StatusOK, []row{{1}, {2}})
	})

	var err error
	for _, e := range c.Companies.All(t.Context(), &ListOptions{PageSize: 2}) {
		if e != nil {
			err = e
		}
	}
	if err == nil {
		t.Fatal("All followed a next link back to page 1 without an error")
	}
}

func TestNextPageLink(t *testing.T) {
	t.Parallel()
	tests := []struct {
		header string
		want   int
	}{
		{"", 0},
		{`<https://h/a?page=3&pageSize=50>; rel="next"`, 3},
		{`<https://h/a?fields=id,name&page=1>; rel="first", ` +
			`<https://h/a?fields=id,name&page=4>; rel="next", <https://h/a?page=9>; rel="last"`, 4},
		{`<https://h/a?page=2>; rel="prev", <https://h/a?page=9>; rel="last"`, 0},
		{`<https://h/a?Page=7>; REL=next`, 7},
		{`<https://h/a?pageId=100>; rel="next"`, 0},
		{`garbage`, 0},
	}
	for _, tt := range tests {
		if got := nextLinkParam(tt.header, "page"); got != tt.want {
			t.Errorf("nextLinkParam(%q, page) = %d, want %d", tt.header, got, tt.want)
		}
	}
}

func TestMySecurityReadsEveryPage(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var calls atomic.Int32
	handle(mux, "GET", "/system/mySecurity", pagedRows(t, 1500, &calls))

	got, _, err := c.System.MySecurity(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1500 || got[1499].ID != 1500 {
		t.Errorf("got %d settings, want 1500 ending with id 1500", len(got))
	}
}

func TestPagingErrorIsTyped(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	handle(mux, "GET", "/system/mySecurity", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(t, w, http.StatusForbidden, map[string]any{"code": "Security"})
	})
	_, _, err := c.System.MySecurity(t.Context())
	var e *Error
	if !errors.As(err, &e) || e.StatusCode != http.StatusForbidden {
		t.Errorf("MySecurity error = %v, want a 403 *Error", err)
	}
}

func TestAllStopsAtShortOrEmptyPageDespiteNextLink(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		total     int
		wantCalls int32
	}{
		{"short page", 25, 3},
		{"empty page", 20, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			var calls atomic.Int32
			handle(mux, "GET", "/company/companies", func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				page := queryInt(r, "page", 1)
				rows := []row{}
				for id := (page-1)*10 + 1; id <= min(page*10, tt.total); id++ {
					rows = append(rows, row{id})
				}
				if page > 5 {
					t.Errorf("asked for page %d after the rows ran out", page)
					writeJSON(t, w, http.StatusOK, rows)
					return
				}
				w.Header().Set("Link", fmt.Sprintf(`<https://x/c?page=%d>; rel="next"`, page+1))
				writeJSON(t, w, http.StatusOK, rows)
			})

			n := 0
			for _, err := range c.Companies.All(t.Context(), &ListOptions{PageSize: 10}) {
				if err != nil {
					t.Fatal(err)
				}
				n++
			}
			if n != tt.total || calls.Load() != tt.wantCalls {
				t.Errorf("got %d rows in %d requests, want %d in %d",
					n, calls.Load(), tt.total, tt.wantCalls)
			}
		})
	}
}
