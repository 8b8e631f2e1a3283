package mailcheck

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"strings"
	"time"

	"github.com/psabridge/psabridge/internal/mailcheck/mapi"
	"github.com/psabridge/psabridge/internal/mailcheck/msg"
	"github.com/psabridge/psabridge/internal/mailcheck/tnef"
)

// readOutlook reads an .msg or TNEF original. The message is rewritten as
// MIME (its transport headers, bodies and attachments) so that every
// check runs on it as on any e-mail; Raw stays the file as received.
func readOutlook(content []byte, format string, opts Options) *parsedMessage {
	m, err := decodeOutlook(content, format, opts)
	if err != nil {
		return placeholder(content, format, fmt.Sprintf("%s original unreadable: %v", format, err))
	}
	p, err := parseMessage(outlookMIME(m, opts.MaxDepth), opts)
	if err != nil {
		return placeholder(content, format, fmt.Sprintf("%s original unreadable: %v", format, err))
	}
	sum := sha256.Sum256(content)
	p.msg.Format, p.msg.Raw, p.msg.Size = format, content, len(content)
	p.msg.SHA256 = hex.EncodeToString(sum[:])
	p.msg.Defects = capDefects(append(m.Defects, p.msg.Defects...))
	return p
}

// decodeOutlook runs the reader for the format.
func decodeOutlook(content []byte, format string, opts Options) (*mapi.Message, error) {
	if format == FormatMSG {
		return msg.Read(content, msg.Limits{MaxBytes: opts.MaxMessageBytes, MaxDepth: opts.MaxDepth})
	}
	return tnef.Read(content, tnef.Limits{MaxAttributes: 4 * opts.MaxParts, MaxDepth: opts.MaxDepth})
}

// mimeBoundary separates the parts of a rewritten Outlook message; the
// depth suffix keeps nested ones distinct.
const mimeBoundary = "psabridge-outlook-part-"

// outlookMIME writes m as a multipart/mixed MIME message.
func outlookMIME(m *mapi.Message, depth int) []byte {
	var b bytes.Buffer
	writeOutlookHeaders(&b, m)
	boundary := fmt.Sprintf("%s%d", mimeBoundary, depth)
	fmt.Fprintf(&b, "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=%q\r\n\r\n", boundary)
	for _, part := range outlookParts(m, depth) {
		fmt.Fprintf(&b, "--%s\r\n%s", boundary, part)
	}
	fmt.Fprintf(&b, "--%s--\r\n", boundary)
	return b.Bytes()
}

// writeOutlookHeaders writes the transport headers without their MIME
// fields, or, for a message never sent, headers made from properties.
func writeOutlookHeaders(b *bytes.Buffer, m *mapi.Message) {
	if h := transportHeaders(m.Headers); h != "" {
		b.WriteString(h)
		return
	}
	writeField(b, "From", mailboxField(m.From))
	if m.Sender != m.From {
		writeField(b, "Sender", mailboxField(m.Sender))
	}
	writeField(b, "To", mailboxList(m.To))
	writeField(b, "Cc", mailboxList(m.Cc))
	writeField(b, "Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	writeField(b, "Message-ID", m.MessageID)
	if !m.Date.IsZero() {
		writeField(b, "Date", m.Date.Format(time.RFC1123Z))
	}
}

// transportHeaders returns the header block of h with CRLF line ends,
// minus the fields that described the original MIME structure.
func transportHeaders(h string) string {
	var out strings.Builder
	skip := false
	for _, line := range strings.Split(strings.ReplaceAll(h, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			if out.Len() > 0 {
				break
			}
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			name, _, _ := strings.Cut(line, ":")
			name = strings.ToLower(strings.TrimSpace(name))
			skip = strings.HasPrefix(name, "content-") || name == "mime-version"
		}
		if !skip {
			out.WriteString(line + "\r\n")
		}
	}
	return out.String()
}

// writeField writes one header field unless its value is empty; line
// breaks in property values are flattened.
func writeField(b *bytes.Buffer, name, value string) {
	value = strings.Join(strings.Fields(value), " ")
	if value != "" {
		fmt.Fprintf(b, "%s: %s\r\n", name, value)
	}
}

// mailboxField formats a mailbox for a header.
func mailboxField(mb mapi.Mailbox) string {
	name := mime.QEncoding.Encode("utf-8", strings.ReplaceAll(mb.Name, `"`, "'"))
	switch {
	case mb.Address == "":
		return ""
	case name == "":
		return "<" + mb.Address + ">"
	}
	return fmt.Sprintf("%q <%s>", name, mb.Address)
}

// mailboxList formats several mailboxes.
func mailboxList(list []mapi.Mailbox) string {
	var out []string
	for _, mb := range list {
		if f := mailboxField(mb); f != "" {
			out = append(out, f)
		}
	}
	return strings.Join(out, ", ")
}

// outlookParts returns the MIME parts (headers and body) of m: its text,
// HTML and RTF-derived bodies, then its attachments.
func outlookParts(m *mapi.Message, depth int) []string {
	var parts []string
	if m.Body != "" {
		parts = append(parts, base64Part("text/plain; charset=utf-8", "", []byte(m.Body)))
	}
	if len(m.HTML) > 0 {
		parts = append(parts, base64Part("text/html; charset=utf-8", "", m.HTML))
	} else if len(m.RTF) > 0 {
		parts = append(parts, rtfPart(m.RTF))
	}
	for _, a := range m.Attachments {
		parts = append(parts, outlookAttachmentPart(a, depth))
	}
	return parts
}

// rtfPart turns the RTF body into text, HTML when it encapsulates HTML.
func rtfPart(rtf []byte) string {
	text := rtfText(rtf)
	if bytes.Contains(rtf, []byte(`\fromhtml`)) {
		return base64Part("text/html; charset=utf-8", "", []byte(text))
	}
	return base64Part("text/plain; charset=utf-8", "", []byte(text))
}

// outlookAttachmentPart writes one attachment; an embedded message becomes a
// message/rfc822 part while depth lasts.
func outlookAttachmentPart(a mapi.Attachment, depth int) string {
	if a.Embedded != nil && depth > 1 {
		name := a.Name
		if !strings.HasSuffix(strings.ToLower(name), ".eml") {
			name += ".eml"
		}
		return base64Part("message/rfc822", name, outlookMIME(a.Embedded, depth-1))
	}
	ctype := a.MIMEType
	if _, _, err := mime.ParseMediaType(ctype); err != nil || ctype == "" {
		ctype = "application/octet-stream"
	}
	return base64Part(ctype, a.Name, a.Data)
}

// base64Part writes a part's headers and base64 body.
func base64Part(ctype, name string, data []byte) string {
	var b strings.Builder
	b.WriteString("Content-Type: " + ctype + "\r\nContent-Transfer-Encoding: base64\r\n")
	if name != "" {
		disp := mime.FormatMediaType("attachment", map[string]string{"filename": name})
		if disp == "" {
			disp = "attachment"
		}
		b.WriteString("Content-Disposition: " + disp + "\r\n")
	}
	b.WriteString("\r\n")
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.String()
}
