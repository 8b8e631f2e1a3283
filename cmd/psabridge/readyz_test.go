package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/psabridge/psabridge/internal/store"
)

// TestReadyzFailsWhileTheSchemaIsBehindTheBinary forgets the database's
// latest migration, as a backup restored from before an upgrade would, and
// checks /readyz turns from ready to failing, saying what to run.
func TestReadyzFailsWhileTheSchemaIsBehindTheBinary(t *testing.T) {
	t.Parallel()
	st, err := store.Open(t.Context(), store.Config{DataDir: t.TempDir()})
	must(t, err)
	defer st.Close()
	h := withOps(t.Context(), http.NotFoundHandler(), st)
	if code, body := get(t, h, "/readyz"); code != http.StatusOK {
		t.Fatalf("/readyz at the current schema = %d %s", code, body)
	}
	_, latest, err := store.SchemaVersions(t.Context(), st.DB(), st.Engine())
	must(t, err)
	_, err = st.DB().ExecContext(t.Context(), `DELETE FROM goose_db_version WHERE version_id = $1`, latest)
	must(t, err)

	code, body := get(t, h, "/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "behind") ||
		!strings.Contains(body, "psabridge migrate") {
		t.Errorf("/readyz with the schema behind = %d %s", code, body)
	}
}

// TestRequestIDsReachTheResponseAndTheLog checks a request gets a new id,
// in X-Request-Id and on the log lines written with its context; a plain
// caller id is kept and a forged one replaced.
func TestRequestIDsReachTheResponseAndTheLog(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := newLogger(&buf, "json", "info")
	h := withRequestIDs(log, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.InfoContext(r.Context(), "handling")
		w.WriteHeader(http.StatusTeapot)
	}))
	for _, tc := range []struct{ sent, want string }{
		{"", ""}, {"caller-1.a_b", "caller-1.a_b"}, {"x level=ERROR", ""},
	} {
		buf.Reset()
		req := httptest.NewRequest(http.MethodGet, "/api/v1/reports?reporter=a@b.example", nil)
		if tc.sent != "" {
			req.Header.Set(requestIDHeader, tc.sent)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		id := rec.Header().Get(requestIDHeader)
		if tc.want != "" && id != tc.want || tc.want == "" && (len(id) != 16 || id == tc.sent) {
			t.Errorf("sent %q: X-Request-Id %q", tc.sent, id)
		}
		var lines []map[string]any
		dec := json.NewDecoder(&buf)
		for dec.More() {
			var l map[string]any
			must(t, dec.Decode(&l))
			delete(l, "time")
			delete(l, "duration_ms")
			lines = append(lines, l)
		}
		want := []map[string]any{
			{"level": "INFO", "msg": "handling", "request_id": id},
			{"level": "INFO", "msg": "request", "method": "GET", "path": "/api/v1/reports", "status": 418.0,
				"request_id": id},
		}
		if diff := cmp.Diff(want, lines); diff != "" {
			t.Errorf("sent %q: log lines (-want +got):\n%s", tc.sent, diff)
		}
	}
}
