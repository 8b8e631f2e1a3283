package integration

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/metrics"
	"github.com/psabridge/psabridge/internal/outbound"
	"github.com/psabridge/psabridge/internal/store"
)

// ConnectInput is what a partner types to connect: the four fields, plus the
// operator's ConnectWise client ID.
type ConnectInput struct {
	CompanyID  string
	URL        string // the URL the partner logs in at, in any form
	PublicKey  string
	PrivateKey string
	ClientID   string // the operator's configuration, not the partner's
}

// FieldError is a connect failure that names the field to fix.
type FieldError struct {
	Field string // company_id, url, public_key, private_key, client_id
	Err   error
}

func (e *FieldError) Error() string { return fmt.Sprintf("%s: %v", e.Field, e.Err) }
func (e *FieldError) Unwrap() error { return e.Err }

// Limits of the connect fields: far above any real value, low enough that
// nothing absurd reaches ConnectWise or an error message.
const (
	maxIDLength  = 100
	maxURLLength = 2048
	maxKeyLength = 256
)

// Validate checks that every field is filled in and of a sane length.
func (in ConnectInput) Validate() error {
	fields := []struct {
		name, value, help string
		max               int
	}{
		{"company_id", in.CompanyID, "the Company you type on the ConnectWise login screen", maxIDLength},
		{"url", in.URL, "the address you log in to ConnectWise at, e.g. na.myconnectwise.net", maxURLLength},
		{"public_key", in.PublicKey, "System › Members › API Members › the member › API Keys", maxKeyLength},
		{"private_key", in.PrivateKey, "shown once when the API key was created; create a new key if it is lost", maxKeyLength},
		{"client_id", in.ClientID, "the operator's ConnectWise developer client ID: set PSABRIDGE_CLIENT_ID (or --client-id)", maxIDLength},
	}
	for _, f := range fields {
		v := strings.TrimSpace(f.value)
		switch {
		case v == "":
			return &FieldError{Field: f.name, Err: fmt.Errorf("missing: %s", f.help)}
		case len(v) > f.max:
			return &FieldError{Field: f.name, Err: fmt.Errorf("%d characters is too long for this field (at most %d): %s",
				len(v), f.max, f.help)}
		}
	}
	return nil
}

// Connection is a working connection to a partner's ConnectWise.
type Connection struct {
	Site   *cwm.Site
	Client *cwm.Client
}

// Dial discovers the API behind the pasted URL and proves the keys work. It
// stores nothing. limiter paces the calls; nil gives the client its own
// with ConnectWise's default limits.
func Dial(ctx context.Context, hc *http.Client, in ConnectInput, limiter *cwm.Limiter) (*Connection, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	site, err := cwm.Discover(ctx, hc, strings.TrimSpace(in.URL), strings.TrimSpace(in.CompanyID))
	if err != nil {
		return nil, explainConnect(err, "url")
	}
	client, err := cwm.NewClient(cwm.Config{BaseURL: site.APIBaseURL, LoginURL: site.LoginURL, HTTPClient: hc,
		Limiter: limiter, Credentials: cwm.Credentials{
			CompanyID: strings.TrimSpace(in.CompanyID), PublicKey: strings.TrimSpace(in.PublicKey),
			PrivateKey: strings.TrimSpace(in.PrivateKey), ClientID: strings.TrimSpace(in.ClientID),
		}})
	if err != nil {
		return nil, &FieldError{Field: "url", Err: err}
	}
	if _, _, err := client.System.Info(ctx); err != nil {
		return nil, explainConnect(err, "url")
	}
	return &Connection{Site: site, Client: client}, nil
}

// NewHTTPClient is the client psabridge calls ConnectWise with: bounded,
// never following a redirect (a redirect after a POST hides whether the
// record was created), and dialing only where the operator's outbound
// policy allows. Every call is counted in metrics.Default.
func NewHTTPClient(p *outbound.Policy) *http.Client {
	if p == nil {
		p = &outbound.Policy{}
	}
	hc := p.HTTPClient(60 * time.Second)
	hc.Transport = metrics.Default.Transport(hc.Transport)
	return hc
}

// Save stores a working connection for the partner, the private key sealed.
func Save(ctx context.Context, st store.Store, partnerID int64, in ConnectInput, site *cwm.Site) error {
	return st.SaveConnection(ctx, store.Connection{
		PartnerID: partnerID, CompanyID: strings.TrimSpace(in.CompanyID), LoginURL: site.LoginURL,
		APIBaseURL: site.APIBaseURL, Codebase: site.Codebase, PublicKey: strings.TrimSpace(in.PublicKey),
		PrivateKey: strings.TrimSpace(in.PrivateKey), ClientID: strings.TrimSpace(in.ClientID),
	})
}

// Open builds a client from a stored connection. The client follows
// ConnectWise to a new codebase on release day (through the login URL), and
// paces its calls with limiter, which every client of the same connection
// should share; nil gives it its own.
func Open(hc *http.Client, c store.Connection, limiter *cwm.Limiter) (*cwm.Client, error) {
	return cwm.NewClient(cwm.Config{BaseURL: c.APIBaseURL, LoginURL: c.LoginURL, HTTPClient: hc, Limiter: limiter,
		Credentials: cwm.Credentials{
			CompanyID: c.CompanyID, PublicKey: c.PublicKey, PrivateKey: c.PrivateKey, ClientID: c.ClientID,
		}})
}
