package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

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
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
