package store_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/store"
	"github.com/psabridge/psabridge/internal/store/storetest"
)

// openPostgres opens a store on a fresh database and closes it after the
// test; skipped without a test server.
func openPostgres(t *testing.T) *store.Postgres {
	t.Helper()
	s, err := store.OpenPostgres(t.Context(), store.PostgresConfig{
		URL: storetest.PostgresURL(t), KeyDir: t.TempDir(),
	})
	if err != nil {
		t.Fatalf("OpenPostgres: %v", err)
	}
	t.Cleanup(func() { s.Close() })

	return s
}

func TestPostgresConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store {
		t.Helper()
		return openPostgres(t)
	})
}

func TestPostgresConfigRedacts(t *testing.T) {
	t.Parallel()
	key := base64.StdEncoding.EncodeToString(make([]byte, 32))
	cfg := store.PostgresConfig{URL: "postgres://u:hunter2@db:5432/p", EncryptionKey: key}
	for _, s := range []string{cfg.String(), cfg.GoString()} {
		if strings.Contains(s, "hunter2") || strings.Contains(s, key) {
			t.Errorf("String() = %q: shows a secret", s)
		}
	}
}
