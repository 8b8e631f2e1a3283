package cwm

import (
	"net/http"
	"net/url"
	"strings"
)

// followCodebase handles a 404 that may mean ConnectWise moved the API to a
// new codebase, as cloud instances do on every release: it re-reads
// companyinfo once and, when the API base URL changed, switches the client
// to it and returns req aimed at the new base. It returns nil when the
// client has no LoginURL, discovery fails, or the base is unchanged (the
// 404 is then a real one). The re-sent request is safe even for a POST: a
// 404 from the old codebase means nothing was carried out.
func (c *Client) followCodebase(req *http.Request) *http.Request {
	if c.cfg.LoginURL == "" {
		return nil
	}
	site, err := Discover(req.Context(), c.hc, c.cfg.LoginURL, c.creds.CompanyID)
	if err != nil {
		return nil
	}
	next, err := parseBaseURL(site.APIBaseURL)
	if err != nil || sameBase(next, req.URL) {
		return nil
	}
	c.mu.Lock()
	c.base = next
	c.mu.Unlock()
	return retarget(req, next, c.relPath(req))
}

// sameBase reports whether target is a URL below base.
func sameBase(base, target *url.URL) bool {
	return strings.EqualFold(base.Scheme, target.Scheme) &&
		strings.EqualFold(base.Host, target.Host) &&
		strings.HasPrefix(target.Path, base.Path+"/")
}

// retarget copies req onto base, keeping the path below the API root, the
// query, the headers and a rewindable body.
func retarget(req *http.Request, base *url.URL, rel string) *http.Request {
	next := req.Clone(req.Context())
	u := *base
	u.Path = base.Path + rel
	u.RawQuery = req.URL.RawQuery
	next.URL = &u
	next.Host = ""
	return next
}
