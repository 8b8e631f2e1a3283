package store_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/secret"
	"github.com/psabridge/psabridge/internal/store"
)

const (
	distinctiveKey = "PRIVKEY-zq8Xw2-do-not-store-in-clear-5511"
	visibleKey     = "PUBKEY-visible-9931"
)

// connect creates a partner and saves a connection with distinctiveKey.
func connect(t *testing.T, s store.Store, slug string) store.Partner {
	t.Helper()
	p, err := s.CreatePartner(t.Context(), slug, slug)
	if err != nil {
		t.Fatal(err)
	}
	c := store.Connection{PartnerID: p.ID, CompanyID: "acme", PublicKey: visibleKey,
		PrivateKey: distinctiveKey + slug}
	if err := s.SaveConnection(t.Context(), c); err != nil {
		t.Fatalf("SaveConnection: %v", err)
	}

	return p
}

// dbFiles returns the bytes of the database and its -wal and -shm files.
func dbFiles(t *testing.T, dir string) []byte {
	t.Helper()
	var all []byte
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(filepath.Join(dir, store.DBFileName+suffix))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}

	return all
}

// encodings returns s as text and in forms it could be stored in: base64 at
// each byte alignment (the middle, which does not depend on neighbours), and
// hex.
func encodings(s string) []string {
	out := []string{s, hex.EncodeToString([]byte(s))}
	for pad := range 3 {
		enc := base64.StdEncoding.EncodeToString(append(make([]byte, pad), s...))
		out = append(out, enc[4:len(enc)-4])
		raw := base64.RawURLEncoding.EncodeToString(append(make([]byte, pad), s...))
		out = append(out, raw[4:len(raw)-4])
	}

	return out
}

func TestPrivateKeyNotInClearOnDisk(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := openSQLite(t, store.Config{DataDir: dir})
	p := connect(t, s, "acme")

	assertAbsent(t, "open database", dbFiles(t, dir), distinctiveKey)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	files := dbFiles(t, dir)
	assertAbsent(t, "closed database", files, distinctiveKey)
	if !bytes.Contains(files, []byte(visibleKey)) {
		t.Fatal("the public key is not in the files read: the test reads the wrong files")
	}

	reopened := openSQLite(t, store.Config{DataDir: dir})
	c, err := reopened.Connection(t.Context(), p.ID)
	if err != nil {
		t.Fatalf("Connection after reopening: %v", err)
	}
	if c.PrivateKey != distinctiveKey+"acme" {
		t.Errorf("private key after reopening = %q, want %q", c.PrivateKey, distinctiveKey+"acme")
	}
}

func assertAbsent(t *testing.T, where string, data []byte, s string) {
	t.Helper()
	for _, enc := range encodings(s) {
		if bytes.Contains(data, []byte(enc)) {
			t.Errorf("%s: files contain the private key as %q", where, enc)
		}
	}
}

func TestDisconnectRemovesSealedKeyFromFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := openSQLite(t, store.Config{DataDir: dir})
	p := connect(t, s, "acme")
	var sealed string
	err := s.DB().QueryRowContext(t.Context(),
		`SELECT private_key_sealed FROM connections WHERE partner_id = $1`, p.ID).Scan(&sealed)
	if err != nil {
		t.Fatal(err)
	}

	if err := s.DeleteConnection(t.Context(), p.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(dbFiles(t, dir), []byte(sealed)) {
		t.Error("the sealed private key is still in the database files after disconnecting")
	}
}

func TestWrongKeyIsAClearError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := openSQLite(t, store.Config{DataDir: dir})
	p := connect(t, s, "acme")
	s.Close()

	other := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{9}, secret.KeySize))
	s2 := openSQLite(t, store.Config{DataDir: dir, EncryptionKey: other})
	c, err := s2.Connection(t.Context(), p.ID)
	if !errors.Is(err, secret.ErrWrongKey) {
		t.Fatalf("Connection with another key: error %v, want ErrWrongKey", err)
	}
	if c.PrivateKey != "" || strings.Contains(err.Error(), distinctiveKey) {
		t.Errorf("wrong key returned a private key %q or leaked it in %v", c.PrivateKey, err)
	}
}

func TestSealedKeySwappedBetweenPartnersFails(t *testing.T) {
	t.Parallel()
	s := openSQLite(t, store.Config{})
	a := connect(t, s, "acme")
	b := connect(t, s, "globex")

	_, err := s.DB().ExecContext(t.Context(), `UPDATE connections SET private_key_sealed =
		(SELECT private_key_sealed FROM connections WHERE partner_id = $1) WHERE partner_id = $2`,
		a.ID, b.ID)
	if err != nil {
		t.Fatal(err)
	}

	c, err := s.Connection(t.Context(), b.ID)
	if !errors.Is(err, secret.ErrNotAuthentic) || c.PrivateKey != "" {
		t.Errorf("swapped key: Connection = %q, %v; want ErrNotAuthentic", c.PrivateKey, err)
	}
	if _, err := s.Connection(t.Context(), a.ID); err != nil {
		t.Errorf("the original row no longer opens: %v", err)
	}
}

func TestKeyFileCreatedPrivate(t *testing.T) {
	t.Parallel()
	skipOnWindows(t)
	dir := filepath.Join(t.TempDir(), "data")
	openSQLite(t, store.Config{DataDir: dir})

	for path, want := range map[string]os.FileMode{
		dir: 0o700 | os.ModeDir, filepath.Join(dir, store.KeyFileName): 0o600,
	} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode() & (os.ModeDir | os.ModePerm); got != want {
			t.Errorf("%s has mode %v, want %v", path, got, want)
		}
	}
}

func TestKeyFileOpenToOthersRefused(t *testing.T) {
	t.Parallel()
	skipOnWindows(t)
	dir := t.TempDir()
	path := filepath.Join(dir, store.KeyFileName)
	key := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{1}, secret.KeySize))
	if err := os.WriteFile(path, []byte(key), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}

	_, err := store.Open(t.Context(), store.Config{DataDir: dir})
	if err == nil || !strings.Contains(err.Error(), "chmod 600 "+path) {
		t.Errorf("Open with a 0644 key file: error %v, want one saying chmod 600 %s", err, path)
	}
}

func skipOnWindows(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix file modes")
	}
}

func TestConnectionPrintsNoPrivateKey(t *testing.T) {
	t.Parallel()
	c := store.Connection{PartnerID: 1, CompanyID: "acme", PrivateKey: distinctiveKey}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, v := range []any{c, &c} {
			if out := fmt.Sprintf(verb, v); strings.Contains(out, distinctiveKey) {
				t.Errorf("Sprintf(%q) = %q shows the private key", verb, out)
			}
		}
	}
}
