package store_test

import (
	"testing"

	"github.com/psabridge/psabridge/internal/store"
	"github.com/psabridge/psabridge/internal/store/storetest"
)

func TestSQLiteMembers(t *testing.T) {
	t.Parallel()
	storetest.RunMembers(t, func(t *testing.T) store.Store {
		t.Helper()
		return openSQLite(t, store.Config{})
	})
}

func TestPostgresMembers(t *testing.T) {
	t.Parallel()
	storetest.RunMembers(t, func(t *testing.T) store.Store {
		t.Helper()
		return openPostgres(t)
	})
}
