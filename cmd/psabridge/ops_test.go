package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/store"
)

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Body.String()
}

func TestOpsRoutesHealthReadinessAndMetrics(t *testing.T) {
	t.Parallel()
	st, err := store.Open(t.Context(), store.Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithCancel(t.Context())
	h := withOps(ctx, http.NotFoundHandler(), st)

	if code, _ := get(t, h, "/healthz"); code != http.StatusOK {
		t.Errorf("/healthz = %d", code)
	}
	if code, body := get(t, h, "/readyz"); code != http.StatusOK {
		t.Errorf("/readyz = %d %s", code, body)
	}
	if code, body := get(t, h, "/metrics"); code != http.StatusOK || !strings.Contains(body, "psabridge_reports_received 0") {
		t.Errorf("/metrics = %d\n%s", code, body)
	}
	if code, _ := get(t, h, "/other"); code != http.StatusNotFound {
		t.Errorf("/other = %d, want the wrapped handler's 404", code)
	}
	cancel()
	if code, body := get(t, h, "/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "draining") {
		t.Errorf("/readyz while shutting down = %d %s", code, body)
	}
}

func TestDoctorNamesTheMissingRightAndWhereToFixIt(t *testing.T) {
	t.Parallel()
	srv, err := cwsandbox.Start("127.0.0.1:0", cwsandbox.Config{Seed: "demo", Deny: []string{"Finance/Agreements/edit"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	company, public, private, client := srv.Sandbox.Credentials()
	keyFile := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(keyFile, []byte(private), 0o600); err != nil {
		t.Fatal(err)
	}
	common := []string{"--data", t.TempDir(), "--allow-host", srv.URL}
	code, out, errOut := cli(t, append([]string{"connect", "--company-id", company, "--url", srv.URL,
		"--public-key", public, "--private-key-file", keyFile, "--client-id", client}, common...)...)
	if code != 0 {
		t.Fatalf("connect = %d\n%s%s", code, out, errOut)
	}

	code, out, errOut = cli(t, append([]string{"doctor"}, common...)...)
	for _, want := range []string{"ok   database: sqlite", "ok   partner default: encryption key",
		"FIX  partner default: billing needs Finance › Agreements › Edit (All)", "ok   partner default: service_desk rights"} {
		if !strings.Contains(out, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, out)
		}
	}
	if code != 1 || strings.Contains(out+errOut, private) {
		t.Errorf("doctor = %d (want 1), or printed the private key\n%s", code, errOut)
	}
}

func TestConfigCheckExplainsAndHidesSecrets(t *testing.T) {
	t.Setenv("PSABRIDGE_WORKERS", "0")
	t.Setenv("PSABRIDGE_CLIENT_ID", "client-s3cr3t")
	code, out, errOut := cli(t, "config", "check")
	if code != 1 || !strings.Contains(errOut, "PSABRIDGE_WORKERS 0: at least 1") ||
		!strings.Contains(out, "PSABRIDGE_CLIENT_ID") || strings.Contains(out+errOut, "s3cr3t") {
		t.Errorf("config check = %d\n%s%s", code, out, errOut)
	}
}
