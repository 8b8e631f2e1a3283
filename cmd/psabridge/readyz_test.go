package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
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

// TestConfigCheckShowsWhatServeUses gives settings through a
// PSABRIDGE_CONFIG file, the environment and a flag, and checks config
// check shows each source's value as serve would take it, and that serve
// refuses the settings config check refuses, with exit status 2.
// Not parallel: it sets the environment.
func TestConfigCheckShowsWhatServeUses(t *testing.T) {
	file := filepath.Join(t.TempDir(), "psabridge.env")
	must(t, os.WriteFile(file, []byte("PSABRIDGE_WORKERS=4\nPSABRIDGE_LOG_FORMAT=json\nPSABRIDGE_LISTEN=0.0.0.0:9000\n"), 0o600))
	for _, name := range []string{"PSABRIDGE_WORKERS", "PSABRIDGE_LOG_FORMAT"} {
		t.Setenv(name, "") // restored (unset) when the test ends, after Export sets it
		must(t, os.Unsetenv(name))
	}
	t.Setenv("PSABRIDGE_CONFIG", file)
	t.Setenv("PSABRIDGE_LISTEN", "127.0.0.1:7000")

	code, out, errOut := cli(t, "config", "check", "--shutdown-grace", "7s")
	if code != 0 {
		t.Fatalf("config check = %d\n%s%s", code, out, errOut)
	}
	shown := map[string]string{}
	for line := range strings.Lines(out) {
		if f := strings.Fields(line); len(f) >= 3 {
			shown[f[0]] = f[2]
		}
	}
	want := map[string]string{"PSABRIDGE_WORKERS": "4", "PSABRIDGE_LOG_FORMAT": "json",
		"PSABRIDGE_LISTEN": "127.0.0.1:7000", "PSABRIDGE_SHUTDOWN_GRACE": "7s"}
	for k, v := range want {
		if shown[k] != v {
			t.Errorf("config check shows %s=%q, want %q\n%s", k, shown[k], v, out)
		}
	}

	code, _, errOut = cli(t, "serve", "--data", t.TempDir(), "--shutdown-grace", "10ms")
	if code != 2 || !strings.Contains(errOut, "PSABRIDGE_SHUTDOWN_GRACE 10ms: at least 1s") {
		t.Errorf("serve with a 10ms grace = %d %s", code, errOut)
	}
}
