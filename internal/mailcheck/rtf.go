package mailcheck

import (
	"strconv"
	"strings"
)

// rtfText strips RTF control words and group braces and decodes \'hh
// escapes, leaving the document's text; for RTF that encapsulates HTML
// (\fromhtml) that text is the HTML. Field instructions such as
// HYPERLINK "url" stay in, so their links are found. Ignorable groups
// other than HTML tags are dropped: fonts, colours, pictures.
func rtfText(rtf []byte) string {
	var out strings.Builder
	s := string(rtf)
	skipDepth, depth := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '{':
			depth++
			if skipDepth == 0 && strings.HasPrefix(s[i:], `{\*`) && !strings.HasPrefix(s[i:], `{\*\htmltag`) &&
				!strings.HasPrefix(s[i:], `{\*\fldinst`) {
				skipDepth = depth
			}
		case c == '}':
			if depth == skipDepth {
				skipDepth = 0
			}
			depth--
		case c == '\\':
			i = rtfControl(s, i, &out, skipDepth == 0)
		case c == '\r' || c == '\n':
		default:
			if skipDepth == 0 {
				out.WriteByte(c)
			}
		}
	}
	return out.String()
}

// rtfControl handles the control word or symbol at s[i] and returns the
// index of its last byte.
func rtfControl(s string, i int, out *strings.Builder, keep bool) int {
	if i+1 >= len(s) {
		return i
	}
	next := s[i+1]
	switch {
	case next == '\'' && i+3 < len(s):
		if v, err := strconv.ParseUint(s[i+2:i+4], 16, 8); err == nil && keep {
			out.WriteRune(rune(v)) // Windows-1252 and Latin-1 agree on letters
		}
		return i + 3
	case next == '\\' || next == '{' || next == '}':
		if keep {
			out.WriteByte(next)
		}
		return i + 1
	}
	j := i + 1
	for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z') {
		j++
	}
	word := s[i+1 : j]
	for j < len(s) && (s[j] == '-' || s[j] >= '0' && s[j] <= '9') {
		j++
	}
	if keep && (word == "par" || word == "line" || word == "tab") {
		out.WriteByte('\n')
	}
	if j < len(s) && s[j] == ' ' {
		return j
	}
	return j - 1
}
