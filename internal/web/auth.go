package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/psabridge/psabridge/internal/store"
)

// sessionCookie names the session cookie. The __Host- prefix, which
// browsers accept only on Secure cookies, is used over TLS.
const sessionCookie = "psabridge_session"

// principal is who a request acts as: a signed-in user or an API token,
// always of one partner.
type principal struct {
	Partner store.Partner
	Role    string
	Actor   string // for the audit log: "user:EMAIL" or "token:NAME"
	CSRF    string // the session's CSRF token; empty for API tokens
	Email   string
	session string // the session id's hash
}

// canChange reports whether the principal may change data.
func (p *principal) canChange() bool { return p.Role == store.RoleAdmin }

type principalKey struct{}

func withPrincipal(ctx context.Context, p *principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// principalOf returns the request's principal; the auth middleware sets it.
func principalOf(r *http.Request) *principal {
	p, _ := r.Context().Value(principalKey{}).(*principal)
	return p
}

// tokenPrincipal authenticates an Authorization: Bearer token.
func (s *server) tokenPrincipal(r *http.Request) (*principal, error) {
	scheme, raw, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	raw = strings.TrimSpace(raw)
	if !ok || !strings.EqualFold(scheme, "Bearer") || !strings.HasPrefix(raw, TokenPrefix) { // the scheme is case-insensitive (RFC 9110)
		return nil, store.ErrNotFound
	}
	t, err := s.users.APITokenByHash(r.Context(), HashToken(strings.TrimSpace(raw)))
	if err != nil {
		return nil, err
	}
	p, err := s.partnerByID(r.Context(), t.PartnerID)
	if err != nil {
		return nil, err
	}
	s.noteTokenUse(r.Context(), t)
	return &principal{Partner: p, Role: t.Role, Actor: "token:" + t.Name}, nil
}

// tokenUseInterval is how often a token's use is written: at most once per
// interval per token and process (the stored time is checked too, so
// processes sharing a database mostly skip each other's writes), not on
// every request, so a platform calling the API many times a second costs
// one write a minute. The recorded "last used" may therefore lag the
// latest use by up to the interval.
const tokenUseInterval = time.Minute

// noteTokenUse records that t authenticated, unless its stored use or this
// process's last write of it is within tokenUseInterval. A failed write
// only loses a "last used" time, so it is logged and the request goes on.
func (s *server) noteTokenUse(ctx context.Context, t store.APIToken) {
	now := time.Now()
	if !s.tokenUses.due(t.ID, t.LastUsedAt, now) {
		return
	}
	if err := s.users.MarkAPITokenUsed(ctx, t.ID, now); err != nil {
		slog.WarnContext(ctx, "recording an API token's use", "token_id", t.ID, "error", err.Error())
	}
}

// tokenUses remembers when this process last wrote each token's use, so
// that concurrent requests of one token, which all read the same stored
// time, write it once.
type tokenUses struct {
	mu      sync.Mutex
	written map[int64]time.Time
}

// due reports whether the use of token id at now is to be written, given
// the stored last use, and if so counts it as written.
func (u *tokenUses) due(id int64, stored, now time.Time) bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	last := u.written[id]
	if stored.After(last) {
		last = stored
	}
	if !last.IsZero() && now.Sub(last) < tokenUseInterval {
		return false
	}
	if u.written == nil {
		u.written = map[int64]time.Time{}
	}
	u.written[id] = now
	return true
}

// sessionPrincipal authenticates the session cookie.
func (s *server) sessionPrincipal(r *http.Request) (*principal, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil, store.ErrNotFound
	}
	hash := HashToken(c.Value)
	ws, u, err := s.users.Session(r.Context(), hash)
	if err != nil {
		return nil, err
	}
	p, err := s.partnerByID(r.Context(), u.PartnerID)
	if err != nil {
		return nil, err
	}
	return &principal{Partner: p, Role: u.Role, Actor: "user:" + u.Email, CSRF: ws.CSRFToken,
		Email: u.Email, session: hash}, nil
}

// partnerByID finds a partner; the store has no lookup by id.
func (s *server) partnerByID(ctx context.Context, id int64) (store.Partner, error) {
	ps, err := s.st.Partners(ctx)
	if err != nil {
		return store.Partner{}, err
	}
	for _, p := range ps {
		if p.ID == id {
			return p, nil
		}
	}
	return store.Partner{}, store.ErrNotFound
}

// startSession signs u in: a new random session id in an HttpOnly,
// SameSite=Strict cookie, Secure over TLS.
func (s *server) startSession(w http.ResponseWriter, r *http.Request, u store.WebUser) error {
	id, err := randomString()
	if err != nil {
		return err
	}
	csrf, err := randomString()
	if err != nil {
		return err
	}
	expires := time.Now().Add(s.cfg.SessionTTL)
	err = s.users.CreateSession(r.Context(), store.WebSession{IDHash: HashToken(id), UserID: u.ID,
		CSRFToken: csrf, ExpiresAt: expires})
	if err != nil {
		return err
	}
	http.SetCookie(w, s.cookie(r, id, expires))
	return nil
}

func (s *server) cookie(r *http.Request, value string, expires time.Time) *http.Cookie {
	return &http.Cookie{Name: sessionCookie, Value: value, Path: "/", Expires: expires,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.cfg.SecureCookies || r.TLS != nil}
}

// validCSRF checks the form's or header's token against the session's, in
// constant time.
func validCSRF(r *http.Request, p *principal) bool {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf")
	}
	return p.CSRF != "" && subtle.ConstantTimeCompare([]byte(got), []byte(p.CSRF)) == 1
}

// sameOrigin rejects a state change whose Origin header, when the browser
// sent one, names another site: a second line behind the CSRF token.
func sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host
}

// attemptLimiter limits sign-in attempts per address and per client IP:
// 5 at once, then one a minute.
type attemptLimiter struct {
	mu       sync.Mutex
	limiters map[string]*rate.Limiter
}

func newAttemptLimiter() *attemptLimiter {
	return &attemptLimiter{limiters: map[string]*rate.Limiter{}}
}

// allow takes one attempt for each key; false when any key is exhausted.
func (l *attemptLimiter) allow(keys ...string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	ok := true
	for _, k := range keys {
		lim, found := l.limiters[k]
		if !found {
			// TODO: the map grows with every address tried and is never
			// pruned; a long-running server under a spraying attack holds
			// one small limiter per address tried.
			lim = rate.NewLimiter(rate.Every(time.Minute), 5)
			l.limiters[k] = lim
		}
		if !lim.Allow() {
			ok = false
		}
	}
	return ok
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// errSignIn is the one answer to every failed sign-in, so that it does not
// tell which addresses exist.
var errSignIn = errors.New("the e-mail address or the password is wrong")
