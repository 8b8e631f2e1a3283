package cwsandbox

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Server is a sandbox listening on a local TCP port.
type Server struct {
	// URL is the login URL, http://127.0.0.1:PORT, where
	// /login/companyinfo/{companyId} answers.
	URL string
	// Sandbox is the emulator behind the listener.
	Sandbox *Sandbox
	// ControlToken authenticates calls to the control API under
	// ControlPrefix.
	ControlToken string

	srv  *http.Server
	done chan error
}

// Start creates a sandbox and serves it on addr; ":0" or "127.0.0.1:0"
// picks a free port.
func Start(addr string, cfg Config) (*Server, error) {
	sb, err := New(cfg)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", addr, err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	token := newControlToken()
	mux := http.NewServeMux()
	mux.Handle(ControlPrefix, sb.controlHandler(token))
	mux.Handle("/", sb)
	s := &Server{
		URL:          fmt.Sprintf("http://127.0.0.1:%d", port),
		Sandbox:      sb,
		ControlToken: token,
		srv:          &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second},
		done:         make(chan error, 1),
	}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

// APIURL returns the API base URL, http://127.0.0.1:PORT/<codebase>apis/3.0.
func (s *Server) APIURL() string {
	return s.URL + "/" + s.Sandbox.Codebase() + "apis/3.0"
}

// Close stops the server, waiting briefly for calls in flight.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if serveErr := <-s.done; !errors.Is(serveErr, http.ErrServerClosed) && err == nil {
		err = serveErr
	}
	return err
}
