package secret

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// maxKeyFileSize bounds how much of a key file is read; a real one is 45
// bytes.
const maxKeyFileSize = 1024

// LoadOrCreateKeyFile returns the keyring for the key file at path. On first
// run it creates the file with a fresh random 32-byte key, base64-encoded,
// mode 0600, and its directory with mode 0700; concurrent first runs agree
// on one key. It refuses a key file that group or others may access. The
// file may hold several keys, one a line: the first seals, the others open
// values sealed before a rotation. The keyring follows the file, so a
// rotation that rewrites it takes effect without a restart.
func LoadOrCreateKeyFile(path string) (*Keyring, error) {
	k, err := followKeyFile(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return k, err
	}

	err = createKeyFile(path)
	if errors.Is(err, fs.ErrExist) {
		// Another process created it between our two steps: use theirs.
		return followKeyFile(path)
	}
	if err != nil {
		return nil, err
	}

	return followKeyFile(path)
}

// loadKeyFile reads an existing key file after checking its permissions.
func loadKeyFile(path string) (*Keyring, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening key file: %w", err)
	}
	defer f.Close()

	if err := checkPrivate(f, path); err != nil {
		return nil, err
	}
	text, err := io.ReadAll(io.LimitReader(f, maxKeyFileSize))
	if err != nil {
		return nil, fmt.Errorf("reading key file %s: %w", path, err)
	}

	k, err := parseKeys(string(text))
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}

	return k, nil
}

// checkPrivate refuses a key file that group or others may access. Windows
// does not report Unix permissions, so the check is skipped there.
func checkPrivate(f *os.File, path string) error {
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("checking key file: %w", err)
	}
	if runtime.GOOS == "windows" || info.Mode().Perm()&0o077 == 0 {
		return nil
	}

	return fmt.Errorf("key file %s has mode %04o, open to group or others: "+
		"run chmod 600 %s", path, info.Mode().Perm(), path)
}

// createKeyFile writes a new random key to a private temporary file (created
// with O_EXCL, mode 0600) and hard-links it into place. The link fails if a
// key file already exists, so an existing key is never overwritten, and no
// reader ever sees a half-written key.
func createKeyFile(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating key directory: %w", err)
	}
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return fmt.Errorf("generating key: %w", err)
	}

	tmp, err := writeTemp(dir, base64.StdEncoding.EncodeToString(key)+"\n")
	if err != nil {
		return fmt.Errorf("writing key file: %w", err)
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, path); err != nil {
		return fmt.Errorf("creating key file: %w", err)
	}

	return nil
}

// writeTemp writes text to a new file in dir, mode 0600, and returns its
// name.
func writeTemp(dir, text string) (string, error) {
	f, err := os.CreateTemp(dir, ".secret.key.*")
	if err != nil {
		return "", err
	}
	_, err = f.WriteString(text)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}

	return f.Name(), nil
}
