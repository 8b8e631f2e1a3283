package cwm

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Defaults applied by NewClient to zero Config fields.
const (
	DefaultAPIVersion     = "2025.16"
	DefaultUserAgent      = "psabridge"
	DefaultTimeout        = 60 * time.Second
	DefaultMaxRetries     = 3
	DefaultRetryBaseDelay = 250 * time.Millisecond
	DefaultMaxRetryWait   = 30 * time.Second
)

// maxBackoff caps one exponential backoff step between retries of a read.
const maxBackoff = 2 * time.Second

// Config configures a Client. The zero value of every optional field means
// the default named in its comment.
type Config struct {
	// BaseURL is the API base, e.g.
	// https://api-na.myconnectwise.net/v2025_1/apis/3.0 (see Discover).
	// Required.
	BaseURL string
	// Credentials are the API member's keys and the integration's client
	// id. All four fields are required.
	Credentials Credentials
	// HTTPClient sends the requests. Nil means a client with a 60s timeout.
	// Redirects are never followed, whichever client is given.
	HTTPClient *http.Client
	// APIVersion pins the model version in the Accept header. Default
	// "2025.16".
	APIVersion string
	// UserAgent is sent as User-Agent. Default "psabridge".
	UserAgent string
	// MaxRetries is how often a GET is retried after a network error, a
	// 5xx or a 429. Default 3; negative disables retries.
	MaxRetries int
	// RetryBaseDelay is the first backoff step; each retry doubles it (with
	// jitter, capped at 2s). Default 250ms.
	RetryBaseDelay time.Duration
	// MaxRetryWait is the longest Retry-After a GET waits for after a 429.
	// A longer advice is returned to the caller as *RateLimitError.
	// Default 30s.
	MaxRetryWait time.Duration
	// LoginURL is the URL the partner logs in at (Site.LoginURL). When set,
	// an unexpected 404 makes the client re-read companyinfo once and, if
	// ConnectWise moved the API to a new codebase (it does on every cloud
	// release), retry the call there and keep using the new base URL.
	// Empty disables this.
	LoginURL string
	// Limiter paces the requests. Nil means a limiter of the client's own,
	// built from Limits; give every client of one connection the same
	// Limiter so that together they stay within ConnectWise's limit.
	Limiter *Limiter
	// Limits configures the client's own limiter when Limiter is nil;
	// zero fields mean the LimiterConfig defaults.
	Limits LimiterConfig
}

// Client talks to one ConnectWise Manage instance as one API member. It is
// safe for concurrent use.
type Client struct {
	creds   Credentials
	hc      *http.Client
	cfg     Config
	limiter *Limiter

	mu   sync.RWMutex
	base *url.URL // changes when ConnectWise moves to a new codebase

	// Companies reads company/companies.
	Companies *CompaniesService
	// Contacts reads company/contacts.
	Contacts *ContactsService
	// Agreements reads finance/agreements and updates their additions.
	Agreements *AgreementsService
	// Catalog reads procurement/catalog.
	Catalog *CatalogService
	// Tickets creates and reads service/tickets and their notes.
	Tickets *TicketsService
	// Documents uploads and lists system/documents.
	Documents *DocumentsService
	// System reads system/info, myMembers and mySecurity.
	System *SystemService
	// Boards reads service/boards.
	Boards *BoardsService
	// Priorities reads service/priorities.
	Priorities *PrioritiesService
	// Sources reads service/sources.
	Sources *SourcesService
}

// service is what every API area holds: the client it calls through.
type service struct{ client *Client }

// NewClient validates cfg and returns a client. The error names the first
// missing or malformed field.
func NewClient(cfg Config) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("creating connectwise client: %w", err)
	}
	base, _ := parseBaseURL(cfg.BaseURL) // checked by Validate
	cfg = withDefaults(cfg)

	c := &Client{base: base, creds: cfg.Credentials, hc: noRedirects(cfg.HTTPClient), cfg: cfg,
		limiter: cfg.Limiter}
	if c.limiter == nil {
		c.limiter = NewLimiter(cfg.Limits)
	}
	s := &service{client: c}
	c.Companies = (*CompaniesService)(s)
	c.Contacts = (*ContactsService)(s)
	c.Agreements = (*AgreementsService)(s)
	c.Catalog = (*CatalogService)(s)
	c.Tickets = (*TicketsService)(s)
	c.Documents = (*DocumentsService)(s)
	c.System = (*SystemService)(s)
	c.Boards = (*BoardsService)(s)
	c.Priorities = (*PrioritiesService)(s)
	c.Sources = (*SourcesService)(s)
	return c, nil
}

// Validate reports the first required field that is missing or malformed.
func (cfg Config) Validate() error {
	if _, err := parseBaseURL(cfg.BaseURL); err != nil {
		return err
	}
	if f := cfg.Credentials.missingField(); f != "" {
		return fmt.Errorf("%s is required", f)
	}
	return nil
}

// BaseURL returns the API base URL the client calls now; it changes when
// the client follows ConnectWise to a new codebase (see Config.LoginURL).
func (c *Client) BaseURL() string { return c.currentBase().String() }

func (c *Client) currentBase() *url.URL {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.base
}

// parseBaseURL checks and cleans the base URL. Its errors never repeat the
// URL, which could hold a password.
func parseBaseURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, errors.New("BaseURL is required")
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return nil, errors.New("BaseURL is not a URL")
	case u.User != nil:
		return nil, errors.New("BaseURL must not contain a user name or password")
	case u.Scheme != "https" && u.Scheme != "http" || u.Host == "":
		return nil, errors.New("BaseURL must be an http or https URL, " +
			"e.g. https://api-na.myconnectwise.net/v2025_1/apis/3.0")
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath, u.RawQuery, u.Fragment = "", "", ""
	return u, nil
}

func withDefaults(cfg Config) Config {
	if cfg.APIVersion == "" {
		cfg.APIVersion = DefaultAPIVersion
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	if cfg.RetryBaseDelay <= 0 {
		cfg.RetryBaseDelay = DefaultRetryBaseDelay
	}
	if cfg.MaxRetryWait <= 0 {
		cfg.MaxRetryWait = DefaultMaxRetryWait
	}
	return cfg
}

// noRedirects returns a copy of hc (or a default client) that hands every
// 3xx back to the caller. ConnectWise's cloud proxy has answered POSTs with
// a redirect after creating the record; following it would turn the POST
// into a GET and hide that the record exists.
func noRedirects(hc *http.Client) *http.Client {
	var c http.Client
	if hc != nil {
		c = *hc
	} else {
		c.Timeout = DefaultTimeout
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}
	return &c
}
