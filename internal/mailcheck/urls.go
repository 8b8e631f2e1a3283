package mailcheck

import (
	"net/url"
	"strings"

	"mvdan.cc/xurls/v2"
)

// maxURLs bounds the links kept per message; hostile messages can carry
// tens of thousands.
const maxURLs = 1000

var strictURLs = xurls.Strict()

// urlSet collects URLs in first-seen order without duplicates.
type urlSet struct {
	list    []URL
	seen    map[string]bool
	dropped int
}

// add records u unless it was seen before or the set is full.
func (s *urlSet) add(u URL) {
	u.URL = strings.TrimSpace(u.URL)
	if u.URL == "" || s.seen[u.URL] {
		return
	}
	if len(s.list) >= maxURLs {
		s.dropped++
		return
	}
	if s.seen == nil {
		s.seen = make(map[string]bool)
	}
	s.seen[u.URL] = true
	u.Host = urlHost(u.URL)
	if target := unwrapURL(u.URL); target != "" {
		if v, err := url.PathUnescape(target); err == nil && strings.Contains(target, "%") && isWebURL(v) {
			target = v
		}
		u.Unwrapped = Defang(target)
		u.Host = urlHost(target)
	}
	u.Defanged = Defang(u.URL)
	s.list = append(s.list, u)
}

// addText records every URL with a scheme found in plain text.
func (s *urlSet) addText(text string) {
	for _, seg := range schemeWindows(text) {
		for _, m := range strictURLs.FindAllString(seg, -1) {
			if isWebURL(m) {
				s.add(URL{URL: m, Source: SourceText})
			}
		}
	}
}

// Bounds of the text around a "://" that schemeWindows hands the URL
// pattern: the scheme before it, the rest of the URL after it.
const (
	windowBefore = 64
	windowAfter  = 8 << 10
)

// schemeWindows returns the stretches of text that may hold a URL with a
// scheme: each "://" with the word before it and the run of non-space
// after it. The URL pattern is slow on large
// text (over a second a megabyte on binary garbage, a cost any sender of a
// report can impose); a URL with a scheme always contains "://", so only
// these stretches need it.
func schemeWindows(text string) []string {
	var out []string
	end := 0 // the end of the last window
	for i := 0; ; {
		j := strings.Index(text[i:], "://")
		if j < 0 {
			return out
		}
		at := i + j
		start := max(at-windowBefore, end)
		if k := strings.LastIndexAny(text[start:at], " \t\r\n"); k >= 0 {
			start += k + 1
		}
		stop := min(at+3+windowAfter, len(text))
		if k := strings.IndexAny(text[at+3:stop], " \t\r\n"); k >= 0 {
			stop = at + 3 + k
		}
		out = append(out, text[start:stop]) // start ≥ end: windows never overlap
		end, i = stop, max(stop, at+3)
	}
}

// isWebURL reports whether ref is worth listing: an absolute or
// protocol-relative web or FTP URL (not mailto:, cid:, data: or a
// fragment).
func isWebURL(ref string) bool {
	ref = strings.ToLower(strings.TrimSpace(ref))
	for _, p := range []string{"http://", "https://", "ftp://", "ftps://", "//", "www."} {
		if strings.HasPrefix(ref, p) {
			return true
		}
	}
	return false
}

// urlHost returns the lower-case host of a URL, without port or brackets,
// or "" when it has none.
func urlHost(raw string) string {
	raw = strings.TrimSpace(raw)
	if strings.HasPrefix(strings.ToLower(raw), "www.") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return hostFallback(raw)
	}
	return strings.ToLower(u.Hostname())
}

// hostFallback cuts the host out of a URL that net/url refuses (bad
// escapes, spaces), so that a malformed lure still gets its host checked.
func hostFallback(raw string) string {
	_, rest, ok := strings.Cut(raw, "//")
	if !ok {
		return ""
	}
	if i := strings.IndexAny(rest, `/\?# `); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.LastIndex(rest, "@"); i >= 0 {
		rest = rest[i+1:]
	}
	if strings.HasPrefix(rest, "[") {
		rest, _, _ = strings.Cut(rest[1:], "]")
		return strings.ToLower(rest)
	}
	rest, _, _ = strings.Cut(rest, ":")
	return strings.ToLower(rest)
}
