package secret_test

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/psabridge/psabridge/internal/secret"
)

func skipOnWindows(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix file modes")
	}
}

func TestLoadOrCreateKeyFileCreates(t *testing.T) {
	t.Parallel()
	skipOnWindows(t)
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, "secret.key")

	k, err := secret.LoadOrCreateKeyFile(path)
	if err != nil {
		t.Fatalf("LoadOrCreateKeyFile: %v", err)
	}

	assertMode(t, path, 0o600)
	assertMode(t, dir, 0o700|os.ModeDir)
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("key directory holds %d entries, want only the key file", len(entries))
	}
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(text)))
	if err != nil || len(key) != secret.KeySize {
		t.Fatalf("key file holds %d bytes (err %v), want %d base64-encoded", len(key), err, secret.KeySize)
	}
	fromConfig, err := secret.KeyringFromBase64(string(text))
	if err != nil {
		t.Fatal(err)
	}
	if fromConfig.ID() != k.ID() {
		t.Errorf("file key id %s, same key from config %s", k.ID(), fromConfig.ID())
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode() & (os.ModePerm | os.ModeDir); got != want {
		t.Errorf("%s has mode %v, want %v", path, got, want)
	}
}

func TestLoadOrCreateKeyFileKeepsExistingKey(t *testing.T) {
	t.Parallel()
	skipOnWindows(t)
	b64, want := newKey(t)
	path := filepath.Join(t.TempDir(), "secret.key")
	if err := os.WriteFile(path, []byte(b64+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	for range 2 {
		k, err := secret.LoadOrCreateKeyFile(path)
		if err != nil {
			t.Fatalf("LoadOrCreateKeyFile: %v", err)
		}
		if k.ID() != want.ID() {
			t.Errorf("key id %s, want the existing key's %s", k.ID(), want.ID())
		}
	}
}

func TestLoadOrCreateKeyFileRefusesOpenModes(t *testing.T) {
	t.Parallel()
	skipOnWindows(t)
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604, 0o660} {
		b64, _ := newKey(t)
		path := filepath.Join(t.TempDir(), "secret.key")
		if err := os.WriteFile(path, []byte(b64), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}

		_, err := secret.LoadOrCreateKeyFile(path)
		if err == nil || !strings.Contains(err.Error(), "chmod 600 "+path) {
			t.Errorf("mode %04o: error %v, want one saying chmod 600 %s", mode, err, path)
		}
		if err != nil && strings.Contains(err.Error(), b64) {
			t.Errorf("error contains the key")
		}
	}
}

func TestLoadOrCreateKeyFileRejectsBadContent(t *testing.T) {
	t.Parallel()
	short := base64.StdEncoding.EncodeToString(make([]byte, 31))
	for _, content := range []string{"", "not base64 at all", short} {
		path := filepath.Join(t.TempDir(), "secret.key")
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := secret.LoadOrCreateKeyFile(path); err == nil {
			t.Errorf("content %q accepted, want error", content)
		}
	}
}

func TestLoadOrCreateKeyFileConcurrentFirstRun(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "secret.key")
	ids := make([]string, 8)
	errs := make([]error, len(ids))

	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() {
			k, err := secret.LoadOrCreateKeyFile(path)
			errs[i] = err
			if err == nil {
				ids[i] = k.ID()
			}
		})
	}
	wg.Wait()

	for i := range ids {
		if errs[i] != nil || ids[i] != ids[0] {
			t.Errorf("caller %d: id %s err %v, want id %s", i, ids[i], errs[i], ids[0])
		}
	}
}
