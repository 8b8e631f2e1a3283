package mailcheck

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/jhillyerd/enmime/v2"
)

// maxDefects bounds the defects kept for one message.
const maxDefects = 50

// parsedMessage is a message with the parser state the report logic needs.
type parsedMessage struct {
	msg    *Message
	env    *enmime.Envelope
	leaves []*enmime.Part // leaf parts within the bounds, depth first
	forms  []string       // actions of the HTML forms found

	smuggling []string // HTML smuggling signs in the HTML body
	qrURLs    []string // web URLs read from QR codes

	clientDomains []string // Options.ClientDomains, for lookalikes
	trustedHosts  []string // Options.TrustedHosts, for the originating IP
}

// parseMessage parses one RFC 5322 message and extracts what the findings
// need. raw is kept as the message's bytes; parsing works on a copy with
// any junk before the headers removed.
func parseMessage(raw []byte, opts Options) (*parsedMessage, error) {
	clean, defects, err := cleanPrefix(raw)
	if err != nil {
		return nil, err
	}
	env, more, err := readEnvelope(clean, opts)
	if err != nil {
		return nil, err
	}

	p := &parsedMessage{env: env, msg: newMessage(raw, "eml"), clientDomains: opts.ClientDomains,
		trustedHosts: opts.TrustedHosts}
	p.msg.Defects = append(append(defects, more...), envelopeDefects(env)...)
	p.readHeaders(clean)
	p.walk(env.Root, opts)
	p.msg.Defects = capDefects(p.msg.Defects)
	return p, nil
}

// newMessage starts a Message for raw bytes of the given format.
func newMessage(raw []byte, format string) *Message {
	sum := sha256.Sum256(raw)
	return &Message{
		Format: format,
		Size:   len(raw),
		SHA256: hex.EncodeToString(sum[:]),
		Raw:    raw,
	}
}

// readEnvelope runs the tolerant MIME parser. A message with more
// multipart boundaries than parts allowed is read as headers only: the
// parser recurses once per nesting level, and hostile nesting could
// exhaust the stack.
func readEnvelope(clean []byte, opts Options) (*enmime.Envelope, []string, error) {
	var defects []string
	if n := countBoundaries(clean); n > opts.MaxParts {
		clean = headerBlock(clean)
		defects = append(defects, fmt.Sprintf(
			"%d multipart boundaries exceed the limit of %d: only the headers were read", n, opts.MaxParts))
	}
	parser := newParser()
	env, err := parser.ReadEnvelope(bytes.NewReader(clean))
	if err == nil {
		return env, defects, nil
	}

	defects = append(defects, "message body unreadable, only the headers were read: "+err.Error())
	env, err = parser.ReadEnvelope(bytes.NewReader(headerBlock(clean)))
	if err != nil {
		return nil, defects, fmt.Errorf("reading the message headers: %w", err)
	}
	return env, defects, nil
}

// newParser configures enmime for hostile mail: keep going past broken
// parts, keep what corrupt base64 text yields, and skip the HTML-to-text
// conversion nobody here reads.
func newParser() *enmime.Parser {
	return enmime.NewParser(
		enmime.SkipMalformedParts(true),
		enmime.DisableTextConversion(true),
		enmime.SetReadPartErrorPolicy(enmime.AllowCorruptTextPartErrorPolicy),
		enmime.MaxStoredPartErrors(maxDefects),
	)
}

// countBoundaries counts "boundary=" parameters, case-insensitively.
func countBoundaries(b []byte) int {
	n := 0
	for i := bytes.Index(b, []byte("oundary=")); i >= 0; {
		if i > 0 && (b[i-1] == 'b' || b[i-1] == 'B') {
			n++
		}
		next := bytes.Index(b[i+1:], []byte("oundary="))
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return n
}

// envelopeDefects turns the parser's warnings and errors into defects.
func envelopeDefects(env *enmime.Envelope) []string {
	out := make([]string, 0, len(env.Errors))
	for _, e := range env.Errors {
		out = append(out, strings.ToLower(e.Name)+": "+e.Detail)
	}
	return out
}

// capDefects keeps the first maxDefects defects and says how many more
// there were.
func capDefects(d []string) []string {
	if len(d) <= maxDefects {
		return d
	}
	extra := len(d) - maxDefects
	return append(d[:maxDefects:maxDefects], fmt.Sprintf("%d more defects not listed", extra))
}

// readHeaders fills the identity and authentication fields.
func (p *parsedMessage) readHeaders(clean []byte) {
	m, env := p.msg, p.env
	m.Subject = strings.TrimSpace(env.GetHeader("Subject"))
	m.Date = strings.TrimSpace(env.GetHeader("Date"))
	m.MessageID = strings.TrimSpace(env.GetHeader("Message-ID"))
	m.ReturnPath = returnPath(env)

	var defects [4]string
	m.From, defects[0] = firstAddress(env, "From")
	m.Sender, defects[1] = firstAddress(env, "Sender")
	m.ReplyTo, defects[2] = addressList(env, "Reply-To")
	m.To, defects[3] = addressList(env, "To")
	for _, d := range defects {
		if d != "" {
			m.Defects = append(m.Defects, d)
		}
	}

	fields := orderedHeaders(clean)
	auth, authDefects := parseAuthentication(topAuthResults(fields))
	m.Authentication = auth
	m.Defects = append(m.Defects, authDefects...)
	from := ""
	if m.From != nil {
		from = domainOf(m.From.Address)
	}
	m.Authentication.DKIMSignatures = dkimSignatures(fields, from, messageBody(clean))
	m.Authentication.ARC = readARC(fields)
	m.Path = deliveryPath(fields, p.trustedHosts)
	m.MessageIDDomain = domainOf(strings.Trim(m.MessageID, "<> "))
}
