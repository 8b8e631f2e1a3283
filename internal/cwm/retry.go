package cwm

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"time"
)

// send sends req, retrying what is safe to send again: a GET or an
// idempotent PATCH (see idempotent) after a network error, a 5xx or a 429,
// and any request after a 429, which ConnectWise and its CDN answer before
// carrying anything out. Other writes are sent once: ConnectWise may have
// carried them out even when the answer was lost.
func (c *Client) send(req *http.Request) (*http.Response, error) {
	repeatable := req.Method == http.MethodGet || isIdempotent(req.Context())
	for attempt := 0; ; attempt++ {
		try, err := fresh(req)
		if err != nil {
			return nil, err
		}
		resp, err := c.limiter.roundTrip(c.hc, try)
		wait, again := c.retryWait(req.Context(), attempt, resp, err)
		if !again || !repeatable && (err != nil || resp.StatusCode != http.StatusTooManyRequests) {
			return resp, err
		}
		discard(resp)
		if err := sleep(req.Context(), wait); err != nil {
			return nil, notSent(err)
		}
	}
}

// fresh is a copy of req with an unread body, for one attempt.
func fresh(req *http.Request) (*http.Request, error) {
	try := req.Clone(req.Context())
	if req.GetBody == nil || req.Body == nil || req.Body == http.NoBody {
		return try, nil
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, fmt.Errorf("rewinding %s body: %w", req.Method, err)
	}
	try.Body = body
	return try, nil
}

type idempotentKey struct{}

// withIdempotent marks the requests made with ctx as safe to send again,
// e.g. a PATCH that only replaces values.
func withIdempotent(ctx context.Context) context.Context {
	return context.WithValue(ctx, idempotentKey{}, true)
}

func isIdempotent(ctx context.Context) bool {
	v, _ := ctx.Value(idempotentKey{}).(bool)
	return v
}

// retryWait decides whether attempt (counted from 0) is retried and after
// how long.
func (c *Client) retryWait(ctx context.Context, attempt int, resp *http.Response,
	err error) (time.Duration, bool) {
	if attempt >= c.cfg.MaxRetries || ctx.Err() != nil {
		return 0, false
	}
	switch {
	case err != nil:
		return c.backoff(attempt), true
	case resp.StatusCode == http.StatusTooManyRequests:
		return c.rateLimitWait(attempt, resp)
	case resp.StatusCode >= 500:
		return c.backoff(attempt), true
	}
	return 0, false
}

// rateLimitWait honours Retry-After up to MaxRetryWait. Longer advice is
// left to the caller (a durable job can wait minutes; a request should not).
func (c *Client) rateLimitWait(attempt int, resp *http.Response) (time.Duration, bool) {
	ra := retryAfter(resp.Header, time.Now())
	switch {
	case ra > c.cfg.MaxRetryWait:
		return 0, false
	case ra == 0:
		return c.backoff(attempt), true
	}
	return ra, true
}

// backoff is RetryBaseDelay doubled per attempt, capped at maxBackoff, with
// the upper half of the step jittered so parallel callers spread out.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.cfg.RetryBaseDelay << min(attempt, 16)
	if d <= 0 || d > maxBackoff {
		d = maxBackoff
	}
	half := d / 2
	return half + rand.N(half+1)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// discard drains and closes a response that will not be used, so its
// connection can be reused.
func discard(resp *http.Response) {
	if resp == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
	_ = resp.Body.Close()
}
