package servicedesk

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Field limits of the ConnectWise ticket model that formatting must respect.
// ConnectWise runs on .NET, so a limit counts UTF-16 code units: a character
// outside the Basic Multilingual Plane (most emoji) counts twice.
const (
	MaxSummary      = 100
	MaxExternalXRef = 100
	MaxContactName  = 62
	MaxEmail        = 250
	// MaxDescription bounds the initial description. The API sets no
	// maximum for it, but a ticket a technician scrolls through for minutes
	// helps nobody; the full analysis is attached as JSON.
	MaxDescription = 12000
)

const ellipsis = "…"

// Truncate shortens s to at most limit UTF-16 code units, cutting on a
// character boundary and ending with an ellipsis when it cut anything.
func Truncate(s string, limit int) string {
	if utf16Len(s) <= limit {
		return s
	}
	budget := limit - utf16Len(ellipsis)
	var b strings.Builder
	used := 0
	for _, r := range s {
		n := utf16.RuneLen(r)
		if n < 0 {
			n = 1
		}
		if used+n > budget {
			break
		}
		b.WriteRune(r)
		used += n
	}
	return strings.TrimRight(b.String(), " ") + ellipsis
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r == utf8.RuneError {
			n++
			continue
		}
		n += utf16.RuneLen(r)
	}
	return n
}
