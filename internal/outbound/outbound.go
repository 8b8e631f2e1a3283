// Package outbound decides where psabridge may send requests. The
// ConnectWise URL is typed by a partner, so without a policy a partner could
// make psabridge call the operator's own network: loopback services, the
// cloud metadata endpoint at 169.254.169.254, other hosts on the LAN. The
// policy refuses loopback, private, link-local, multicast and unspecified
// addresses after DNS resolution, at dial time (so a name re-resolved to
// such an address between check and connect is refused too), unless the
// operator allowed that host explicitly.
package outbound

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// ErrRefused is returned, wrapped, for every destination the policy
// refuses.
var ErrRefused = errors.New("refused by the outbound policy (the operator allows a host with --allow-host or PSABRIDGE_ALLOW_HOST)")

// Policy is the operator's outbound policy. The zero value allows only
// public addresses over HTTPS.
type Policy struct {
	// AllowHosts are hosts (name or IP, optionally with :port) that may be
	// reached even on a loopback or private address, and over plain HTTP:
	// an on-premise ConnectWise on the LAN, or the local sandbox.
	AllowHosts []string
	// Resolver resolves host names; nil means the system's.
	Resolver *net.Resolver
}

// Allow adds the host of rawURL (or a bare host[:port]) to the allowed
// hosts.
func (p *Policy) Allow(rawURL string) {
	host := rawURL
	if u, err := url.Parse(rawURL); err == nil && u.Host != "" {
		host = u.Host
	}
	p.AllowHosts = append(p.AllowHosts, strings.ToLower(host))
}

// allowed reports whether host:port was allowed explicitly.
func (p *Policy) allowed(host, port string) bool {
	host = strings.ToLower(strings.Trim(host, "[]"))
	for _, a := range p.AllowHosts {
		ah, ap, err := net.SplitHostPort(a)
		if err != nil {
			ah, ap = a, ""
		}
		if strings.Trim(ah, "[]") == host && (ap == "" || ap == port) {
			return true
		}
	}
	return false
}

// CheckURL refuses a URL the policy would not dial: plain HTTP to a host not
// allowed, or a host written as an IP address in an unusual notation.
func (p *Policy) CheckURL(u *url.URL) error {
	host, port := u.Hostname(), u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	if p.allowed(host, port) {
		return nil
	}
	if u.Scheme != "https" {
		return fmt.Errorf("%w: %s uses %s; ConnectWise requires HTTPS (the operator can allow a local host with --allow-host or PSABRIDGE_ALLOW_HOST)",
			ErrRefused, u.Host, u.Scheme)
	}
	if obscureIP(host) {
		return fmt.Errorf("%w: %q looks like an IP address in an unusual notation", ErrRefused, host)
	}
	if addr, err := netip.ParseAddr(host); err == nil {
		return checkAddr(addr)
	}
	return nil
}

// checkAddr refuses addresses inside the operator's or the cloud's own
// network.
func checkAddr(addr netip.Addr) error {
	a := addr.Unmap()
	switch {
	case a.IsLoopback():
		return fmt.Errorf("%w: %s is a loopback address", ErrRefused, addr)
	case a.IsPrivate() || sharedSpace.Contains(a):
		return fmt.Errorf("%w: %s is a private address", ErrRefused, addr)
	case a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast():
		return fmt.Errorf("%w: %s is a link-local address (cloud metadata lives there)", ErrRefused, addr)
	case a.IsMulticast() || a.IsInterfaceLocalMulticast():
		return fmt.Errorf("%w: %s is a multicast address", ErrRefused, addr)
	case a.IsUnspecified() || thisNetwork.Contains(a):
		return fmt.Errorf("%w: %s is an unspecified address", ErrRefused, addr)
	}
	return nil
}

var (
	sharedSpace = netip.MustParsePrefix("100.64.0.0/10") // carrier-grade NAT
	thisNetwork = netip.MustParsePrefix("0.0.0.0/8")
)

// obscureIP reports hosts that some resolvers read as IPv4 addresses but
// that are not in dotted-decimal form: 2130706433, 0x7f000001, 0177.0.0.1,
// 127.1.
func obscureIP(host string) bool {
	if _, err := netip.ParseAddr(host); err == nil || host == "" {
		return false
	}
	for _, part := range strings.Split(host, ".") {
		if part == "" {
			return false
		}
		p := strings.ToLower(part)
		digits := strings.TrimPrefix(p, "0x")
		for _, r := range digits {
			if !strings.ContainsRune("0123456789abcdef", r) || (p == digits && r > '9') {
				return false
			}
		}
	}
	return true
}

// DialContext dials like net.Dialer but refuses, at connect time, every
// address the policy does not allow.
func (p *Policy) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	d := &net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second, Resolver: p.Resolver}
	if !p.allowed(host, port) {
		d.Control = func(_, addr string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(addr)
			if err != nil {
				return fmt.Errorf("%w: cannot read %s", ErrRefused, addr)
			}
			if err := checkAddr(ap.Addr()); err != nil {
				return fmt.Errorf("%s resolves to a refused address: %w", host, err)
			}
			return nil
		}
	}
	return d.DialContext(ctx, network, address)
}

// HTTPClient returns a client that dials through the policy, checks every
// URL before sending, and never follows redirects (a redirect after a POST
// hides whether the record was created; a redirect could also lead off the
// allowed hosts).
func (p *Policy) HTTPClient(timeout time.Duration) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = p.DialContext
	tr.Proxy = nil // a proxy would dial on our behalf and bypass the policy
	return &http.Client{
		Timeout:       timeout,
		Transport:     &checkingTransport{policy: p, next: tr},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

type checkingTransport struct {
	policy *Policy
	next   http.RoundTripper
}

func (t *checkingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := t.policy.CheckURL(r.URL); err != nil {
		return nil, err
	}
	return t.next.RoundTrip(r)
}
