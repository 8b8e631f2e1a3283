package store_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/psabridge/psabridge/internal/store"
	"github.com/psabridge/psabridge/internal/store/storetest"
)

// openSQLite opens a store in a fresh directory and closes it after the test.
func openSQLite(t *testing.T, cfg store.Config) *store.SQLite {
	t.Helper()
	if cfg.DataDir == "" {
		cfg.DataDir = t.TempDir()
	}
	s, err := store.Open(t.Context(), cfg)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })

	return s
}

func TestSQLiteConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store {
		t.Helper()
		return openSQLite(t, store.Config{})
	})
}

// TestDatabaseFilesArePrivate: the database and its WAL files are created
// readable by their owner only.
func TestDatabaseFilesArePrivate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	st, err := store.Open(t.Context(), store.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.CreatePartner(t.Context(), "p", "P"); err != nil { // writes the WAL
		t.Fatal(err)
	}
	for _, name := range []string{store.DBFileName, store.DBFileName + "-wal", store.DBFileName + "-shm"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s mode %o, want 600", name, perm)
		}
	}
}
