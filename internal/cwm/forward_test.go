package cwm

import (
	"fmt"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// forwardRows serves ids 1..total with forward-only paging: rows after
// pageId, a Link header naming the next pageId while rows remain. It
// fails the test when a call lacks the header or carries orderBy or page.
func forwardRows(t *testing.T, total int, calls *atomic.Int32) http.HandlerFunc {
	t.Helper()
	return func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		q := r.URL.Query()
		if r.Header.Get("pagination-type") != "forward-only" || q.Has("orderBy") || q.Has("page") {
			t.Errorf("forward-only call with header %q and query %v", r.Header.Get("pagination-type"), q)
		}
		after, size := queryInt(r, "pageId", 0), queryInt(r, "pageSize", 25)
		rows := []row{}
		for id := after + 1; id <= total && len(rows) < size; id++ {
			rows = append(rows, row{ID: id})
		}
		if len(rows) > 0 {
			next := fmt.Sprintf("http://x%s?pageSize=%d&pageId=%d", r.URL.Path, size, rows[len(rows)-1].ID)
			w.Header().Set("Link", "<"+next+`>; rel="next"`)
		}
		writeJSON(t, w, http.StatusOK, rows)
	}
}

func TestAllForwardOnlyYieldsEveryRowOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		total, size int
		wantCalls   int32
	}{{0, 10, 1}, {25, 10, 3}, {30, 10, 4}, {2500, 0, 3}}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.total), func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			var calls atomic.Int32
			handle(mux, "GET", "/company/contacts", forwardRows(t, tt.total, &calls))

			var got []int
			opts := &ListOptions{ForwardOnly: true, PageSize: tt.size}
			for co, err := range c.Contacts.All(t.Context(), opts) {
				if err != nil {
					t.Fatalf("All: %v", err)
				}
				got = append(got, co.ID)
			}
			var want []int
			for id := 1; id <= tt.total; id++ {
				want = append(want, id)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ids (-want +got):\n%s", diff)
			}
			if calls.Load() != tt.wantCalls {
				t.Errorf("made %d calls, want %d", calls.Load(), tt.wantCalls)
			}
		})
	}
}

func TestForwardOnlyRefusesOrderBy(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	_, _, err := c.Companies.List(t.Context(), &ListOptions{ForwardOnly: true, OrderBy: "name asc"})
	if err == nil {
		t.Fatal("List with ForwardOnly and OrderBy succeeded, want an error")
	}
}

func TestForwardOnlyRejectsCursorThatGoesBack(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	handle(mux, "GET", "/company/companies", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", `<http://x/?pageId=1>; rel="next"`)
		writeJSON(t, w, http.StatusOK, []row{{ID: 1}})
	})
	var err error
	for _, err = range c.Companies.All(t.Context(), &ListOptions{ForwardOnly: true, PageSize: 1}) {
		if err != nil {
			break
		}
	}
	if err == nil {
		t.Fatal("All followed a cursor that does not advance, want an error")
	}
}

func TestCountSendsConditionsOnly(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	handle(mux, "GET", "/company/companies/count", func(w http.ResponseWriter, r *http.Request) {
		want := map[string][]string{"conditions": {`name="x"`}}
		if diff := cmp.Diff(want, map[string][]string(r.URL.Query())); diff != "" {
			t.Errorf("query (-want +got):\n%s", diff)
		}
		writeJSON(t, w, http.StatusOK, map[string]int{"count": 42})
	})
	n, _, err := c.Companies.Count(t.Context(), &ListOptions{Conditions: `name="x"`, PageSize: 5,
		OrderBy: "id asc", Fields: []string{"id"}})
	if err != nil || n != 42 {
		t.Fatalf("Count = %d, %v; want 42", n, err)
	}
}
