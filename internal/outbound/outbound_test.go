package outbound

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
)

func TestRefusesInternalDestinations(t *testing.T) {
	t.Parallel()
	client := (&Policy{}).HTTPClient(5 * time.Second)
	targets := []string{
		"https://127.0.0.1/",
		"https://127.8.9.10:8443/",
		"https://localhost/",                // a name that resolves to loopback
		"https://[::1]/",                    // IPv6 loopback
		"https://[::ffff:127.0.0.1]/",       // IPv4-mapped IPv6
		"https://[::ffff:169.254.169.254]/", // mapped metadata address
		"https://169.254.169.254/latest/meta-data/",
		"https://[fe80::1]/",
		"https://10.1.2.3/",
		"https://172.16.0.1/",
		"https://192.168.1.1/",
		"https://[fd00::1]/", // unique local IPv6
		"https://100.64.0.1/",
		"https://224.0.0.1/",
		"https://0.0.0.0/",
		"https://[::]/",
		"https://2130706433/", // 127.0.0.1 in decimal
		"https://0x7f000001/", // in hex
		"https://0177.0.0.1/", // in octal
		"https://127.1/",      // shortened
		"http://93.184.216.34/",
	}
	for _, target := range targets {
		t.Run(target, func(t *testing.T) {
			t.Parallel()
			resp, err := client.Get(target)
			if err == nil {
				resp.Body.Close()
				t.Fatalf("GET %s succeeded; want it refused", target)
			}
			if !errors.Is(err, ErrRefused) {
				t.Errorf("GET %s: %v; want ErrRefused", target, err)
			}
		})
	}
}

func TestAllowedHostIsReachableOverHTTP(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	p := &Policy{}
	p.Allow(srv.URL)

	resp, err := p.HTTPClient(5 * time.Second).Get(srv.URL + "/x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("status = %d", resp.StatusCode)
	}
}

func TestAllowingOnePortDoesNotAllowAnother(t *testing.T) {
	t.Parallel()
	p := &Policy{AllowHosts: []string{"127.0.0.1:9"}}
	u, _ := url.Parse("https://127.0.0.1:10/")
	if err := p.CheckURL(u); !errors.Is(err, ErrRefused) {
		t.Errorf("CheckURL(%s) = %v; want refused", u, err)
	}
	u, _ = url.Parse("http://127.0.0.1:9/")
	if err := p.CheckURL(u); err != nil {
		t.Errorf("CheckURL(%s) = %v; want allowed", u, err)
	}
}

func TestRedirectIsNotFollowed(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.RedirectHandler("http://169.254.169.254/", http.StatusFound))
	defer srv.Close()
	p := &Policy{}
	p.Allow(srv.URL)

	resp, err := p.HTTPClient(5 * time.Second).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Errorf("status = %d; want the redirect itself, not followed", resp.StatusCode)
	}
}
