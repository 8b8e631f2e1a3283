package mailcheck

import (
	"bytes"
	"strings"
)

// maxHeaderFields bounds how many header fields are kept in order.
const maxHeaderFields = 2000

// headerField is one unfolded header field as it appears in the message.
type headerField struct {
	Name  string // canonical case as written, compare with strings.EqualFold
	Value string
}

// orderedHeaders reads the header block of raw (up to the first empty
// line) and returns its fields top to bottom with folded lines joined.
// The MIME parser keeps headers in a map, which loses the order between
// different field names; Authentication-Results needs that order.
func orderedHeaders(raw []byte) []headerField {
	var fields []headerField
	for len(raw) > 0 && len(fields) < maxHeaderFields {
		line := firstLine(raw)
		raw = raw[len(line):]
		text := strings.TrimRight(string(line), "\r\n")
		if text == "" {
			break
		}
		if (text[0] == ' ' || text[0] == '\t') && len(fields) > 0 {
			last := &fields[len(fields)-1]
			last.Value += " " + strings.TrimSpace(text)
			continue
		}
		if name, value, ok := strings.Cut(text, ":"); ok {
			fields = append(fields, headerField{
				Name:  strings.TrimSpace(name),
				Value: strings.TrimSpace(value),
			})
		}
	}
	return fields
}

// headerBlock returns the bytes of raw up to and including the first
// empty line, or all of raw when there is none.
func headerBlock(raw []byte) []byte {
	for _, sep := range [][]byte{[]byte("\r\n\r\n"), []byte("\n\n")} {
		if i := bytes.Index(raw, sep); i >= 0 {
			return raw[:i+len(sep)]
		}
	}
	return raw
}
