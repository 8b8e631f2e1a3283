package secret_test

import (
	"bytes"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/psabridge/psabridge/internal/secret"
)

// newKey returns a random base64 key and its keyring.
func newKey(t *testing.T) (string, *secret.Keyring) {
	t.Helper()
	raw := make([]byte, secret.KeySize)
	if _, err := rand.Read(raw); err != nil {
		t.Fatal(err)
	}
	b64 := base64.StdEncoding.EncodeToString(raw)
	k, err := secret.KeyringFromBase64(b64)
	if err != nil {
		t.Fatalf("KeyringFromBase64: %v", err)
	}

	return b64, k
}

func TestSealOpenRoundTrip(t *testing.T) {
	t.Parallel()
	_, k := newKey(t)
	for _, plaintext := range [][]byte{{}, []byte("x"), []byte("private-key-ABC"), bytes.Repeat([]byte{0, 255}, 4096)} {
		sealed, err := k.Seal(plaintext, "partner:1:cw_private_key")
		if err != nil {
			t.Fatalf("Seal: %v", err)
		}
		got, err := k.Open(sealed, "partner:1:cw_private_key")
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		if diff := cmp.Diff(plaintext, got, cmp.Comparer(bytes.Equal)); diff != "" {
			t.Errorf("Open(Seal(p)) mismatch (-want +got):\n%s", diff)
		}
	}
}

func TestSealFormat(t *testing.T) {
	t.Parallel()
	_, k := newKey(t)
	a, err := k.Seal([]byte("distinctive-secret"), "ad")
	if err != nil {
		t.Fatal(err)
	}
	b, err := k.Seal([]byte("distinctive-secret"), "ad")
	if err != nil {
		t.Fatal(err)
	}

	if prefix := "v1:" + k.ID() + ":"; !strings.HasPrefix(a, prefix) {
		t.Errorf("sealed value %q lacks prefix %q", a, prefix)
	}
	if a == b {
		t.Error("two seals of the same plaintext are equal: nonce not random")
	}
	if strings.Contains(a, "distinctive-secret") {
		t.Error("sealed value contains the plaintext")
	}
}

func TestOpenRefuses(t *testing.T) {
	t.Parallel()
	_, k := newKey(t)
	_, other := newKey(t)
	sealed, err := k.Seal([]byte("top"), "partner:1:cw_private_key")
	if err != nil {
		t.Fatal(err)
	}
	payload := sealed[strings.LastIndex(sealed, ":")+1:]
	raw, _ := base64.StdEncoding.DecodeString(payload)
	raw[len(raw)-1] ^= 1
	flipped := "v1:" + k.ID() + ":" + base64.StdEncoding.EncodeToString(raw)

	tests := []struct {
		name, sealed, ad string
		keyring          *secret.Keyring
		want             error
	}{
		{"other record", sealed, "partner:2:cw_private_key", k, secret.ErrNotAuthentic},
		{"wrong key", sealed, "partner:1:cw_private_key", other, secret.ErrWrongKey},
		{"altered ciphertext", flipped, "partner:1:cw_private_key", k, secret.ErrNotAuthentic},
		{"relabelled key id", "v1:" + other.ID() + ":" + payload, "partner:1:cw_private_key", other, secret.ErrNotAuthentic},
		{"empty", "", "ad", k, secret.ErrMalformed},
		{"unknown version", "v2:" + k.ID() + ":" + payload, "ad", k, secret.ErrMalformed},
		{"no payload", "v1:" + k.ID(), "ad", k, secret.ErrMalformed},
		{"bad base64", "v1:" + k.ID() + ":!!!", "ad", k, secret.ErrMalformed},
		{"short payload", "v1:" + k.ID() + ":AAAA", "ad", k, secret.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.keyring.Open(tt.sealed, tt.ad)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open error = %v, want %v", err, tt.want)
			}
			if got != nil {
				t.Errorf("Open returned data %q with an error", got)
			}
		})
	}
}

func TestWrongKeyErrorNamesBothKeys(t *testing.T) {
	t.Parallel()
	_, k := newKey(t)
	_, other := newKey(t)
	sealed, err := k.Seal([]byte("top"), "ad")
	if err != nil {
		t.Fatal(err)
	}

	_, err = other.Open(sealed, "ad")
	for _, want := range []string{k.ID(), other.ID()} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not name key id %s", err, want)
		}
	}
}

func TestKeyringFromBase64(t *testing.T) {
	t.Parallel()
	b64, k := newKey(t)
	again, err := secret.KeyringFromBase64(" " + b64 + "\n")
	if err != nil {
		t.Fatalf("KeyringFromBase64 with spaces: %v", err)
	}
	if again.ID() != k.ID() {
		t.Errorf("same key gave ids %s and %s", k.ID(), again.ID())
	}

	short := base64.StdEncoding.EncodeToString(make([]byte, 16))
	for _, bad := range []string{"", "not base64 !", short} {
		_, err := secret.KeyringFromBase64(bad)
		if err == nil {
			t.Errorf("KeyringFromBase64(%q) succeeded, want error", bad)
		}
	}
}

func TestKeyIDDerivation(t *testing.T) {
	t.Parallel()
	raw := bytes.Repeat([]byte{7}, secret.KeySize)
	k, err := secret.KeyringFromBase64(base64.StdEncoding.EncodeToString(raw))
	if err != nil {
		t.Fatal(err)
	}

	derived, err := hkdf.Key(sha256.New, raw, nil, "psabridge secrets v1", 32)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(derived)
	if want := hex.EncodeToString(sum[:4]); k.ID() != want {
		t.Errorf("ID() = %s, want %s", k.ID(), want)
	}
}

func TestKeyringPrintsNoKey(t *testing.T) {
	t.Parallel()
	raw := bytes.Repeat([]byte{0x42}, secret.KeySize)
	b64 := base64.StdEncoding.EncodeToString(raw)
	k, err := secret.KeyringFromBase64(b64)
	if err != nil {
		t.Fatal(err)
	}

	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, v := range []any{k, *k} {
			out := fmt.Sprintf(verb, v)
			if !strings.Contains(out, k.ID()) || strings.Contains(out, b64) || strings.Contains(out, "BBBB") {
				t.Errorf("Sprintf(%q) = %q: want the key id and no key", verb, out)
			}
		}
	}
}
