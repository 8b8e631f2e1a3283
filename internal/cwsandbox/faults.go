package cwsandbox

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Fault makes the sandbox misbehave on matching API calls, so tests can
// exercise a client's retries the way ConnectWise and its CDN misbehave.
type Fault struct {
	// Method and Path select calls: an HTTP method and a list path such as
	// "service/tickets" or "finance/agreements/{id}/additions/{id}"; empty
	// matches any.
	Method, Path string
	// Status answers the call with this status: 429 (with RetryAfter and
	// ConnectWise's odd {"error":…} body), 503 (a non-JSON proxy page) or
	// another code (a JSON error).
	Status int
	// RetryAfter is the Retry-After header of a 429, in seconds.
	RetryAfter int
	// Delay holds the answer back, honouring the request's context.
	Delay time.Duration
	// AfterHandling performs the call (a ticket is created) before
	// answering Status or Redirect: the client never sees the outcome.
	AfterHandling bool
	// Redirect, with AfterHandling, answers 302 to this location, as
	// ConnectWise's cloud proxy has done after a POST.
	Redirect string
	// Times is how many calls the fault affects; 0 means one.
	Times int
	// EdgeBody answers a 429 with the CDN's plain-text page instead of
	// ConnectWise's JSON.
	EdgeBody bool
	// Reset drops the connection (a TCP reset) instead of answering:
	// before the call is carried out, or after it with AfterHandling.
	Reset bool
	// Hang, with AfterHandling and Reset, holds the answer this long
	// before dropping the connection, as a gateway that times out does.
	Hang time.Duration
	// MoveCodebase moves the API to the next codebase before the call.
	MoveCodebase bool
}

// redirectToHTTP as a Fault's Redirect sends the client to the http://
// form of the URL it called.
const redirectToHTTP = "http://"

// InjectFault queues a fault; faults apply in the order injected.
func (s *Sandbox) InjectFault(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Times <= 0 {
		f.Times = 1
	}
	if f.AfterHandling && f.Status == 0 && f.Redirect == "" && !f.Reset {
		f.Status = http.StatusGatewayTimeout
	}
	s.faults = append(s.faults, &f)
}

// takeFault returns the first queued fault matching c and uses it up once,
// or else what the fault plan rolls for c.
func (s *Sandbox) takeFault(c *call) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	path := c.r.URL.Path
	if i := strings.Index(path, "/apis/3.0/"); i >= 0 {
		path = path[i+len("/apis/3.0/"):]
	}
	path = templatePath(path)
	if f := s.queuedFault(c, path); f != nil {
		return f
	}
	if s.roller != nil {
		return s.roller.roll(c.r.Method, path)
	}
	return nil
}

func (s *Sandbox) queuedFault(c *call, path string) *Fault {
	for i, f := range s.faults {
		if f.Method != "" && !strings.EqualFold(f.Method, c.r.Method) {
			continue
		}
		if f.Path != "" && !strings.EqualFold(templatePath(f.Path), path) {
			continue
		}
		f.Times--
		if f.Times == 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		cp := *f
		return &cp
	}
	return nil
}

// run calls h, first into the void when the fault hides the outcome.
func (c *call) run(s *Sandbox, h handler) error {
	f := c.fault
	if f == nil || !f.AfterHandling {
		return h(s, c)
	}
	real := c.w
	c.w = discard{header: http.Header{}}
	err := h(s, c)
	c.w = real
	if err != nil {
		return err
	}
	c.carriedOut = true
	if !f.Reset {
		f.answer(c)
	}
	return nil
}

// answer writes the fault's response.
func (f *Fault) answer(c *call) {
	switch {
	case f.Redirect == redirectToHTTP:
		http.Redirect(c.w, c.r, "http://"+c.r.Host+c.r.URL.RequestURI(), http.StatusFound)
	case f.Redirect != "":
		http.Redirect(c.w, c.r, f.Redirect, http.StatusFound)
	case f.Status == http.StatusTooManyRequests && f.EdgeBody:
		c.w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
		c.w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
		c.w.WriteHeader(f.Status)
		_, _ = io.WriteString(c.w, "error code: 1015\n")
	case f.Status == http.StatusBadGateway:
		c.w.Header().Set("Content-Type", "text/html")
		c.w.WriteHeader(f.Status)
		_, _ = io.WriteString(c.w, "<html><head><title>502 Bad Gateway</title></head>"+
			"<body><center><h1>502 Bad Gateway</h1></center></body></html>\n")
	case f.Status == http.StatusTooManyRequests:
		c.w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
		c.w.Header().Set("Content-Type", "application/json")
		c.w.WriteHeader(f.Status)
		_ = json.NewEncoder(c.w).Encode(map[string]string{
			"error":   "ConnectWiseAPI",
			"message": "Too many requests. Please try again in " + strconv.Itoa(f.RetryAfter) + " seconds.",
		})
	case f.Status == http.StatusServiceUnavailable:
		c.w.Header().Set("Content-Type", "text/html")
		c.w.WriteHeader(f.Status)
		_, _ = io.WriteString(c.w, "<html><body><h1>503 Service Unavailable</h1></body></html>\n")
	default:
		c.fail(newError(f.Status, "InternalServerError", "An error occurred processing the request."))
	}
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// discard is a ResponseWriter that drops everything.
type discard struct{ header http.Header }

func (d discard) Header() http.Header         { return d.header }
func (d discard) Write(b []byte) (int, error) { return len(b), nil }
func (d discard) WriteHeader(int)             {}

// resetConnection drops the client's connection without an answer, with
// a TCP reset where the connection allows it.
func resetConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return // not hijackable (HTTP/2, a recorder): nothing to drop
	}
	raw := conn
	if tc, ok := conn.(*tls.Conn); ok {
		raw = tc.NetConn()
	}
	if tcp, ok := raw.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}
