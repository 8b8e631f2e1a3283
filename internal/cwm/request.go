package cwm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// maxBody bounds a successful answer; the largest list page (1000 rows)
// is far below it.
const maxBody = 64 << 20

// mediaType is ConnectWise's vendor JSON type; the version parameter pins
// the model version.
const mediaType = "application/vnd.connectwise.com+json"

// newRequest builds a request to path (relative to the base URL) with the
// auth and version headers every call carries.
func (c *Client) newRequest(ctx context.Context, method, path string, query url.Values,
	body io.Reader, contentType string) (*http.Request, error) {
	base := c.currentBase()
	u := *base
	u.Path = base.Path + "/" + strings.TrimLeft(path, "/")
	u.RawQuery = encodeQuery(query)

	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("building %s %s: %w", method, path, err)
	}
	req.Header.Set("Authorization", "Basic "+c.creds.basicAuth())
	req.Header["clientId"] = []string{c.creds.ClientID} // sent with ConnectWise's spelling
	req.Header.Set("Accept", mediaType+"; version="+c.cfg.APIVersion)
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req, nil
}

// newJSONRequest is newRequest with v encoded as the JSON body.
func (c *Client) newJSONRequest(ctx context.Context, method, path string,
	v any) (*http.Request, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding %s %s body: %w", method, path, err)
	}
	return c.newRequest(ctx, method, path, nil, bytes.NewReader(b), "application/json")
}

// encodeQuery encodes v with spaces as %20: ConnectWise reads a literal '+'
// in a query as a space, so url.Values' '+' for space is ambiguous to it.
// Literal '+' in values is already %2B after Encode.
func encodeQuery(v url.Values) string {
	return strings.ReplaceAll(v.Encode(), "+", "%20")
}

// do sends req, turns a failure into a typed error and decodes a success
// into v (when v is not nil).
func (c *Client) do(req *http.Request, v any) (*Response, error) {
	resp, err := c.send(req)
	if err != nil {
		return nil, c.transportError(req, err)
	}
	if resp.StatusCode == http.StatusNotFound {
		if moved := c.followCodebase(req); moved != nil {
			discard(resp)
			req = moved
			if resp, err = c.send(req); err != nil {
				return nil, c.transportError(req, err)
			}
		}
	}
	defer resp.Body.Close()

	r := newResponse(resp)
	if err := c.checkResponse(req, resp); err != nil {
		return r, err
	}
	if v == nil {
		return r, nil
	}
	return r, c.decode(req, resp, v)
}

func (c *Client) decode(req *http.Request, resp *http.Response, v any) error {
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return fmt.Errorf("reading %s %s answer: %w", req.Method, c.relPath(req), err)
	}
	body = bytes.TrimSpace(body)
	if looksHTML(resp.Header.Get("Content-Type"), body) {
		return fmt.Errorf("reading %s %s answer: %w", req.Method, c.relPath(req), ErrNotConnectWise)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("decoding %s %s answer: %w", req.Method, c.relPath(req), err)
	}
	return nil
}

// transportError wraps a failure to get any answer. A POST that may have
// reached the server carries ErrMaybeCreated.
func (c *Client) transportError(req *http.Request, err error) error {
	if req.Method == http.MethodPost && maybeSent(err) {
		return fmt.Errorf("sending %s %s: %w: %w", req.Method, c.relPath(req), ErrMaybeCreated, err)
	}
	return fmt.Errorf("sending %s %s: %w", req.Method, c.relPath(req), err)
}

// maybeSent reports whether the request could have reached the server
// before err happened. Only failures to resolve or connect prove it did not.
func maybeSent(err error) bool {
	var dnsErr *net.DNSError
	var ns *notSentError
	if errors.As(err, &dnsErr) || errors.As(err, &ns) {
		return false
	}
	var opErr *net.OpError
	return !errors.As(err, &opErr) || opErr.Op != "dial"
}

// apiRoot ends the path of every base URL ConnectWise serves its API at.
const apiRoot = "/apis/3.0"

// relPath is the request path below the base URL, as errors show it. The
// base may have moved since the request was built, so the path is cut
// after the API root rather than after the current base.
func (c *Client) relPath(req *http.Request) string {
	p := req.URL.Path
	if i := strings.Index(p, apiRoot); i >= 0 {
		p = p[i+len(apiRoot):]
	} else {
		p = strings.TrimPrefix(p, c.currentBase().Path)
	}
	if p == "" {
		return "/"
	}
	return p
}

// getOne fetches the single record at path.
func getOne[T any](ctx context.Context, c *Client, path string) (*T, *Response, error) {
	req, err := c.newRequest(ctx, http.MethodGet, path, nil, nil, "")
	if err != nil {
		return nil, nil, err
	}
	v := new(T)
	resp, err := c.do(req, v)
	if err != nil {
		return nil, resp, err
	}
	return v, resp, nil
}

// sendJSON sends body as JSON with method and decodes the answer.
func sendJSON[T any](ctx context.Context, c *Client, method, path string,
	body any) (*T, *Response, error) {
	req, err := c.newJSONRequest(ctx, method, path, body)
	if err != nil {
		return nil, nil, err
	}
	v := new(T)
	resp, err := c.do(req, v)
	if err != nil {
		return nil, resp, err
	}
	return v, resp, nil
}
