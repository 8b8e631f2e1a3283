package cwm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Limits on what is read from an error answer.
const (
	maxErrorBody    = 64 << 10
	maxErrorMessage = 512
)

// ErrNotConnectWise is in the chain when a server answers with a web page
// instead of the ConnectWise API, usually because the URL is wrong.
var ErrNotConnectWise = errors.New(
	"this URL serves a web page, not the ConnectWise API — paste the URL you log in at")

// ErrUnknownCompany is in the chain when ConnectWise does not know the
// company id given at login.
var ErrUnknownCompany = errors.New("unknown connectwise company id")

// ErrMaybeCreated is in the chain when a POST may have been carried out
// although no success answer arrived: a redirect answered it, or the
// connection failed after it was sent. Such a request is never retried by
// this package; look the record up (e.g. Tickets.FindByExternalXRef) before
// sending it again.
var ErrMaybeCreated = errors.New(
	"the request may have been carried out: look the record up before sending it again")

// FieldError is one entry of the errors array of a ConnectWise error body,
// e.g. Code "MaxLengthField" with Field "summary".
type FieldError struct {
	Code     string `json:"code"`
	Message  string `json:"message"`
	Resource string `json:"resource"`
	Field    string `json:"field"`
}

// Error is a non-2xx answer from ConnectWise. Code and Message come from the
// JSON body; for a non-JSON body Message holds the start of its text.
type Error struct {
	StatusCode int
	Code       string
	Message    string
	Errors     []FieldError
	Method     string
	Path       string

	cause error // ErrNotConnectWise or ErrMaybeCreated, when one applies
}

// Error describes the failed call and what ConnectWise said.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: %d", e.Method, e.Path, e.StatusCode)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	for _, fe := range e.Errors {
		fmt.Fprintf(&b, "; %s %s: %s", fe.Field, fe.Code, fe.Message)
	}
	if e.cause != nil {
		b.WriteString(" (" + e.cause.Error() + ")")
	}
	return b.String()
}

// Unwrap returns ErrNotConnectWise or ErrMaybeCreated when one applies.
func (e *Error) Unwrap() error { return e.cause }

// AuthError is a 401: ConnectWise rejected the keys or the client id.
type AuthError struct{ Err *Error }

// Error says what was rejected and what to check.
func (e *AuthError) Error() string {
	return "connectwise rejected the credentials (check the company ID, public and " +
		"private key, and client ID): " + e.Err.Error()
}

// Unwrap returns the underlying *Error.
func (e *AuthError) Unwrap() error { return e.Err }

// RateLimitError is a 429. RetryAfter is the server's advice, 0 if it gave
// none.
type RateLimitError struct {
	Err        *Error
	RetryAfter time.Duration
}

// Error says that ConnectWise throttled the call and for how long.
func (e *RateLimitError) Error() string {
	return fmt.Sprintf("connectwise is throttling requests (retry after %s): %s",
		e.RetryAfter, e.Err)
}

// Unwrap returns the underlying *Error.
func (e *RateLimitError) Unwrap() error { return e.Err }

// IsForbidden reports whether err is a 403: the API member's security role
// does not allow the call.
func IsForbidden(err error) bool { return hasStatus(err, http.StatusForbidden) }

// IsNotFound reports whether err is a 404.
func IsNotFound(err error) bool { return hasStatus(err, http.StatusNotFound) }

func hasStatus(err error, code int) bool {
	var e *Error
	return errors.As(err, &e) && e.StatusCode == code
}

// errorBody is the union of ConnectWise's usual error shape and the one its
// 429 answers use ({"error":…,"message":…}).
type errorBody struct {
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Errors  []FieldError `json:"errors"`
	Error   string       `json:"error"`
}

// checkResponse turns every non-2xx answer into a typed error. It is the
// only place that does so.
func (c *Client) checkResponse(req *http.Request, resp *http.Response) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	e := &Error{StatusCode: resp.StatusCode, Method: req.Method, Path: c.relPath(req)}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	fillFromBody(e, resp.Header.Get("Content-Type"), body)
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		describeRedirect(e, req, resp)
	}
	c.redactError(e)

	switch resp.StatusCode {
	case http.StatusUnauthorized:
		return &AuthError{Err: e}
	case http.StatusTooManyRequests:
		return &RateLimitError{Err: e, RetryAfter: retryAfter(resp.Header, time.Now())}
	}
	return e
}

// errErrorPage is ErrNotConnectWise for a web page in a 5xx answer, which
// is more often a proxy's error page while ConnectWise fails than the
// wrong URL: it says both.
type errErrorPage struct{}

func (errErrorPage) Error() string {
	return "a web page, not the API's answer: a proxy's error page while ConnectWise is failing " +
		"(retried), or not the URL you log in at"
}

// Is makes the page ErrNotConnectWise, so connect explains it as the URL.
func (errErrorPage) Is(target error) bool { return target == ErrNotConnectWise }

func fillFromBody(e *Error, contentType string, body []byte) {
	var eb errorBody
	trimmed := bytes.TrimSpace(body)
	if looksJSON(contentType, trimmed) && json.Unmarshal(trimmed, &eb) == nil {
		e.Code, e.Message, e.Errors = eb.Code, eb.Message, eb.Errors
		if e.Code == "" {
			e.Code = eb.Error
		}
		return
	}
	e.Message = firstText(trimmed, maxErrorMessage)
	switch {
	case !looksHTML(contentType, trimmed):
	case e.StatusCode >= http.StatusInternalServerError:
		e.cause = errErrorPage{}
	default:
		e.cause = ErrNotConnectWise
	}
}

func describeRedirect(e *Error, req *http.Request, resp *http.Response) {
	if loc := resp.Header.Get("Location"); loc != "" && e.Message == "" {
		e.Message = "redirected to " + firstText([]byte(loc), maxErrorMessage)
	}
	if req.Method == http.MethodPost {
		e.cause = ErrMaybeCreated
	}
}

// redactError removes the credentials from every text the server sent.
func (c *Client) redactError(e *Error) {
	r := c.creds.redact
	e.Code, e.Message = r(e.Code), r(e.Message)
	for i, fe := range e.Errors {
		e.Errors[i] = FieldError{Code: r(fe.Code), Message: r(fe.Message),
			Resource: r(fe.Resource), Field: r(fe.Field)}
	}
}

func looksJSON(contentType string, body []byte) bool {
	if strings.Contains(strings.ToLower(contentType), "json") {
		return true
	}
	return len(body) > 0 && (body[0] == '{' || body[0] == '[')
}

func looksHTML(contentType string, body []byte) bool {
	if strings.Contains(strings.ToLower(contentType), "html") {
		return true
	}
	return len(body) > 0 && body[0] == '<'
}

// firstText returns at most n bytes of b as one line of valid UTF-8.
func firstText(b []byte, n int) string {
	if len(b) > n {
		b = b[:n] // a rune cut in half is dropped by ToValidUTF8
	}
	return strings.Join(strings.Fields(strings.ToValidUTF8(string(b), "")), " ")
}

// retryAfter reads Retry-After as seconds or an HTTP date; 0 when absent or
// unreadable.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		return time.Duration(max(secs, 0)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now).Round(time.Second)
	}
	return 0
}
