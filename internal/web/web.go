// Package web serves psabridge over HTTP: the partner's web UI (server
// rendered with html/template, progressively enhanced with a vendored
// htmx), the token-authenticated JSON API under /api/v1 with its OpenAPI
// document at /api/openapi.json, and /healthz.
//
// Every route acts for exactly one partner: the signed-in user's or the
// API token's. No route takes a partner from the request, so no request
// can reach another partner's data.
package web

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/outbound"
	"github.com/psabridge/psabridge/internal/store"
)

// Config is what the web server needs.
type Config struct {
	// Store is the database; it must implement store.Users (both backends
	// do). Required.
	Store store.Store
	// Policy is the operator's outbound policy for calls to ConnectWise;
	// nil allows public HTTPS hosts only.
	Policy *outbound.Policy
	// ClientID is the operator's ConnectWise client ID, sent with every
	// connect; the partner never types it.
	ClientID string
	// SecureCookies marks cookies Secure even when a request did not come
	// over TLS (behind a TLS-terminating proxy). Requests over TLS always
	// get Secure cookies.
	SecureCookies bool
	// Reports returns the report intake of a partner, for example one that
	// enqueues durable jobs; nil tickets each report synchronously when the
	// service desk is on.
	Reports func(ctx context.Context, partnerID int64) (*integration.Reports, error)
	// Limits paces each request's calls to ConnectWise; zero fields mean
	// ConnectWise's defaults (cwm.LimiterConfig).
	Limits cwm.LimiterConfig
	// SessionTTL is how long a sign-in lasts; 0 means 12 hours.
	SessionTTL time.Duration
	// Jobs lists and replays the partner's given-up jobs; nil makes the
	// jobs routes answer 503.
	Jobs JobAdmin
	// Pusher runs billing pushes as durable jobs; nil pushes inline, in
	// the request.
	Pusher BillingPusher
	// PushWait is how long a push or a report's replay waits for its
	// job's outcome before answering that it is queued; 0 means 20
	// seconds.
	PushWait time.Duration
	// ReportJobs, when set, runs a report's replay, and the held reports a
	// passing permission check or switching the service desk on releases,
	// as the reports' durable jobs; nil runs them in the request.
	ReportJobs integration.ReportEnqueuer
}

// Status is the aggregate state of one partner: counts only, nothing a
// reported e-mail carries.
type Status struct {
	Partner   string         `json:"partner"`
	Connected bool           `json:"connected"`
	Features  store.Features `json:"features"`
	Reports   map[string]int `json:"reports"`
}

// Handler returns the routes over st with the default configuration.
func Handler(st store.Store) http.Handler {
	h, err := New(Config{Store: st})
	if err != nil {
		// Only a store without store.Users fails; serve health alone then.
		mux := http.NewServeMux()
		mux.HandleFunc("GET /healthz", health)
		return secureHeaders(mux)
	}
	return h
}

// New returns the routes: UI, API and health.
func New(cfg Config) (http.Handler, error) {
	users, ok := cfg.Store.(store.Users)
	if !ok {
		return nil, errors.New("the store keeps no web users")
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	s := &server{cfg: cfg, st: cfg.Store, users: users, signIns: newAttemptLimiter()}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", health)
	s.apiRoutes(mux)
	s.uiRoutes(mux)
	return secureHeaders(mux), nil
}

// server is the state shared by every request.
type server struct {
	cfg     Config
	st      store.Store
	users   store.Users
	signIns *attemptLimiter
	boards  boardCache
	// tokenUses is when this process last wrote each API token's use.
	tokenUses tokenUses
}

func health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// csp allows scripts, styles and connections to this origin only: nothing
// inline, no eval, no frames, forms post only here.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func secureHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("Referrer-Policy", "same-origin") // no-referrer would make browsers send Origin: null on form posts
		w.Header().Set("X-Frame-Options", "DENY")
		h.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Serve listens on addr and serves h until ctx is done, then shuts down
// gracefully. ready, when not nil, receives the address actually bound.
func Serve(ctx context.Context, addr string, h http.Handler, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return ServeListener(ctx, ln, h, ready)
}

// ServeListener serves h on ln, which it closes, until ctx is done, then
// shuts down gracefully. A caller that listens first can report a taken
// address before doing any work.
func ServeListener(ctx context.Context, ln net.Listener, h http.Handler, ready func(net.Addr)) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
