package mailcheck

import (
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"hash"
	"strconv"
	"strings"
)

// DKIMSignature describes one DKIM-Signature header of a message. Without
// DNS the signature itself cannot be verified, but its body hash can:
// "intact" means the body is as signed, "changed" that it was altered
// after signing (or redacted), "not_checked" that it was not computed
// (unknown algorithm, or an original rebuilt from an Outlook file).
type DKIMSignature struct {
	Domain    string `json:"domain"`
	Selector  string `json:"selector"`
	Algorithm string `json:"algorithm"`
	// Aligned is set when Domain shares the From address's registrable
	// domain, as DMARC's relaxed alignment asks.
	Aligned bool `json:"aligned"`
	// BodyLength is set when the signature covers only part of the body
	// (l=), which lets anyone append content.
	BodyLength bool   `json:"body_length,omitempty"`
	BodyHash   string `json:"body_hash"`
}

// Body hash states of DKIMSignature.BodyHash.
const (
	BodyHashIntact     = "intact"
	BodyHashChanged    = "changed"
	BodyHashNotChecked = "not_checked"
)

// maxDKIMSignatures bounds the signatures examined per message.
const maxDKIMSignatures = 10

// dkimSignatures lists the DKIM signatures of a message and checks each
// body hash against body (nil when the body is not the signed one).
func dkimSignatures(fields []headerField, fromDomain string, body []byte) []DKIMSignature {
	var out []DKIMSignature
	for _, f := range fields {
		if !strings.EqualFold(f.Name, "DKIM-Signature") || len(out) >= maxDKIMSignatures {
			continue
		}
		tags := dkimTags(f.Value)
		s := DKIMSignature{
			Domain:     strings.ToLower(tags["d"]),
			Selector:   tags["s"],
			Algorithm:  strings.ToLower(tags["a"]),
			BodyLength: tags["l"] != "",
			BodyHash:   BodyHashNotChecked,
		}
		s.Aligned = fromDomain != "" && registrable(s.Domain) == registrable(fromDomain)
		if body != nil {
			s.BodyHash = checkBodyHash(tags, body)
		}
		out = append(out, s)
	}
	return out
}

// dkimTags splits a tag=value list (RFC 6376 §3.2), removing whitespace
// from the values.
func dkimTags(v string) map[string]string {
	tags := map[string]string{}
	for _, part := range strings.Split(v, ";") {
		k, val, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		tags[strings.TrimSpace(k)] = strings.Join(strings.Fields(val), "")
	}
	return tags
}

// checkBodyHash canonicalises the body as the signature says (RFC 6376
// §3.4), applies l=, hashes it and compares with bh=.
func checkBodyHash(tags map[string]string, body []byte) string {
	var h hash.Hash
	switch strings.ToLower(tags["a"]) {
	case "rsa-sha256", "ed25519-sha256":
		h = sha256.New()
	case "rsa-sha1":
		h = sha1.New()
	default:
		return BodyHashNotChecked
	}
	want, err := base64.StdEncoding.DecodeString(tags["bh"])
	if err != nil || len(want) == 0 {
		return BodyHashNotChecked
	}
	_, bodyCanon, _ := strings.Cut(strings.ToLower(tags["c"]), "/")
	canon := canonicalBody(body, bodyCanon == "relaxed")
	if l, err := strconv.Atoi(tags["l"]); err == nil && l >= 0 && l < len(canon) {
		canon = canon[:l]
	}
	h.Write(canon)
	if bytes.Equal(h.Sum(nil), want) {
		return BodyHashIntact
	}
	return BodyHashChanged
}

// canonicalBody applies simple or relaxed body canonicalisation: CRLF
// line ends, trailing empty lines removed, and for relaxed, whitespace
// runs reduced to one space and removed at line ends.
func canonicalBody(body []byte, relaxed bool) []byte {
	lines := bytes.Split(body, []byte("\n"))
	var out bytes.Buffer
	for _, line := range lines {
		line = bytes.TrimSuffix(line, []byte("\r"))
		if relaxed {
			line = bytes.TrimRight(collapseWSP(line), " ")
		}
		out.Write(line)
		out.WriteString("\r\n")
	}
	b := out.Bytes()
	for bytes.HasSuffix(b, []byte("\r\n\r\n")) {
		b = b[:len(b)-2]
	}
	if bytes.Equal(b, []byte("\r\n")) && relaxed {
		return nil
	}
	return b
}

// collapseWSP turns each run of spaces and tabs into one space.
func collapseWSP(line []byte) []byte {
	out := make([]byte, 0, len(line))
	space := false
	for _, c := range line {
		if c == ' ' || c == '\t' {
			space = true
			continue
		}
		if space {
			out = append(out, ' ')
			space = false
		}
		out = append(out, c)
	}
	if space {
		out = append(out, ' ')
	}
	return out
}

// messageBody returns what follows the header block.
func messageBody(clean []byte) []byte {
	return clean[len(headerBlock(clean)):]
}
