package cwm

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBoardSetupLists(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	handle(mux, "GET", "/service/boards/7/statuses", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(t, w, http.StatusOK, []BoardStatus{{ID: 1, Name: "New"}, {ID: 4, Name: ">Closed"}})
	})
	handle(mux, "GET", "/service/boards/7/types", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(t, w, http.StatusOK, []BoardType{{ID: 2, Name: "Phishing"}})
	})
	handle(mux, "GET", "/service/boards/7/subtypes", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(t, w, http.StatusOK, []BoardSubType{{ID: 3, Name: "Email"}})
	})
	handle(mux, "GET", "/service/boards/7/items", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(t, w, http.StatusOK, []BoardItem{{ID: 5, Name: "Outlook"}})
	})
	handle(mux, "GET", "/service/priorities", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(t, w, http.StatusOK, []Priority{{ID: 8, Name: "P3"}})
	})
	handle(mux, "GET", "/service/sources", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(t, w, http.StatusOK, []Source{{ID: 9, Name: "Email"}})
	})

	statuses, err := Collect(c.Boards.AllStatuses(t.Context(), 7, nil))
	check(t, "statuses", err, []BoardStatus{{ID: 1, Name: "New"}, {ID: 4, Name: ">Closed"}}, statuses)
	if statuses[0].Closed() || !statuses[1].Closed() {
		t.Errorf("Closed() of %v: want only the second closed", statuses)
	}
	types, err := Collect(c.Boards.AllTypes(t.Context(), 7, nil))
	check(t, "types", err, []BoardType{{ID: 2, Name: "Phishing"}}, types)
	subs, err := Collect(c.Boards.AllSubTypes(t.Context(), 7, nil))
	check(t, "subtypes", err, []BoardSubType{{ID: 3, Name: "Email"}}, subs)
	items, err := Collect(c.Boards.AllItems(t.Context(), 7, nil))
	check(t, "items", err, []BoardItem{{ID: 5, Name: "Outlook"}}, items)
	prios, err := Collect(c.Priorities.All(t.Context(), nil))
	check(t, "priorities", err, []Priority{{ID: 8, Name: "P3"}}, prios)
	srcs, err := Collect(c.Sources.All(t.Context(), nil))
	check(t, "sources", err, []Source{{ID: 9, Name: "Email"}}, srcs)
}

func TestBoardStatusClosedByFlag(t *testing.T) {
	t.Parallel()
	if !(BoardStatus{Name: "Done", ClosedStatus: true}).Closed() {
		t.Error("a status flagged closedStatus is not Closed")
	}
	if (BoardStatus{}).Closed() {
		t.Error("an empty status is Closed")
	}
}

func TestTicketUpdate(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var got []PatchOperation
	handle(mux, "PATCH", "/service/tickets/12", func(w http.ResponseWriter, r *http.Request) {
		if err := json.NewDecoder(r.Body).Decode(&got); err != nil {
			t.Errorf("decoding the patch: %v", err)
		}
		writeJSON(t, w, http.StatusOK, Ticket{ID: 12, Status: &Reference{ID: 4}})
	})
	ops := []PatchOperation{{Op: "replace", Path: "status", Value: map[string]any{"id": 4}}}
	tk, _, err := c.Tickets.Update(t.Context(), 12, ops)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Status == nil || tk.Status.ID != 4 {
		t.Errorf("ticket after update = %+v, want status 4", tk)
	}
	want := []PatchOperation{{Op: "replace", Path: "status", Value: map[string]any{"id": float64(4)}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("patch sent (-want +got):\n%s", diff)
	}
	if _, _, err := c.Tickets.Update(t.Context(), 12, nil); err == nil {
		t.Error("Update without operations succeeded")
	}
}

func check[T any](t *testing.T, what string, err error, want, got T) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
}
