package mapping

import (
	"net/url"
	"strings"
)

// freeMailDomains are mailbox providers whose domain says nothing about
// the company: two companies with gmail.com addresses are not the same.
var freeMailDomains = map[string]bool{
	"gmail.com": true, "googlemail.com": true, "outlook.com": true, "hotmail.com": true,
	"live.com": true, "msn.com": true, "yahoo.com": true, "icloud.com": true, "me.com": true,
	"aol.com": true, "proton.me": true, "protonmail.com": true, "gmx.com": true, "gmx.de": true,
	"web.de": true, "mail.com": true, "yandex.com": true, "zoho.com": true,
}

// domainKey reduces an e-mail domain, an address or a website to the form
// domains are compared in: lower case, no scheme, path, port or leading
// "www."; "" for nothing usable or a free-mail provider.
func domainKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if _, after, ok := strings.Cut(s, "@"); ok {
		s = after
	}
	if strings.Contains(s, "://") {
		if u, err := url.Parse(s); err == nil {
			s = u.Hostname()
		}
	}
	s, _, _ = strings.Cut(s, "/")
	s, _, _ = strings.Cut(s, ":")
	s = strings.TrimSuffix(strings.TrimPrefix(s, "www."), ".")
	if !strings.Contains(s, ".") || freeMailDomains[s] {
		return ""
	}

	return s
}

// domainKeys returns the distinct usable domain keys of ss.
func domainKeys(ss ...string) []string {
	var out []string
	seen := make(map[string]bool)
	for _, s := range ss {
		if k := domainKey(s); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}

	return out
}
