package cwm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// cloudDomains are the domains of ConnectWise's hosted instances, where a UI
// host x.<domain> serves its API at api-x.<domain>.
var cloudDomains = []string{".myconnectwise.net", ".connectwisedev.com"}

// maxCompanyInfo bounds the companyinfo answer, a few hundred bytes.
const maxCompanyInfo = 1 << 20

// Site is where a ConnectWise instance serves its API, as discovered from
// the URL a partner logs in at.
type Site struct {
	// LoginURL is the normalised login URL: scheme and host only.
	LoginURL string
	// APIBaseURL is the base URL for Config.BaseURL.
	APIBaseURL string
	// Codebase is the release path, e.g. "v2025_1/", with a trailing slash.
	Codebase string
	// CompanyName is the instance's display name.
	CompanyName string
	// Version is the release, e.g. "v2025.1".
	Version string
	// Cloud reports whether ConnectWise hosts the instance.
	Cloud bool
}

// siteError is an error for the person who typed the URL, with a sentinel
// to test for.
type siteError struct {
	msg string
	err error
}

func (e *siteError) Error() string { return e.msg }
func (e *siteError) Unwrap() error { return e.err }

// NormalizeLoginURL turns what a person pastes as their ConnectWise address
// into scheme://host[:port]: the scheme defaults to https (an explicit http
// is kept), the host is lower-cased, path, query and fragment are dropped,
// and a cloud API host (api-na.myconnectwise.net) is mapped back to its
// login host.
func NormalizeLoginURL(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, errors.New("the ConnectWise URL is empty: paste the address you log in at, " +
			"e.g. na.myconnectwise.net")
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	if err := checkAuthority(s); err != nil {
		return nil, err
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("the ConnectWise URL %q cannot be read: paste the address you "+
			"log in at, e.g. na.myconnectwise.net", raw)
	}
	if err := checkLoginURL(u); err != nil {
		return nil, err
	}
	return &url.URL{Scheme: u.Scheme, Host: loginHost(u)}, nil
}

// checkAuthority rejects spaces in the host part before url.Parse gives a
// less helpful message.
func checkAuthority(s string) error {
	_, rest, _ := strings.Cut(s, "://")
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		rest = rest[:i]
	}
	if strings.ContainsAny(rest, " \t\r\n") {
		return fmt.Errorf("the host name %q contains a space: paste the address you log in at, "+
			"e.g. na.myconnectwise.net", rest)
	}
	return nil
}

func checkLoginURL(u *url.URL) error {
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return fmt.Errorf("the ConnectWise URL must start with https:// (or http:// for a "+
			"local test server), not %s://", u.Scheme)
	case u.User != nil:
		return errors.New("the ConnectWise URL must not contain a user name or password: " +
			"paste only the address you log in at, and enter the keys in their own fields")
	case u.Hostname() == "":
		return errors.New("the ConnectWise URL has no host name: paste the address you " +
			"log in at, e.g. na.myconnectwise.net")
	}
	return nil
}

// loginHost is the lower-cased host (with any port) where companyinfo is
// asked, mapping cloud API hosts to their login hosts.
func loginHost(u *url.URL) string {
	host := strings.ToLower(u.Hostname())
	for _, d := range cloudDomains {
		name, ok := strings.CutSuffix(host, d)
		if !ok || strings.Contains(name, ".") {
			continue
		}
		if region, ok := strings.CutPrefix(name, "api-"); ok && region != "" {
			host = region + d
		} else if region, ok := strings.CutSuffix(name, "-api"); ok && region != "" {
			host = region + d
		}
	}
	return joinHostPort(host, u.Port())
}

func joinHostPort(host, port string) string {
	if port != "" {
		return net.JoinHostPort(host, port)
	}
	if strings.Contains(host, ":") {
		return "[" + host + "]"
	}
	return host
}

// Discover asks the instance behind loginURL where its API lives
// (GET /login/companyinfo/{companyID}, which needs no credentials) and
// returns the site. hc nil means a client with a 30s timeout that does not
// follow redirects.
func Discover(ctx context.Context, hc *http.Client, loginURL, companyID string) (*Site, error) {
	u, err := NormalizeLoginURL(loginURL)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(companyID) == "" {
		return nil, errors.New("the company ID is empty: enter the Company you type on the " +
			"ConnectWise login screen")
	}
	info, err := fetchCompanyInfo(ctx, hc, u, companyID)
	if err != nil {
		return nil, err
	}
	return siteFrom(u, info)
}

func fetchCompanyInfo(ctx context.Context, hc *http.Client, u *url.URL,
	companyID string) (*CompanyInfo, error) {
	target := u.String() + "/login/companyinfo/" + url.PathEscape(companyID)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, fmt.Errorf("building company info request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", DefaultUserAgent)
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second, CheckRedirect: stopRedirects}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("asking %s for company %q: %w", u.Host, companyID, err)
	}
	defer resp.Body.Close()

	body, err := io.ReadAll(io.LimitReader(resp.Body, maxCompanyInfo))
	if err != nil {
		return nil, fmt.Errorf("reading company info from %s: %w", u.Host, err)
	}
	return parseCompanyInfo(u.Host, companyID, resp, bytes.TrimSpace(body))
}

func stopRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func parseCompanyInfo(host, companyID string, resp *http.Response,
	body []byte) (*CompanyInfo, error) {
	ct := resp.Header.Get("Content-Type")
	switch {
	case resp.StatusCode == http.StatusNotFound && looksHTML(ct, body):
		// A web server's own "not found" page: this host is no ConnectWise.
		return nil, &siteError{msg: ErrNotConnectWise.Error(), err: ErrNotConnectWise}
	case resp.StatusCode == http.StatusNotFound || string(body) == "null":
		return nil, unknownCompany(host, companyID)
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return nil, fmt.Errorf("%s redirects to %q: paste the address you log in at "+
			"after the redirect", host, resp.Header.Get("Location"))
	case resp.StatusCode != http.StatusOK && looksHTML(ct, body):
		return nil, &siteError{msg: ErrNotConnectWise.Error(), err: ErrNotConnectWise}
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("asking %s for company %q: status %d: %s",
			host, companyID, resp.StatusCode, firstText(body, maxErrorMessage))
	}
	var info CompanyInfo
	isJSON := len(body) > 0 && body[0] == '{' && json.Unmarshal(body, &info) == nil
	if !isJSON || info.Codebase == "" {
		return nil, &siteError{msg: ErrNotConnectWise.Error(), err: ErrNotConnectWise}
	}
	return &info, nil
}

func unknownCompany(host, companyID string) error {
	return &siteError{err: ErrUnknownCompany, msg: fmt.Sprintf("company ID %q is not known "+
		"at %s: check the Company field you type on the ConnectWise login screen", companyID, host)}
}

// siteFrom builds the API base URL:
// <scheme>://<SiteUrl, else the api- host for cloud, else the login host>/<Codebase>apis/3.0.
// The login scheme is kept, so a local http sandbox stays http.
func siteFrom(login *url.URL, info *CompanyInfo) (*Site, error) {
	cloud := truthy(info.IsCloud)
	host, err := apiHost(login, info.SiteURL, cloud)
	if err != nil {
		return nil, err
	}
	codebase := strings.Trim(info.Codebase, "/") + "/"
	version := info.VersionCode
	if version == "" {
		version = info.VersionNumber
	}
	return &Site{
		LoginURL:    login.String(),
		APIBaseURL:  login.Scheme + "://" + host + "/" + codebase + "apis/3.0",
		Codebase:    codebase,
		CompanyName: info.CompanyName,
		Version:     version,
		Cloud:       cloud,
	}, nil
}

func apiHost(login *url.URL, siteURL string, cloud bool) (string, error) {
	if s := strings.TrimSpace(siteURL); s != "" {
		return siteHost(s)
	}
	host := login.Hostname()
	if cloud && net.ParseIP(host) == nil && !strings.HasPrefix(host, "api-") {
		host = "api-" + host
	}
	return joinHostPort(host, login.Port()), nil
}

// siteHost reads the SiteUrl companyinfo gives, a bare host in practice;
// a scheme or path around it is tolerated and dropped.
func siteHost(s string) (string, error) {
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Hostname() == "" || u.User != nil {
		return "", &siteError{msg: fmt.Sprintf("ConnectWise named an unusable API host %q", s),
			err: ErrNotConnectWise}
	}
	return joinHostPort(strings.ToLower(u.Hostname()), u.Port()), nil
}

// truthy reads IsCloud, a bool in new releases and "True"/"False" in old.
func truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		b, err := strconv.ParseBool(strings.TrimSpace(x))
		return err == nil && b
	}
	return false
}
