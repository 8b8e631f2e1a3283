package cwm

import (
	"encoding/base64"
	"fmt"
	"strings"
)

const redacted = "[redacted]"

// Credentials are the keys of a ConnectWise API member. The private key is a
// secret: String, GoString and every fmt verb print it as "[redacted]".
type Credentials struct {
	// CompanyID is the login company typed on the ConnectWise login screen.
	// It is case-sensitive and sent exactly as given.
	CompanyID string
	// PublicKey is the public half of the API member's key pair.
	PublicKey string
	// PrivateKey is the secret half of the key pair. Never printed.
	PrivateKey string
	// ClientID is the integration's GUID from the ConnectWise developer
	// portal, sent as the clientId header on every call.
	ClientID string
}

// String describes the credentials without the private key.
func (c Credentials) String() string {
	key := ""
	if c.PrivateKey != "" {
		key = redacted
	}
	return fmt.Sprintf("{CompanyID:%s PublicKey:%s PrivateKey:%s ClientID:%s}",
		c.CompanyID, c.PublicKey, key, c.ClientID)
}

// GoString is String in Go syntax, so %#v hides the private key too.
func (c Credentials) GoString() string {
	key := ""
	if c.PrivateKey != "" {
		key = redacted
	}
	return fmt.Sprintf("cwm.Credentials{CompanyID:%q, PublicKey:%q, PrivateKey:%q, ClientID:%q}",
		c.CompanyID, c.PublicKey, key, c.ClientID)
}

// Format makes every verb (%v, %+v, %s, %q, %#v, %x) print the redacted
// form, so no formatting path reveals the private key.
func (c Credentials) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		fmt.Fprint(f, c.GoString())
		return
	}
	fmt.Fprint(f, c.String())
}

// missingField names the first empty credential field, or "".
func (c Credentials) missingField() string {
	switch {
	case strings.TrimSpace(c.CompanyID) == "":
		return "Credentials.CompanyID"
	case strings.TrimSpace(c.PublicKey) == "":
		return "Credentials.PublicKey"
	case c.PrivateKey == "":
		return "Credentials.PrivateKey"
	case strings.TrimSpace(c.ClientID) == "":
		return "Credentials.ClientID"
	}
	return ""
}

// basicAuth is the base64 user:password pair ConnectWise expects:
// "companyId+publicKey:privateKey".
func (c Credentials) basicAuth() string {
	raw := c.CompanyID + "+" + c.PublicKey + ":" + c.PrivateKey
	return base64.StdEncoding.EncodeToString([]byte(raw))
}

// redact removes the private key and the encoded Authorization value from s,
// in case a server echoes them into an error body.
func (c Credentials) redact(s string) string {
	if c.PrivateKey == "" {
		return s
	}
	s = strings.ReplaceAll(s, c.PrivateKey, redacted)
	return strings.ReplaceAll(s, c.basicAuth(), redacted)
}
