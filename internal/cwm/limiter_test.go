package cwm

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestInFlightCap(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	lim := NewLimiter(LimiterConfig{RequestsPerSecond: 1e6, Burst: 100, MaxInFlight: 2})
	c.limiter = lim
	var now, peak atomic.Int32
	arrived := make(chan struct{}, 10)
	release := make(chan struct{})
	handle(mux, "GET", "/service/boards/9", func(w http.ResponseWriter, r *http.Request) {
		n := now.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		arrived <- struct{}{}
		<-release
		now.Add(-1)
		writeJSON(t, w, http.StatusOK, map[string]int{"id": 9})
	})

	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			if _, _, err := c.Boards.Get(t.Context(), 9); err != nil {
				t.Errorf("Get: %v", err)
			}
		})
	}
	for range 6 {
		<-arrived // a third arrival before a release would break the cap
		if p := peak.Load(); p > 2 {
			t.Fatalf("%d requests in flight, want at most 2", p)
		}
		release <- struct{}{}
	}
	wg.Wait()
}

func TestRateLimitWaitsForItsToken(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	c.limiter = NewLimiter(LimiterConfig{RequestsPerSecond: 1.0 / 3600, Burst: 2})
	handle(mux, "GET", "/service/boards/9", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(t, w, http.StatusOK, map[string]int{"id": 9})
	})
	for range 2 {
		if _, _, err := c.Boards.Get(t.Context(), 9); err != nil {
			t.Fatalf("Get within the burst: %v", err)
		}
	}
	// The next token comes in an hour; a caller with a minute to spare is
	// told at once instead of waiting.
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	if _, _, err := c.Boards.Get(ctx, 9); err == nil {
		t.Fatal("third Get within the hour succeeded, want the rate limit to hold it")
	}
}

func TestLimiterRefusalIsNotMaybeCreated(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	c.limiter = NewLimiter(LimiterConfig{MaxInFlight: 1})
	hold, err := c.limiter.acquire(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer hold()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, _, err = c.Tickets.Create(ctx, &Ticket{Summary: "s"})
	if err == nil || errors.Is(err, ErrMaybeCreated) {
		t.Errorf("Create while no slot is free = %v, want a failure that was certainly not sent", err)
	}
}

func TestSharedLimiterSpansClients(t *testing.T) {
	t.Parallel()
	lim := NewLimiter(LimiterConfig{RequestsPerSecond: 1.0 / 3600, Burst: 1})
	a, mux := setup(t)
	handle(mux, "GET", "/service/boards/9", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(t, w, http.StatusOK, map[string]int{"id": 9})
	})
	b, err := NewClient(Config{BaseURL: a.BaseURL(), Credentials: testCreds, Limiter: lim})
	if err != nil {
		t.Fatal(err)
	}
	a.limiter = lim
	if _, _, err := a.Boards.Get(t.Context(), 9); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	if _, _, err := b.Boards.Get(ctx, 9); err == nil {
		t.Fatal("second client ignored the shared limiter")
	}
}
