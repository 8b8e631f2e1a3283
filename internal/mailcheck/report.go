package mailcheck

import (
	"encoding/binary"
	"strings"

	"github.com/jhillyerd/enmime/v2"
)

// tnefSignature starts every TNEF stream (winmail.dat), little-endian.
const tnefSignature = 0x223E9F78

// Formats of Message.Format.
const (
	FormatEML  = "eml"
	FormatMSG  = "msg"
	FormatTNEF = "tnef"
)

// originalFormat tells whether an attached part carries an original
// message, and in which format.
func originalFormat(part *enmime.Part) (string, bool) {
	name := strings.ToLower(strings.TrimSpace(part.FileName))
	switch {
	case part.ContentType == "message/rfc822", strings.HasSuffix(name, ".eml"):
		return FormatEML, true
	case part.ContentType == "application/vnd.ms-outlook", strings.HasSuffix(name, ".msg"):
		return FormatMSG, true
	case part.ContentType == "application/ms-tnef", name == "winmail.dat":
		return FormatTNEF, true
	}
	return "", false
}

// attachedOriginals parses every original attached to p.
func attachedOriginals(p *parsedMessage, opts Options) []*parsedMessage {
	var out []*parsedMessage
	for _, part := range p.leaves {
		format, ok := originalFormat(part)
		if !ok {
			continue
		}
		o := readOriginal(part.Content, format, opts)
		o.msg.FileName = part.FileName
		out = append(out, o)
	}
	return out
}

// readOriginal reads one original from its bytes, trusting the bytes over
// the declared format: an .msg saved as .eml is still an .msg. A part that
// cannot be read as a message is kept, described, with a defect.
func readOriginal(content []byte, format string, opts Options) *parsedMessage {
	switch {
	case isOLE(content):
		return readOutlook(content, FormatMSG, opts)
	case isTNEF(content):
		return readOutlook(content, FormatTNEF, opts)
	case format == FormatTNEF:
		return placeholder(content, FormatTNEF, "attached winmail.dat is not a tnef stream")
	case format == FormatMSG:
		return placeholder(content, FormatMSG, "attached .msg is not an Outlook file")
	}
	p, err := parseMessage(content, opts)
	if err != nil {
		return placeholder(content, FormatEML, "attached message unreadable: "+err.Error())
	}
	return p
}

// placeholder describes an original that is not (yet) parsed.
func placeholder(content []byte, format, defect string) *parsedMessage {
	m := newMessage(content, format)
	m.Defects = []string{defect}
	return &parsedMessage{msg: m}
}

// isTNEF reports whether b starts with the TNEF signature.
func isTNEF(b []byte) bool {
	return len(b) >= 4 && binary.LittleEndian.Uint32(b) == tnefSignature
}

// isReport applies the rule in the package documentation.
func isReport(outer *parsedMessage, originals []*parsedMessage, opts Options) bool {
	from := outer.msg.From
	if len(originals) == 0 || from == nil {
		return false
	}
	if opts.ReportedBy != "" && strings.EqualFold(from.Address, strings.TrimSpace(opts.ReportedBy)) {
		return true
	}
	if isNotification(outer) {
		return false
	}
	for _, o := range originals {
		if isRewrap(outer.msg, o.msg) {
			return false
		}
	}
	return true
}

// isNotification reports whether p is a delivery or read notification
// (a bounce), whose attached message is the bounced one, not a report.
func isNotification(p *parsedMessage) bool {
	if p.env != nil && p.env.Root != nil && p.env.Root.ContentType == "multipart/report" {
		return true
	}
	for _, part := range p.leaves {
		switch part.ContentType {
		case "message/delivery-status", "message/global-delivery-status",
			"message/disposition-notification":
			return true
		}
	}
	return false
}

// isRewrap reports whether the outer message repeats the original's
// sender and subject, as filters do when they wrap a message they caught
// (SpamAssassin's report_safe): that is the message itself, not a report.
func isRewrap(outer, original *Message) bool {
	if original.From == nil || !strings.EqualFold(outer.From.Address, original.From.Address) {
		return false
	}
	return strings.EqualFold(strings.TrimSpace(outer.Subject), strings.TrimSpace(original.Subject))
}

// bareInput handles input that is itself an .msg or TNEF file.
func bareInput(raw []byte, opts Options) (*Result, bool) {
	if !isOLE(raw) && !isTNEF(raw) {
		return nil, false
	}
	o := readOriginal(raw, "", opts)
	return &Result{Originals: []*Message{o.msg}, parsed: []*parsedMessage{o}}, true
}
