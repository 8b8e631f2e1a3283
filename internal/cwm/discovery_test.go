package cwm

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNormalizeLoginURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"na.myconnectwise.net", "https://na.myconnectwise.net"},
		{"https://na.myconnectwise.net/v2025_1/ConnectWise.aspx?locale=en_US#x", "https://na.myconnectwise.net"},
		{"api-na.myconnectwise.net", "https://na.myconnectwise.net"},
		{"https://api-eu.myconnectwise.net/v4_6_release/apis/3.0/", "https://eu.myconnectwise.net"},
		{"aus-api.myconnectwise.net", "https://aus.myconnectwise.net"},
		{"eu.myconnectwise.net/", "https://eu.myconnectwise.net"},
		{"HTTPS://NA.MyConnectWise.net", "https://na.myconnectwise.net"},
		{"cw.example.com:8443", "https://cw.example.com:8443"},
		{"https://cw.example.com:8443/v4_6_release/ConnectWise.aspx", "https://cw.example.com:8443"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"  na.myconnectwise.net  ", "https://na.myconnectwise.net"},
		{"staging.connectwisedev.com", "https://staging.connectwisedev.com"},
		{"api-staging.connectwisedev.com", "https://staging.connectwisedev.com"},
		{"[::1]:9000", "https://[::1]:9000"},
		{"http://[::1]", "http://[::1]"},
		{"api-cw.example.com", "https://api-cw.example.com"},
		{"api-.myconnectwise.net", "https://api-.myconnectwise.net"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			u, err := NormalizeLoginURL(tt.in)
			if err != nil {
				t.Fatalf("NormalizeLoginURL(%q): %v", tt.in, err)
			}
			if got := u.String(); got != tt.want {
				t.Errorf("NormalizeLoginURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeLoginURLRejects(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, hint string }{
		{"empty", "", "paste the address you log in at"},
		{"blank", "   ", "paste the address you log in at"},
		{"user and password", "https://admin:hunter2@na.myconnectwise.net", "user name or password"},
		{"user only", "bob@cw.example.com", "user name or password"},
		{"ftp scheme", "ftp://na.myconnectwise.net", "https://"},
		{"javascript scheme", "javascript://alert(1)", "https://"},
		{"space inside host", "na.my connectwise.net", "contains a space"},
		{"no host", "https:///v2025_1", "no host name"},
		{"bad port", "cw.example.com:http", "cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u, err := NormalizeLoginURL(tt.in)
			if err == nil {
				t.Fatalf("NormalizeLoginURL(%q) = %v, want an error", tt.in, u)
			}
			if !strings.Contains(err.Error(), tt.hint) {
				t.Errorf("error %q does not say %q", err, tt.hint)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error %q repeats the password", err)
			}
		})
	}
}

// companyInfoServer answers /login/companyinfo/{id} with status and body,
// and records the raw path asked.
func companyInfoServer(t *testing.T, status int, contentType, body string, asked *string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*asked = r.URL.EscapedPath()
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestDiscover(t *testing.T) {
	t.Parallel()
	const json = "application/json"
	tests := []struct {
		name, body string
		want       func(host string) *Site
	}{
		{"on-premise without SiteUrl",
			`{"CompanyName":"Acme","Codebase":"v4_6_release/","VersionCode":"v2025.1","IsCloud":false}`,
			func(h string) *Site {
				return &Site{LoginURL: "http://" + h, APIBaseURL: "http://" + h + "/v4_6_release/apis/3.0",
					Codebase: "v4_6_release/", CompanyName: "Acme", Version: "v2025.1"}
			}},
		{"SiteUrl wins, codebase without slash, IsCloud string",
			`{"CompanyName":"Acme","Codebase":"v2025_1","VersionNumber":"v4.6.1","IsCloud":"True",
			  "SiteUrl":"API-NA.myconnectwise.net"}`,
			func(h string) *Site {
				return &Site{LoginURL: "http://" + h, APIBaseURL: "http://api-na.myconnectwise.net/v2025_1/apis/3.0",
					Codebase: "v2025_1/", CompanyName: "Acme", Version: "v4.6.1", Cloud: true}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var asked string
			base := companyInfoServer(t, http.StatusOK, json, tt.body, &asked)

			site, err := Discover(t.Context(), nil, base+"/v4_6_release/ConnectWise.aspx?x=1", "my co/1")
			if err != nil {
				t.Fatal(err)
			}
			host := strings.TrimPrefix(base, "http://")
			if diff := cmp.Diff(tt.want(host), site); diff != "" {
				t.Errorf("site (-want +got):\n%s", diff)
			}
			if asked != "/login/companyinfo/my%20co%2F1" {
				t.Errorf("asked %q, want the company id path-escaped", asked)
			}
		})
	}
}

func TestSiteFromCloudWithoutSiteURL(t *testing.T) {
	t.Parallel()
	login, err := NormalizeLoginURL("api-na.myconnectwise.net")
	if err != nil {
		t.Fatal(err)
	}
	site, err := siteFrom(login, &CompanyInfo{Codebase: "v2025_1/", IsCloud: true})
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://api-na.myconnectwise.net/v2025_1/apis/3.0"; site.APIBaseURL != want {
		t.Errorf("APIBaseURL = %q, want %q", site.APIBaseURL, want)
	}
}

func TestDiscoverFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		want        error
		says        string
	}{
		{"null company", 200, "application/json", "null", ErrUnknownCompany, "check the Company field"},
		{"404", 404, "text/plain", "not here", ErrUnknownCompany, `company ID "acme" is not known at`},
		{"HTML page", 200, "text/html", "<!doctype html><html>login</html>", ErrNotConnectWise, "web page"},
		{"HTML error page", 500, "text/html", "<html>oops</html>", ErrNotConnectWise, "paste the URL"},
		{"plain text", 200, "text/plain", "hello", ErrNotConnectWise, "web page"},
		{"JSON without codebase", 200, "application/json", `{"hello":"world"}`, ErrNotConnectWise, "web page"},
		{"redirect", 302, "text/plain", "", nil, "redirects"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var asked string
			base := companyInfoServer(t, tt.status, tt.contentType, tt.body, &asked)

			_, err := Discover(t.Context(), nil, base, "acme")
			if err == nil {
				t.Fatal("Discover succeeded, want an error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v is not %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("error %q does not say %q", err, tt.says)
			}
		})
	}
}

func TestDiscoverRejectsEmptyCompanyID(t *testing.T) {
	t.Parallel()
	if _, err := Discover(t.Context(), nil, "na.myconnectwise.net", " "); err == nil {
		t.Fatal("Discover with an empty company id succeeded")
	}
}

func TestDiscoverHTMLNotFoundIsNotConnectWise(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte("<html><body><h1>404 Not Found</h1></body></html>"))
	}))
	defer srv.Close()
	_, err := Discover(t.Context(), srv.Client(), srv.URL, "acme")
	if !errors.Is(err, ErrNotConnectWise) || errors.Is(err, ErrUnknownCompany) {
		t.Errorf("Discover on a web server's 404 page = %v; want ErrNotConnectWise, not an unknown company", err)
	}
}
