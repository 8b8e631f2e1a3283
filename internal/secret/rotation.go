package secret

import (
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// parseKeys reads one or more base64 keys separated by commas or white
// space. The first seals; the others only open.
func parseKeys(text string) (*Keyring, error) {
	fields := strings.FieldsFunc(text, func(r rune) bool {
		return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t'
	})
	if len(fields) == 0 {
		return nil, fmt.Errorf("no key (want base64 of %d random bytes, e.g. openssl rand -base64 32)", KeySize)
	}

	var rings []*Keyring
	for i, f := range fields {
		key, err := base64.StdEncoding.DecodeString(f)
		if err != nil {
			return nil, fmt.Errorf("decoding key %d: %w (want base64 of %d random bytes, "+
				"e.g. openssl rand -base64 32)", i+1, err, KeySize)
		}
		k, err := newKeyring(key)
		if err != nil {
			return nil, fmt.Errorf("key %d: %w", i+1, err)
		}
		rings = append(rings, k)
	}

	return withOlder(rings[0], rings[1:]), nil
}

// withOlder returns current holding older to open with, duplicates of the
// current key dropped.
func withOlder(current *Keyring, older []*Keyring) *Keyring {
	for _, o := range older {
		if o.id != current.id {
			current.older = append(current.older, o)
		}
	}

	return current
}

// opener returns the AEAD of the key with the given id, or nil.
func (k *Keyring) opener(id string) cipher.AEAD {
	if id == k.id {
		return k.aead
	}
	for _, o := range k.older {
		if o.id == id {
			return o.aead
		}
	}

	return nil
}

// IDs returns the ids of every key: the current key's first.
func (k *Keyring) IDs() []string {
	k = k.fresh()
	ids := []string{k.id}
	for _, o := range k.older {
		ids = append(ids, o.id)
	}

	return ids
}

// SealedWithCurrent reports whether sealed was sealed with the current key,
// so that a rotation re-seals only the values that need it.
func (k *Keyring) SealedWithCurrent(sealed string) bool {
	_, id, _, ok := splitSealed(sealed)

	return ok && id == k.fresh().id
}

// keyFile is the key file a keyring follows.
type keyFile struct {
	path string

	mu   sync.Mutex
	info os.FileInfo
	ring *Keyring
}

// followKeyFile loads the key file and returns a keyring that follows it.
func followKeyFile(path string) (*Keyring, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("opening key file: %w", err)
	}
	k, err := loadKeyFile(path)
	if err != nil {
		return nil, err
	}
	follower := *k
	follower.file = &keyFile{path: path, info: info, ring: k}

	return &follower, nil
}

// fresh returns the keyring to use now: for a keyring that follows a key
// file, the file's keys as they are now. A file that cannot be read keeps
// the keys last read, so a half-finished edit never stops sealing.
func (k *Keyring) fresh() *Keyring {
	if k.file == nil {
		return k
	}
	f := k.file
	f.mu.Lock()
	defer f.mu.Unlock()

	info, err := os.Stat(f.path)
	if err != nil || sameFile(info, f.info) {
		return f.ring
	}
	if ring, err := loadKeyFile(f.path); err == nil {
		f.ring, f.info = ring, info
	}

	return f.ring
}

// sameFile reports whether a and b describe the same, unchanged file.
func sameFile(a, b os.FileInfo) bool {
	return os.SameFile(a, b) && a.ModTime().Equal(b.ModTime()) && a.Size() == b.Size()
}

// NewKey returns a new random key, base64-encoded as key files and
// PSABRIDGE_ENCRYPTION_KEY hold it. Secret: never print it.
func NewKey() (string, error) {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return "", fmt.Errorf("generating key: %w", err)
	}

	return base64.StdEncoding.EncodeToString(key), nil
}

// ReadKeys returns the base64 keys of a key file, current first, after
// checking the file's permissions.
func ReadKeys(path string) ([]string, error) {
	if _, err := loadKeyFile(path); err != nil {
		return nil, err
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading key file: %w", err)
	}

	return dedupe(strings.Fields(strings.ReplaceAll(string(text), ",", " "))), nil
}

// dedupe drops repeated entries, keeping the first.
func dedupe(keys []string) []string {
	seen := map[string]bool{}
	out := keys[:0]
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}

	return out
}

// WriteKeyFile replaces the key file at path with keys, one a line, the
// current key first. The new file is written privately beside the old one
// and renamed over it, so a reader sees the old keys or the new, never a
// mix; keyrings following the file pick the new keys up on their next use.
func WriteKeyFile(path string, keys []string) error {
	if len(keys) == 0 {
		return errors.New("writing key file: no key")
	}
	if _, err := parseKeys(strings.Join(keys, "\n")); err != nil {
		return fmt.Errorf("writing key file: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("creating key directory: %w", err)
	}

	tmp, err := writeTemp(filepath.Dir(path), strings.Join(keys, "\n")+"\n")
	if err != nil {
		return fmt.Errorf("writing key file: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("replacing key file: %w", err)
	}

	return nil
}
