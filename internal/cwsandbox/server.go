package cwsandbox

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
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
	// CertPEM is the self-signed certificate of an HTTPS sandbox (PEM),
	// for a client to trust; nil when it serves plain HTTP.
	CertPEM []byte

	srv  *http.Server
	done chan error
}

// ServerOptions are how a sandbox is served.
type ServerOptions struct {
	// TLS serves HTTPS with a fresh self-signed certificate for 127.0.0.1,
	// ::1 and localhost (Server.CertPEM), as real ConnectWise insists on
	// HTTPS.
	TLS bool
}

// Start creates a sandbox and serves it over HTTP on addr; ":0" or
// "127.0.0.1:0" picks a free port.
func Start(addr string, cfg Config) (*Server, error) {
	return StartWith(addr, cfg, ServerOptions{})
}

// StartWith is Start with serving options.
func StartWith(addr string, cfg Config, opts ServerOptions) (*Server, error) {
	sb, err := New(cfg)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s: %w", addr, err)
	}
	token := newControlToken()
	mux := http.NewServeMux()
	mux.Handle(ControlPrefix, sb.controlHandler(token))
	mux.Handle("/", sb)
	s := &Server{
		URL:          fmt.Sprintf("http://127.0.0.1:%d", ln.Addr().(*net.TCPAddr).Port),
		Sandbox:      sb,
		ControlToken: token,
		srv:          &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second},
		done:         make(chan error, 1),
	}
	if opts.TLS {
		if ln, err = s.withTLS(ln); err != nil {
			return nil, err
		}
	}
	go func() { s.done <- s.srv.Serve(ln) }()
	return s, nil
}

// withTLS wraps ln in TLS with a self-signed certificate.
func (s *Server) withTLS(ln net.Listener) (net.Listener, error) {
	cert, certPEM, err := selfSigned()
	if err != nil {
		ln.Close()
		return nil, err
	}
	s.CertPEM = certPEM
	s.URL = "https" + strings.TrimPrefix(s.URL, "http")
	// HTTP/1.1 only: the fault plan's connection resets need a connection
	// of their own to drop.
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12,
		NextProtos: []string{"http/1.1"}}
	return tls.NewListener(ln, cfg), nil
}

// CertPool returns a pool trusting an HTTPS sandbox's certificate, for a
// client's tls.Config.RootCAs; nil for a plain HTTP sandbox.
func (s *Server) CertPool() *x509.CertPool {
	if s.CertPEM == nil {
		return nil
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(s.CertPEM)
	return pool
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
