package mailcheck

import (
	"bytes"
	"errors"
)

var (
	utf8BOM  = []byte{0xEF, 0xBB, 0xBF}
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0}
)

// headerSearchLines is how many leading lines may be skipped while looking
// for the first header line; a message with more junk than that is not
// taken as a message at all.
const headerSearchLines = 200

// errNoHeaders says the input has no header block at all.
var errNoHeaders = errors.New("no e-mail header lines found: " +
	"the file is not an e-mail message (.eml) or is damaged")

// cleanPrefix strips what commonly precedes a message and trips MIME
// parsers: a UTF-8 byte-order mark, an mbox "From " separator line and
// free text before the first header line. Each removal is a defect.
func cleanPrefix(raw []byte) ([]byte, []string, error) {
	var defects []string
	if bytes.HasPrefix(raw, utf8BOM) {
		raw = raw[len(utf8BOM):]
		defects = append(defects, "utf-8 byte-order mark removed before the headers")
	}
	if isMboxFromLine(firstLine(raw)) {
		raw = raw[len(firstLine(raw)):]
		defects = append(defects, `mbox "From " separator line removed before the headers`)
	}

	start, ok := firstHeaderLine(raw)
	if !ok {
		return nil, defects, errNoHeaders
	}
	if start > 0 {
		defects = append(defects, "text before the first header line removed")
	}
	return raw[start:], defects, nil
}

// firstLine returns the first line of b including its line end.
func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i+1]
	}
	return b
}

// isMboxFromLine tells an mbox separator ("From addr date") from a From
// header written with a space before its colon ("From : addr").
func isMboxFromLine(line []byte) bool {
	if !bytes.HasPrefix(line, []byte("From ")) {
		return false
	}
	return !bytes.HasPrefix(bytes.TrimSpace(line[5:]), []byte(":"))
}

// firstHeaderLine returns the offset of the first line that looks like a
// header field ("Name: value", or "Name:" with the value folded).
func firstHeaderLine(b []byte) (int, bool) {
	off := 0
	for n := 0; n < headerSearchLines && off < len(b); n++ {
		line := firstLine(b[off:])
		if looksLikeHeader(line) {
			return off, true
		}
		off += len(line)
	}
	return 0, false
}

// looksLikeHeader reports whether line starts with a field name (printable
// ASCII other than colon, RFC 5322 §2.2) and a colon, allowing the blanks
// some senders put before the colon.
func looksLikeHeader(line []byte) bool {
	i := 0
	for i < len(line) && line[i] > ' ' && line[i] < 0x7F && line[i] != ':' {
		i++
	}
	if i == 0 {
		return false
	}
	rest := bytes.TrimLeft(line[i:], " \t")
	return len(rest) > 0 && rest[0] == ':'
}

// isOLE reports whether b starts like an OLE compound file, the container
// of Outlook .msg files.
func isOLE(b []byte) bool {
	return bytes.HasPrefix(b, oleMagic)
}
