package cwsandbox

import (
	"crypto/subtle"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// maxBody caps a request body; document uploads are checked against the
// smaller per-type size limit afterwards.
const maxBody = 64 << 20

// right names one level of a security role row.
type right struct{ module, function, level string }

// need builds a right from "Module/Function" and a level.
func need(moduleFunction, level string) right {
	module, function, _ := strings.Cut(moduleFunction, "/")
	return right{module, function, level}
}

// handler serves one matched route; an *apiError becomes the answer.
type handler func(s *Sandbox, c *call) error

// route is one method and templated path of the API.
type route struct {
	method, pattern string
	right           right
	handle          handler
}

// call is one request in flight.
type call struct {
	w       http.ResponseWriter
	r       *http.Request
	body    []byte
	path    string
	ids     []int
	version string
	fault   *Fault
	// carriedOut is set when a fault let the call be carried out before
	// hiding its answer.
	carriedOut bool
}

// ServeHTTP answers one request the way ConnectWise Manage would.
func (s *Sandbox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	c := &call{w: w, r: r, body: body, version: acceptVersion(r)}
	if err != nil {
		c.fail(newError(http.StatusRequestEntityTooLarge, "RequestTooLarge", "the request body is too large"))
		return
	}
	if rest, ok := strings.CutPrefix(r.URL.Path, "/login/companyinfo/"); ok {
		s.companyInfo(w, r, rest)
		return
	}
	s.serveAPI(c)
}

func (s *Sandbox) serveAPI(c *call) {
	f := s.takeFault(c)
	c.fault = f
	if f != nil && f.Delay > 0 {
		sleep(c.r.Context(), f.Delay)
	}
	if f != nil && f.MoveCodebase {
		s.moveCodebase()
	}
	if f != nil && f.Reset && !f.AfterHandling {
		s.count(c.r.Method, c.r.URL.Path)
		resetConnection(c.w)
		return
	}
	s.mu.Lock()
	err := s.dispatch(c)
	s.mu.Unlock()
	if err != nil {
		c.fail(err)
	}
	if c.carriedOut && f.Reset {
		sleep(c.r.Context(), f.Hang)
		resetConnection(c.w)
	}
}

// dispatch checks the codebase, credentials and rights, then runs the
// route's handler.
func (s *Sandbox) dispatch(c *call) error {
	prefix := "/" + s.cfg.Codebase + "apis/3.0/"
	rest, ok := strings.CutPrefix(c.r.URL.Path, prefix)
	if !ok {
		s.calls[c.r.Method+" "+templatePath(c.r.URL.Path)]++
		return newError(http.StatusNotFound, "NotFound", "no API at %s: this site serves %sapis/3.0", c.r.URL.Path, s.cfg.Codebase)
	}
	c.path = strings.Trim(rest, "/")
	rt, ids, known := matchRoute(c.r.Method, c.path)
	key := "/" + templatePath(c.path)
	if rt != nil {
		key = "/" + templatePath(rt.pattern)
	}
	s.calls[c.r.Method+" "+key]++
	if f := c.fault; f != nil && !f.AfterHandling && f.Status != 0 {
		f.answer(c)
		return nil
	}
	if err := s.authenticate(c.r); err != nil {
		return err
	}
	switch {
	case rt == nil && known:
		return newError(http.StatusMethodNotAllowed, "MethodNotAllowed", "%s is not supported on %s", c.r.Method, key)
	case rt == nil:
		return newError(http.StatusNotFound, "NotFound", "no resource at %s", key)
	case !s.allowed(rt.right):
		return errForbidden
	}
	c.ids = ids
	return c.run(s, rt.handle)
}

// authenticate checks Basic credentials and then the clientId header.
func (s *Sandbox) authenticate(r *http.Request) error {
	user, pass, ok := r.BasicAuth()
	wantUser := s.cfg.CompanyID + "+" + s.cfg.PublicKey
	if !ok || subtle.ConstantTimeCompare([]byte(user), []byte(wantUser)) != 1 ||
		subtle.ConstantTimeCompare([]byte(pass), []byte(s.cfg.PrivateKey)) != 1 {
		return newError(http.StatusUnauthorized, "Unauthorized",
			"The company id, public key or private key is incorrect.")
	}
	id := r.Header.Get("clientId")
	if id == "" {
		return newError(http.StatusBadRequest, "InvalidClientId", "A clientId header is required on every request.")
	}
	if id != s.cfg.ClientID {
		return newError(http.StatusBadRequest, "InvalidClientId", "The clientId is not valid for this integration.")
	}
	return nil
}

// matchRoute finds the route for method and path. known reports whether
// the path exists for another method.
func matchRoute(method, path string) (rt *route, ids []int, known bool) {
	segs := strings.Split(path, "/")
	for i := range routes {
		ids, ok := matchPattern(routes[i].pattern, segs)
		if !ok {
			continue
		}
		if routes[i].method == method {
			return &routes[i], ids, true
		}
		known = true
	}
	return nil, nil, known
}

func matchPattern(pattern string, segs []string) ([]int, bool) {
	parts := strings.Split(pattern, "/")
	if len(parts) != len(segs) {
		return nil, false
	}
	var ids []int
	for i, p := range parts {
		if p != "{id}" {
			if !strings.EqualFold(p, segs[i]) {
				return nil, false
			}
			continue
		}
		n, err := strconv.Atoi(segs[i])
		if err != nil || n <= 0 {
			return nil, false
		}
		ids = append(ids, n)
	}
	return ids, true
}

// acceptVersion returns the model version the client pinned in Accept.
func acceptVersion(r *http.Request) string {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		_, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err == nil && params["version"] != "" {
			return params["version"]
		}
	}
	return "2025.16"
}

// json writes v with ConnectWise's media type and the requested version.
func (c *call) json(status int, v any) {
	c.w.Header().Set("Content-Type", "application/vnd.connectwise.com+json; version="+c.version)
	c.w.WriteHeader(status)
	if v != nil {
		writeJSON(c.w, v)
	}
}

func (c *call) fail(err error) {
	ae, ok := err.(*apiError)
	if !ok {
		ae = newError(http.StatusInternalServerError, "InternalServerError", "%s", err.Error())
	}
	c.json(ae.status, ae)
}
