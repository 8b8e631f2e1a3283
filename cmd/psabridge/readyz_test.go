package main

import (
	"net/http"
	"strings"
	"testing"

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
