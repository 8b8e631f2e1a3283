package cwm

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// failing answers the first n calls with status (0 drops the connection)
// and later calls with 200 and an empty JSON object. It counts calls.
func failing(t *testing.T, n int32, status int, header http.Header, calls *atomic.Int32) http.HandlerFunc {
	t.Helper()
	return func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) > n {
			writeJSON(t, w, http.StatusOK, map[string]any{"id": 9})
			return
		}
		if status == 0 {
			dropConnection(t, w)
			return
		}
		for k, v := range header {
			w.Header()[k] = v
		}
		writeJSON(t, w, status, map[string]any{"code": "Oops", "message": "try later"})
	}
}

func dropConnection(t *testing.T, w http.ResponseWriter) {
	t.Helper()
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Errorf("hijacking: %v", err)
		return
	}
	_ = conn.Close()
}

func TestGetRetries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		failures  int32
		status    int
		header    http.Header
		wantCalls int32
		wantErr   bool
	}{
		{"5xx then success", 2, http.StatusServiceUnavailable, nil, 3, false},
		{"5xx every time gives up after 3 retries", 100, http.StatusBadGateway, nil, 4, true},
		{"429 without Retry-After backs off", 1, http.StatusTooManyRequests, nil, 2, false},
		{"429 with Retry-After 0", 1, http.StatusTooManyRequests, http.Header{"Retry-After": {"0"}}, 2, false},
		{"429 advising longer than MaxRetryWait is returned", 1, http.StatusTooManyRequests,
			http.Header{"Retry-After": {"3600"}}, 1, true},
		{"400 is not retried", 1, http.StatusBadRequest, nil, 1, true},
		{"403 is not retried", 1, http.StatusForbidden, nil, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			var calls atomic.Int32
			handle(mux, "GET", "/service/boards/9", failing(t, tt.failures, tt.status, tt.header, &calls))

			b, _, err := c.Boards.Get(t.Context(), 9)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Get error = %v, want error %v", err, tt.wantErr)
			}
			if !tt.wantErr && b.ID != 9 {
				t.Errorf("board id = %d, want 9", b.ID)
			}
			if got := calls.Load(); got != tt.wantCalls {
				t.Errorf("made %d calls, want %d", got, tt.wantCalls)
			}
		})
	}
}

func TestGetRetriesDroppedConnection(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var calls atomic.Int32
	handle(mux, "GET", "/service/boards/9", failing(t, 1, 0, nil, &calls))

	if _, _, err := c.Boards.Get(t.Context(), 9); err != nil {
		t.Fatalf("Get after one dropped connection: %v", err)
	}
	if calls.Load() < 2 {
		t.Errorf("made %d calls, want a retry", calls.Load())
	}
}

func TestWritesAreRetriedOnlyWhenSafe(t *testing.T) {
	t.Parallel()
	replace := []PatchOperation{{Op: "replace", Path: "quantity", Value: 3}}
	remove := []PatchOperation{{Op: "remove", Path: "description"}}
	tests := []struct {
		name      string
		status    int
		write     func(c *Client) error
		wantCalls int32
	}{
		{"POST after 503 is sent once", 503, func(c *Client) error {
			_, _, err := c.Tickets.Create(t.Context(), &Ticket{Summary: "s"})
			return err
		}, 1},
		{"POST after a dropped connection is sent once", 0, func(c *Client) error {
			_, _, err := c.Tickets.Create(t.Context(), &Ticket{Summary: "s"})
			return err
		}, 1},
		{"POST after 429 is sent again: nothing was carried out", 429, func(c *Client) error {
			_, _, err := c.Tickets.Create(t.Context(), &Ticket{Summary: "s"})
			return err
		}, 4},
		{"replace-only PATCH after 503 is sent again", 503, func(c *Client) error {
			_, _, err := c.Agreements.UpdateAddition(t.Context(), 1, 2, replace)
			return err
		}, 4},
		{"replace-only PATCH after a dropped connection is sent again", 0, func(c *Client) error {
			_, _, err := c.Agreements.UpdateAddition(t.Context(), 1, 2, replace)
			return err
		}, 4},
		{"PATCH that removes after 503 is sent once", 503, func(c *Client) error {
			_, _, err := c.Agreements.UpdateAddition(t.Context(), 1, 2, remove)
			return err
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			var calls atomic.Int32
			h := failing(t, 5, tt.status, nil, &calls)
			handle(mux, "POST", "/service/tickets", h)
			handle(mux, "PATCH", "/finance/agreements/1/additions/2", h)

			if err := tt.write(c); err == nil {
				t.Error("write succeeded, want the failure reported")
			}
			if got := calls.Load(); got != tt.wantCalls {
				t.Errorf("sent %d times, want %d", got, tt.wantCalls)
			}
		})
	}
}

func TestRetriedPatchSendsItsBodyEveryTime(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var calls atomic.Int32
	handle(mux, "PATCH", "/finance/agreements/1/additions/2", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if want := `[{"op":"replace","path":"quantity","value":3}]`; string(b) != want {
			t.Errorf("attempt %d body = %s, want %s", calls.Load()+1, b, want)
		}
		if calls.Add(1) == 1 {
			writeJSON(t, w, http.StatusBadGateway, map[string]any{"code": "Oops"})
			return
		}
		writeJSON(t, w, http.StatusOK, map[string]any{"id": 2, "quantity": 3})
	})
	a, _, err := c.Agreements.UpdateAddition(t.Context(), 1, 2,
		[]PatchOperation{{Op: "replace", Path: "quantity", Value: 3}})
	if err != nil || a.Quantity != 3 {
		t.Fatalf("UpdateAddition = %+v, %v; want quantity 3", a, err)
	}
	if calls.Load() != 2 {
		t.Errorf("sent %d times, want 2", calls.Load())
	}
}

func TestDroppedPostMayHaveCreated(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var calls atomic.Int32
	handle(mux, "POST", "/service/tickets", failing(t, 1, 0, nil, &calls))

	_, _, err := c.Tickets.Create(t.Context(), &Ticket{Summary: "s"})
	if !errors.Is(err, ErrMaybeCreated) {
		t.Errorf("Create error = %v, want ErrMaybeCreated", err)
	}
	if calls.Load() != 1 {
		t.Errorf("made %d calls, want 1", calls.Load())
	}
}

func TestPostTimeoutMayHaveCreated(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	ctx, cancel := context.WithCancel(t.Context())
	handle(mux, "POST", "/system/documents", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // so the server notices the client leaving
		cancel()                           // the caller gives up while the server is working
		<-r.Context().Done()
	})

	_, _, err := c.Documents.Upload(ctx, &DocumentUploadRequest{RecordType: "Ticket", RecordID: 1,
		FileName: "a.eml", Content: []byte("x")})
	if !errors.Is(err, ErrMaybeCreated) {
		t.Errorf("Upload error = %v, want ErrMaybeCreated", err)
	}
}

func TestRefusedPostWasNotCreated(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close() // nothing listens there any more
	c, err := NewClient(Config{BaseURL: srv.URL + apiPrefix, Credentials: testCreds})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.Tickets.Create(t.Context(), &Ticket{Summary: "s"})
	if err == nil || errors.Is(err, ErrMaybeCreated) {
		t.Errorf("Create error = %v, want a refusal without ErrMaybeCreated", err)
	}
}

func TestBackoffStaysWithinCap(t *testing.T) {
	t.Parallel()
	c := &Client{cfg: withDefaults(Config{RetryBaseDelay: 100 * time.Millisecond})}
	for attempt := range 40 {
		d := c.backoff(attempt)
		step := min(100*time.Millisecond<<min(attempt, 16), maxBackoff)
		if d < step/2 || d > step {
			t.Errorf("backoff(%d) = %s, want within [%s, %s]", attempt, d, step/2, step)
		}
	}
}
