package storetest

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// PostgresURLVar names the environment variable that holds the URL of a
// PostgreSQL server tests may create databases on. scripts/test.sh starts a
// throwaway server and sets it.
const PostgresURLVar = "PSABRIDGE_TEST_DATABASE_URL"

// PostgresURL creates a fresh, empty database on the test server and
// returns its URL; it is dropped when the test ends. The test is skipped
// when PostgresURLVar is unset.
func PostgresURL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(PostgresURLVar)
	if admin == "" {
		t.Skipf("PostgreSQL tests need %s: run them through scripts/test.sh, "+
			"which starts a throwaway server", PostgresURLVar)
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("%s: %v", PostgresURLVar, err)
	}

	name := "psabridge_test_" + randomHex(t)
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatalf("connecting to %s: %v", u.Redacted(), err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.ExecContext(t.Context(), "CREATE DATABASE "+name); err != nil {
		t.Fatalf("creating database %s: %v", name, err)
	}
	t.Cleanup(func() {
		// Cleanup runs after the test's context is cancelled.
		_, _ = db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})

	u.Path = "/" + name
	return u.String()
}

// randomHex returns 8 random bytes in hex, for unique names.
func randomHex(t testing.TB) string {
	t.Helper()
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("reading random bytes: %v", err)
	}

	return hex.EncodeToString(b)
}
