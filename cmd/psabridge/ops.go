package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/psabridge/psabridge/internal/logctx"
	"github.com/psabridge/psabridge/internal/metrics"
	"github.com/psabridge/psabridge/internal/store"
)

// withOps serves /metrics, /healthz and /readyz beside h. /readyz fails
// once ctx is done, so a load balancer stops sending work to a process that
// is draining its workers.
func withOps(ctx context.Context, h http.Handler, st store.Transactional) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics.Handler(metrics.Default, st.DB()))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if reason := notReady(ctx, r.Context(), st); reason != "" {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(reason + "\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	mux.Handle("/", h)
	return mux
}

// notReady names why the process should not take work, or "".
func notReady(serving, req context.Context, st store.Transactional) string {
	if serving.Err() != nil {
		return "shutting down: workers are draining"
	}
	ctx, cancel := context.WithTimeout(req, 2*time.Second)
	defer cancel()
	if err := st.DB().PingContext(ctx); err != nil {
		return "database unreachable"
	}
	// A database ahead of this binary is normal during a rolling upgrade
	// (the new version migrated first); one behind it lacks what this
	// binary's code uses (restored from an old backup, migrated down).
	current, latest, err := store.SchemaVersions(ctx, st.DB(), st.Engine())
	if err != nil {
		return "database schema unreadable"
	}
	if current < latest {
		return fmt.Sprintf("database schema at migration %d, behind this binary's %d: run psabridge migrate",
			current, latest)
	}
	return ""
}

// newLogger returns the process's logger: format is "json" or "text"
// (default), level one of debug, info, warn, error.
func newLogger(w interface{ Write([]byte) (int, error) }, format, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToLower(level))); err != nil {
		l = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: l}
	if format == "json" {
		return slog.New(logctx.NewHandler(slog.NewJSONHandler(w, opts)))
	}
	return slog.New(logctx.NewHandler(slog.NewTextHandler(w, opts)))
}

// requestIDHeader carries a request's id in the response (and may carry
// the caller's own id in the request).
const requestIDHeader = "X-Request-Id"

// withRequestIDs gives every request an id: the caller's X-Request-Id when
// it is a plain token, else a new one. The id is in the response header,
// in the request's context (so every log line written with it names
// request_id) and in one line logged per request. The line names the path
// without its query, which can carry a reporter's e-mail address.
//
// TODO: internal/web logs its failures with slog.Error, without the
// request's context, so those lines lack request_id; passing r.Context()
// there (slog.ErrorContext) would tie them to the request line.
func withRequestIDs(log *slog.Logger, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(requestIDHeader)
		if !plainID(id) {
			id = newRequestID()
		}
		w.Header().Set(requestIDHeader, id)
		ctx := logctx.With(r.Context(), slog.String("request_id", id))
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		start := time.Now()
		h.ServeHTTP(rec, r.WithContext(ctx))
		level := slog.LevelInfo
		if opsPath(r.URL.Path) {
			level = slog.LevelDebug // probes and scrapes every few seconds
		}
		log.LogAttrs(ctx, level, "request", slog.String("method", r.Method),
			slog.String("path", r.URL.Path), slog.Int("status", rec.status),
			slog.Int64("duration_ms", time.Since(start).Milliseconds()))
	})
}

// opsPath reports whether path is a probe's or a scraper's.
func opsPath(path string) bool {
	return path == "/healthz" || path == "/readyz" || path == "/metrics"
}

// plainID reports whether a caller's request id may be reused: 1 to 64
// letters, digits, '-', '_' or '.', nothing that could forge a log field.
func plainID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.", c)) {
			return false
		}
	}
	return true
}

// newRequestID returns 16 random hex digits.
func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read does not fail
	return hex.EncodeToString(b[:])
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

// WriteHeader implements http.ResponseWriter.
func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
