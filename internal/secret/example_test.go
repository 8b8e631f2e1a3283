package secret_test

import (
	"errors"
	"fmt"
	"log"

	"github.com/psabridge/psabridge/internal/secret"
)

// ExampleKeyring_Seal seals a private key for partner 1's row; it does not
// open for partner 2's.
func ExampleKeyring_Seal() {
	k, err := secret.KeyringFromBase64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
	if err != nil {
		log.Fatal(err)
	}

	sealed, err := k.Seal([]byte("private key"), "partner:1:cw_private_key")
	if err != nil {
		log.Fatal(err)
	}
	plain, err := k.Open(sealed, "partner:1:cw_private_key")
	fmt.Println(string(plain), err)
	_, err = k.Open(sealed, "partner:2:cw_private_key")
	fmt.Println(errors.Is(err, secret.ErrNotAuthentic))
	// Output:
	// private key <nil>
	// true
}
