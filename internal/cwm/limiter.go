package cwm

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"

	"golang.org/x/time/rate"
)

// Defaults of a Limiter. ConnectWise starts throttling an integration near
// 1,000 requests a minute and recommends few requests in flight per tenant.
const (
	DefaultRequestsPerSecond = 15
	DefaultBurst             = 15
	DefaultMaxInFlight       = 4
)

// LimiterConfig configures a Limiter. Zero fields mean the defaults.
type LimiterConfig struct {
	// RequestsPerSecond is the sustained rate. Default 15 (900 a minute,
	// under the 1,000 at which ConnectWise starts throttling).
	RequestsPerSecond float64
	// Burst is how many requests may start at once after a quiet spell.
	// Default 15.
	Burst int
	// MaxInFlight caps the requests waiting for an answer at one time.
	// Default 4.
	MaxInFlight int
}

// Limiter paces the requests of one ConnectWise connection: a token bucket
// for the rate and a cap on requests in flight, so one partner can neither
// exceed ConnectWise's limit nor take every connection of the process.
// Share one Limiter between all clients of the same connection (see
// Config.Limiter). It is safe for concurrent use.
type Limiter struct {
	rate  *rate.Limiter
	slots chan struct{}
}

// NewLimiter returns a limiter for one connection.
func NewLimiter(cfg LimiterConfig) *Limiter {
	if cfg.RequestsPerSecond <= 0 {
		cfg.RequestsPerSecond = DefaultRequestsPerSecond
	}
	if cfg.Burst <= 0 {
		cfg.Burst = DefaultBurst
	}
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = DefaultMaxInFlight
	}
	return &Limiter{
		rate:  rate.NewLimiter(rate.Limit(cfg.RequestsPerSecond), cfg.Burst),
		slots: make(chan struct{}, cfg.MaxInFlight),
	}
}

// acquire waits for a slot and a token. The returned release gives the slot
// back; it is safe to call more than once.
func (l *Limiter) acquire(ctx context.Context) (release func(), err error) {
	select {
	case l.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, notSent(fmt.Errorf("waiting for a free connection slot: %w", ctx.Err()))
	}
	if err := l.rate.Wait(ctx); err != nil {
		<-l.slots
		return nil, notSent(fmt.Errorf("waiting for the request rate limit: %w", err))
	}
	var once sync.Once
	return func() { once.Do(func() { <-l.slots }) }, nil
}

// roundTrip sends req through hc within the limits. The slot is held until
// the answer's body is closed, since the connection is busy until then.
func (l *Limiter) roundTrip(hc *http.Client, req *http.Request) (*http.Response, error) {
	release, err := l.acquire(req.Context())
	if err != nil {
		return nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		release()
		return nil, err
	}
	resp.Body = &releasingBody{ReadCloser: resp.Body, release: release}
	return resp, nil
}

// releasingBody frees a limiter slot when the body is closed.
type releasingBody struct {
	io.ReadCloser
	release func()
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}

// notSentError marks a failure that happened before the request left the
// process, so a POST that fails with it was certainly not carried out.
type notSentError struct{ err error }

func notSent(err error) error { return &notSentError{err: err} }

func (e *notSentError) Error() string { return e.err.Error() }
func (e *notSentError) Unwrap() error { return e.err }
