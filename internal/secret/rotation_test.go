package secret

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func newKeyT(t *testing.T) string {
	t.Helper()
	k, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestKeyringWithOlderKeysOpensOldValuesAndSealsWithTheFirst(t *testing.T) {
	t.Parallel()
	oldKey, newKey := newKeyT(t), newKeyT(t)
	old, err := KeyringFromBase64(oldKey)
	if err != nil {
		t.Fatal(err)
	}
	sealedOld, err := old.Seal([]byte("old secret"), "ad")
	if err != nil {
		t.Fatal(err)
	}

	both, err := KeyringFromBase64(newKey + "," + oldKey)
	if err != nil {
		t.Fatal(err)
	}
	got, err := both.Open(sealedOld, "ad")
	if err != nil || string(got) != "old secret" {
		t.Fatalf("Open(old value) = %q, %v", got, err)
	}
	if both.SealedWithCurrent(sealedOld) {
		t.Error("SealedWithCurrent(old value) = true, want false")
	}
	sealedNew, err := both.Seal([]byte("new secret"), "ad")
	if err != nil {
		t.Fatal(err)
	}
	if !both.SealedWithCurrent(sealedNew) {
		t.Error("SealedWithCurrent(new value) = false, want true")
	}
	if _, err := old.Open(sealedNew, "ad"); !errors.Is(err, ErrWrongKey) {
		t.Errorf("old keyring opening a new value: err = %v, want ErrWrongKey", err)
	}
	if diff := cmp.Diff([]string{both.ID(), old.ID()}, both.IDs()); diff != "" {
		t.Errorf("IDs() (-want +got):\n%s", diff)
	}
}

func TestKeyringFollowsARewrittenKeyFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "secret.key")
	running, err := LoadOrCreateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	oldID := running.ID()
	sealedOld, err := running.Seal([]byte("v"), "ad")
	if err != nil {
		t.Fatal(err)
	}

	keys, err := ReadKeys(path)
	if err != nil {
		t.Fatal(err)
	}
	newKey := newKeyT(t)
	if err := WriteKeyFile(path, append([]string{newKey}, keys...)); err != nil {
		t.Fatal(err)
	}
	rotated, err := LoadOrCreateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sealedNew, err := rotated.Seal([]byte("w"), "ad")
	if err != nil {
		t.Fatal(err)
	}

	// The keyring loaded before the rotation opens both, and now seals
	// with the new key.
	for sealed, want := range map[string]string{sealedOld: "v", sealedNew: "w"} {
		got, err := running.Open(sealed, "ad")
		if err != nil || string(got) != want {
			t.Errorf("running.Open = %q, %v; want %q", got, err, want)
		}
	}
	if running.ID() == oldID || running.ID() != rotated.ID() {
		t.Errorf("running keyring id %s after rotation; old %s, new %s", running.ID(), oldID, rotated.ID())
	}
}

func TestWriteKeyFileRefusesABadKey(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "secret.key")
	if err := WriteKeyFile(path, []string{"c2hvcnQ="}); err == nil {
		t.Fatal("WriteKeyFile(short key) = nil, want an error")
	}
}
