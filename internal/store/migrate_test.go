package store_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/secret"
	"github.com/psabridge/psabridge/internal/store"
)

func TestOpenTwiceKeepsDataAndMigrations(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := openSQLite(t, store.Config{DataDir: dir})
	p, err := s.CreatePartner(t.Context(), "acme", "Acme")
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	for range 2 {
		s = openSQLite(t, store.Config{DataDir: dir})
		got, err := s.PartnerBySlug(t.Context(), "acme")
		if err != nil || got.ID != p.ID {
			t.Fatalf("PartnerBySlug after reopening = %+v, %v; want id %d", got, err, p.ID)
		}
		var applied int
		err = s.DB().QueryRowContext(t.Context(),
			`SELECT COUNT(*) FROM goose_db_version WHERE version_id > 0`).Scan(&applied)
		if want := migrationFiles(t); err != nil || applied != want {
			t.Errorf("migrations recorded = %d (%v), want %d", applied, err, want)
		}
		s.Close()
	}
}

func TestSQLiteSettings(t *testing.T) {
	t.Parallel()
	s := openSQLite(t, store.Config{})
	want := map[string]string{"journal_mode": "wal", "foreign_keys": "1",
		"busy_timeout": "10000", "secure_delete": "1"}

	for pragma, value := range want {
		var got string
		if err := s.DB().QueryRowContext(t.Context(), "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != value {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, value)
		}
	}
}

func TestStoredForms(t *testing.T) {
	t.Parallel()
	s := openSQLite(t, store.Config{})
	p, err := s.CreatePartner(t.Context(), "acme", "Acme")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.UpsertPlatformCompany(t.Context(), store.PlatformCompany{PartnerID: p.ID,
		ExternalID: "e", Domains: []string{"initech.com"}})
	if err != nil {
		t.Fatal(err)
	}

	var created, domains string
	err = s.DB().QueryRowContext(t.Context(), `SELECT CAST(p.created_at AS TEXT), c.domains
		FROM partners p JOIN platform_companies c ON c.partner_id = p.id`).Scan(&created, &domains)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(created, "+00:00") {
		t.Errorf("created_at stored as %q, want a UTC time", created)
	}
	if domains != `["initech.com"]` {
		t.Errorf("domains stored as %q, want JSON text", domains)
	}
}

func TestConfiguredEncryptionKey(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	key := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{5}, secret.KeySize))
	s := openSQLite(t, store.Config{DataDir: dir, EncryptionKey: key})
	p := connect(t, s, "acme")
	s.Close()

	if _, err := os.Stat(filepath.Join(dir, store.KeyFileName)); !os.IsNotExist(err) {
		t.Errorf("a key file was created although a key is configured (stat: %v)", err)
	}
	s = openSQLite(t, store.Config{DataDir: dir, EncryptionKey: key})
	if c, err := s.Connection(t.Context(), p.ID); err != nil || c.PrivateKey != distinctiveKey+"acme" {
		t.Errorf("Connection with the configured key = %q, %v", c.PrivateKey, err)
	}
}

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	for _, cfg := range []store.Config{{}, {DataDir: "/tmp/a?b"}} {
		if _, err := store.Open(t.Context(), cfg); err == nil {
			t.Errorf("Open(%+v) succeeded, want an error", cfg)
		}
	}
	bad := store.Config{DataDir: t.TempDir(), EncryptionKey: "short"}
	if _, err := store.Open(t.Context(), bad); err == nil {
		t.Error("Open with a malformed encryption key succeeded")
	}
}

func TestConfigPrintsNoKey(t *testing.T) {
	t.Parallel()
	key := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{5}, secret.KeySize))
	cfg := store.Config{DataDir: "/data", EncryptionKey: key}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		if out := fmt.Sprintf(verb, cfg); strings.Contains(out, key) || !strings.Contains(out, "/data") {
			t.Errorf("Sprintf(%q) = %q: want the directory and no key", verb, out)
		}
	}
}

// migrationFiles counts the SQLite migrations shipped, each recorded once.
func migrationFiles(t *testing.T) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("migrations", "sqlite", "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("listing migrations: %d files, %v", len(files), err)
	}

	return len(files)
}
