// Package web serves psabridge over HTTP. This first version serves health
// and an aggregate status; the partner's UI and JSON API grow here.
package web

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/psabridge/psabridge/internal/store"
)

// Status is the aggregate state of one partner: counts only, nothing a
// reported e-mail carries.
type Status struct {
	Partner   string         `json:"partner"`
	Connected bool           `json:"connected"`
	Features  store.Features `json:"features"`
	Reports   map[string]int `json:"reports"`
}

// Handler returns the routes.
func Handler(st store.Store) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /api/v1/status", func(w http.ResponseWriter, r *http.Request) {
		status, err := statuses(r.Context(), st)
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "reading the status failed"})
			return
		}
		writeJSON(w, http.StatusOK, status)
	})
	return secureHeaders(mux)
}

func statuses(ctx context.Context, st store.Store) ([]Status, error) {
	partners, err := st.Partners(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Status, 0, len(partners))
	for _, p := range partners {
		s := Status{Partner: p.Slug, Reports: map[string]int{}}
		_, err := st.Connection(ctx, p.ID)
		s.Connected = err == nil
		if s.Features, err = st.Features(ctx, p.ID); err != nil {
			return nil, err
		}
		reports, err := st.Reports(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		for _, r := range reports {
			s.Reports[r.Status]++
		}
		out = append(out, s)
	}
	return out, nil
}

func secureHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", "default-src 'none'")
		h.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
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
