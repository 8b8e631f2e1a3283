package cwm

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"time"
)

// send sends req once, or for a GET up to MaxRetries more times after a
// network error, a 5xx or a 429. Writes are sent once: ConnectWise may have
// carried them out even when the answer was lost.
func (c *Client) send(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet {
		return c.hc.Do(req)
	}
	for attempt := 0; ; attempt++ {
		resp, err := c.hc.Do(req.Clone(req.Context()))
		wait, again := c.retryWait(req.Context(), attempt, resp, err)
		if !again {
			return resp, err
		}
		discard(resp)
		if err := sleep(req.Context(), wait); err != nil {
			return nil, err
		}
	}
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
