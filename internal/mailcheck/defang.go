package mailcheck

import (
	"regexp"
	"strings"
)

// schemeRE matches a URL scheme that a ticket viewer could turn into a
// link, anywhere in the text (nested URLs in query strings included).
var schemeRE = regexp.MustCompile(`(?i)\b(https?|ftps?)(:[/\\])`)

// Defang rewrites a URL, host or e-mail address so that no viewer makes it
// clickable: the scheme becomes hxxp/hxxps/fxp, every dot of the host
// becomes [.] and @ becomes [@]. Already defanged text is not defanged
// twice.
func Defang(s string) string {
	s = strings.NewReplacer("[.]", ".", "[@]", "@", "[:]", ":").Replace(s)
	s = schemeRE.ReplaceAllStringFunc(s, defangScheme)

	start, end := authority(s)
	host := strings.NewReplacer(".", "[.]", "@", "[@]").Replace(s[start:end])
	rest := strings.ReplaceAll(s[end:], "@", "[@]")
	return s[:start] + host + rest
}

// defangScheme turns one matched scheme into its harmless spelling.
func defangScheme(m string) string {
	lower := strings.ToLower(m)
	switch {
	case strings.HasPrefix(lower, "http"):
		return "hxxp" + m[4:]
	default:
		return "fxp" + m[3:]
	}
}

// authority returns the byte range of the user-info-and-host part of s:
// after "scheme:" and any slashes, up to the first path, query or fragment
// separator. Without a scheme it is the text up to that separator.
func authority(s string) (int, int) {
	start := 0
	if i := strings.Index(s, ":"); i > 0 && isScheme(s[:i]) {
		start = i + 1
		for start < len(s) && (s[start] == '/' || s[start] == '\\') {
			start++
		}
	}
	end := strings.IndexAny(s[start:], `/\?#`)
	if end < 0 {
		return start, len(s)
	}
	return start, start + end
}

// isScheme reports whether s is a URL scheme name (RFC 3986 §3.1). Dots,
// legal but unused in practice, are refused so that "host.tld:port" is not
// taken for a scheme.
func isScheme(s string) bool {
	for i, r := range s {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		other := r >= '0' && r <= '9' || r == '+' || r == '-'
		if !letter && (i == 0 || !other) {
			return false
		}
	}
	return s != ""
}
