// Package secret seals small secrets, such as a ConnectWise API private key,
// for storage at rest with AES-256-GCM.
//
// A sealed value reads "v1:<keyid>:<base64(nonce|ciphertext)>". The key id
// names the key that sealed it, so that a wrong key is reported as such
// rather than as corrupt data, and so that a keyring holding several keys
// (see rotation.go) opens values sealed before a key rotation.
// Associated data binds a sealed value to the record it belongs to: a value
// copied into another record no longer opens.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the length in bytes of a key file's key.
const KeySize = 32

// hkdfInfo separates the sealing key from any other key psabridge may one
// day derive from the same key file.
const hkdfInfo = "psabridge secrets v1"

const formatV1 = "v1"

var (
	// ErrMalformed reports a sealed value that is not in a known format.
	ErrMalformed = errors.New("sealed value is malformed")
	// ErrWrongKey reports a value sealed with a key other than the
	// keyring's.
	ErrWrongKey = errors.New("sealed with a different encryption key")
	// ErrNotAuthentic reports a value that fails authentication: it was
	// altered, or it belongs to another record.
	ErrNotAuthentic = errors.New("sealed value does not authenticate")
)

// Keyring seals secrets with its current key and opens them with any of its
// keys. Its String method shows the key id only, never the key.
type Keyring struct {
	id   string
	aead cipher.AEAD
	// older are previous keys, kept to open values sealed before a
	// rotation; they never seal.
	older []*Keyring
	// file, when set, is the key file the keyring follows: a rotation that
	// rewrites it takes effect without a restart.
	file *keyFile
}

// KeyringFromBase64 returns a keyring for a base64-encoded 32-byte key, as
// given in configuration (PSABRIDGE_ENCRYPTION_KEY).
// Several keys separated by commas or white space make a keyring whose first
// key seals and whose others only open (a key rotation in progress).
func KeyringFromBase64(s string) (*Keyring, error) {
	k, err := parseKeys(s)
	if err != nil {
		return nil, fmt.Errorf("encryption key: %w", err)
	}

	return k, nil
}

// newKeyring derives the sealing key from a file or configuration key.
func newKeyring(key []byte) (*Keyring, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("encryption key is %d bytes, want %d", len(key), KeySize)
	}

	derived, err := hkdf.Key(sha256.New, key, nil, hkdfInfo, KeySize)
	if err != nil {
		return nil, fmt.Errorf("deriving sealing key: %w", err)
	}
	block, err := aes.NewCipher(derived)
	if err != nil {
		return nil, fmt.Errorf("creating cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("creating GCM: %w", err)
	}

	sum := sha256.Sum256(derived)
	return &Keyring{id: hex.EncodeToString(sum[:4]), aead: aead}, nil
}

// ID returns the key id: the first 8 hex digits of the SHA-256 of the
// derived sealing key. It identifies the key without revealing it.
func (k *Keyring) ID() string { return k.fresh().id }

// String describes the keyring by its key id.
func (k Keyring) String() string { return "secret.Keyring{id:" + k.id + "}" }

// GoString describes the keyring by its key id, so %#v shows no key
// material either.
func (k Keyring) GoString() string { return k.String() }

// Seal encrypts plaintext bound to associatedData, for example
// "partner:1:cw_private_key", and returns the sealed value.
func (k *Keyring) Seal(plaintext []byte, associatedData string) (string, error) {
	k = k.fresh()
	nonce := make([]byte, k.aead.NonceSize(), k.aead.NonceSize()+len(plaintext)+k.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("reading nonce: %w", err)
	}

	sealed := k.aead.Seal(nonce, nonce, plaintext, []byte(associatedData))
	return formatV1 + ":" + k.id + ":" + base64.StdEncoding.EncodeToString(sealed), nil
}

// Open decrypts a value Seal returned for the same associatedData. It
// returns an error wrapping ErrMalformed, ErrWrongKey or ErrNotAuthentic
// when the value cannot be opened; it never returns unauthenticated data.
func (k *Keyring) Open(sealed string, associatedData string) ([]byte, error) {
	version, id, payload, ok := splitSealed(sealed)
	if !ok || version != formatV1 {
		return nil, ErrMalformed
	}
	k = k.fresh()
	aead := k.opener(id)
	if aead == nil {
		return nil, fmt.Errorf("%w: value has key id %s, configured key has id %s; configure "+
			"the original key, or reconnect to store the secret again", ErrWrongKey, id, k.id)
	}

	data, err := base64.StdEncoding.DecodeString(payload)
	if err != nil || len(data) < aead.NonceSize()+aead.Overhead() {
		return nil, ErrMalformed
	}
	nonce, ciphertext := data[:aead.NonceSize()], data[aead.NonceSize():]
	plaintext, err := aead.Open(nil, nonce, ciphertext, []byte(associatedData))
	if err != nil {
		return nil, fmt.Errorf("%w: it was altered or belongs to another record", ErrNotAuthentic)
	}

	return plaintext, nil
}

// splitSealed splits "version:keyid:payload".
func splitSealed(s string) (version, id, payload string, ok bool) {
	version, rest, ok := strings.Cut(s, ":")
	if !ok {
		return "", "", "", false
	}
	id, payload, ok = strings.Cut(rest, ":")

	return version, id, payload, ok
}
