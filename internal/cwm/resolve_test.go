package cwm

import (
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
)

func TestCreateWithLostAnswerFindsTheTicket(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		stored    []map[string]any
		wantID    int
		wantMaybe bool
	}{
		{"created", []map[string]any{{"id": 41, "externalXRef": "psabridge:r1"}}, 41, false},
		{"not created", []map[string]any{}, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			var posts atomic.Int32
			handle(mux, "POST", "/service/tickets", failing(t, 1, 0, nil, &posts))
			handle(mux, "GET", "/service/tickets", func(w http.ResponseWriter, r *http.Request) {
				if got := r.URL.Query().Get("conditions"); got != `externalXRef = "psabridge:r1"` {
					t.Errorf("lookup conditions = %q", got)
				}
				writeJSON(t, w, http.StatusOK, tt.stored)
			})

			tk, _, err := c.Tickets.Create(t.Context(), &Ticket{Summary: "s", ExternalXRef: "psabridge:r1"})
			if errors.Is(err, ErrMaybeCreated) != tt.wantMaybe {
				t.Fatalf("Create error = %v, want ErrMaybeCreated %v", err, tt.wantMaybe)
			}
			if !tt.wantMaybe && tk.ID != tt.wantID {
				t.Errorf("ticket id = %d, want %d", tk.ID, tt.wantID)
			}
			if posts.Load() != 1 {
				t.Errorf("POSTed %d times, want once", posts.Load())
			}
		})
	}
}

func TestUploadWithLostAnswerFindsTheDocument(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var posts atomic.Int32
	handle(mux, "POST", "/system/documents", failing(t, 1, 0, nil, &posts))
	handle(mux, "GET", "/system/documents", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("recordType") != "Ticket" || q.Get("recordId") != "5" {
			t.Errorf("lookup query = %v", q)
		}
		writeJSON(t, w, http.StatusOK, []map[string]any{
			{"id": 1, "fileName": "a.eml", "size": 99}, // same name, other content
			{"id": 2, "fileName": "b.eml", "size": 3},  // other name
			{"id": 3, "fileName": "A.eml", "size": 3},  // this upload
		})
	})
	doc, _, err := c.Documents.Upload(t.Context(), &DocumentUploadRequest{RecordType: "Ticket",
		RecordID: 5, FileName: "a.eml", Content: []byte("abc")})
	if err != nil || doc.ID != 3 {
		t.Fatalf("Upload = %+v, %v; want document 3", doc, err)
	}
	if posts.Load() != 1 {
		t.Errorf("POSTed %d times, want once", posts.Load())
	}
}
