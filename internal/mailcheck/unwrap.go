package mailcheck

import (
	"net/url"
	"regexp"
	"strings"
)

// maxUnwrap bounds nested rewrites (a Safe Link around a urldefense link).
const maxUnwrap = 3

// unwrapURL returns the target a link rewriter wraps, following nested
// rewrites: Microsoft Safe Links (?url=), Proofpoint urldefense v2 (?u=)
// and v3 (/v3/__URL__;), and Google's /url?q= redirect. It returns "" for
// a link that is not rewritten.
func unwrapURL(raw string) string {
	out := ""
	for i := 0; i < maxUnwrap; i++ {
		next := unwrapOnce(raw)
		if next == "" || next == raw {
			break
		}
		out, raw = next, next
	}
	return out
}

// urldefenseV3RE captures the wrapped URL of a Proofpoint v3 link.
var urldefenseV3RE = regexp.MustCompile(`^https?://urldefense\.com/v3/__(.+?)__;`)

// unwrapOnce removes one rewriter layer, or returns "".
func unwrapOnce(raw string) string {
	if m := urldefenseV3RE.FindStringSubmatch(raw); m != nil {
		return m[1]
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	host, q := strings.ToLower(u.Hostname()), u.Query()
	switch {
	case strings.HasSuffix(host, "safelinks.protection.outlook.com"):
		return q.Get("url")
	case host == "urldefense.proofpoint.com" && strings.HasPrefix(u.Path, "/v2/"):
		t, err := url.PathUnescape(strings.NewReplacer("-", "%", "_", "/").Replace(q.Get("u")))
		if err != nil {
			return ""
		}
		return t
	case (host == "www.google.com" || host == "google.com") && u.Path == "/url":
		if t := q.Get("q"); t != "" {
			return t
		}
		return q.Get("url")
	}
	return ""
}
