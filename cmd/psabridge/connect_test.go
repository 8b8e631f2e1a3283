package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/cwsandbox"
)

// cli runs psabridge with args and returns its exit status and output.
func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestConnectPermissionsFeaturesDisconnect(t *testing.T) {
	t.Parallel()
	srv, err := cwsandbox.Start("127.0.0.1:0", cwsandbox.Config{Seed: "demo", Deny: []string{"Finance/Agreements/edit"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	company, public, private, client := srv.Sandbox.Credentials()
	data := t.TempDir()
	keyFile := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(keyFile, []byte(private+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	common := []string{"--data", data, "--allow-host", srv.URL}

	code, out, errOut := cli(t, append([]string{"connect", "--company-id", company, "--url", srv.URL,
		"--public-key", public, "--private-key-file", keyFile, "--client-id", client}, common...)...)
	if code != 0 || !strings.Contains(out, "Finance › Agreements › Edit (All)") {
		t.Fatalf("connect = %d\n%s%s", code, out, errOut)
	}
	if strings.Contains(out+errOut, private) {
		t.Error("connect printed the private key")
	}

	code, out, _ = cli(t, append([]string{"permissions", "--json"}, common...)...)
	assertPermissionsJSON(t, code, out)

	code, _, errOut = cli(t, append([]string{"features", "enable", "billing"}, common...)...)
	if code != 1 || !strings.Contains(errOut, "System › Security Roles › psabridge Integration › Finance › Agreements › Edit level → All") {
		t.Errorf("enabling billing without the right = %d: %s", code, errOut)
	}
	srv.Sandbox.SetRight("Finance", "Agreements", "edit", "All")
	code, out, errOut = cli(t, append([]string{"features", "enable", "billing"}, common...)...)
	if code != 0 || !strings.Contains(out, "billing       on") {
		t.Errorf("enabling billing after the grant = %d: %s%s", code, out, errOut)
	}

	code, out, _ = cli(t, append([]string{"disconnect"}, common...)...)
	if code != 0 || !strings.Contains(out, "mapping kept") {
		t.Errorf("disconnect = %d: %s", code, out)
	}
	code, _, errOut = cli(t, append([]string{"permissions"}, common...)...)
	if code != 1 || !strings.Contains(errOut, "not connected") {
		t.Errorf("permissions after disconnect = %d: %s", code, errOut)
	}
	if code, _, _ = cli(t, append([]string{"features", "enable"}, common...)...); code != 2 {
		t.Errorf("features with one argument exits %d; want 2 (usage)", code)
	}
}

func assertPermissionsJSON(t *testing.T, code int, out string) {
	t.Helper()
	var got struct {
		Features []struct {
			Feature string `json:"feature"`
			OK      *bool  `json:"ok"`
			Missing []struct {
				Module, Function, Level, Remediation string
			} `json:"missing"`
		} `json:"features"`
		DefaultBoard map[string]any `json:"default_board"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil {
		t.Fatalf("permissions --json = %d, output %q", code, out)
	}
	if len(got.Features) != 2 || got.Features[0].Feature != "billing" || got.Features[1].Feature != "service_desk" {
		t.Fatalf("features = %+v", got.Features)
	}
	b := got.Features[0]
	if b.OK == nil || *b.OK || len(b.Missing) != 1 || b.Missing[0].Level != "edit" || b.Missing[0].Remediation == "" {
		t.Errorf("billing = %+v; want not ok, missing Finance/Agreements/edit with remediation", b)
	}
	if got.DefaultBoard["ok"] != true {
		t.Errorf("default_board = %v", got.DefaultBoard)
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"no-such-command"},
		{"connect", "extra"},
		{"demo", "foo"},
		{"features", "enable"},
		{"connect", "--no-such-flag"},
	} {
		if code, _, errOut := cli(t, args...); code != 2 {
			t.Errorf("psabridge %v exits %d (%s); want 2", args, code, strings.TrimSpace(errOut))
		}
	}
	if code, out, _ := cli(t); code != 0 || !strings.Contains(out, "Available Commands") {
		t.Errorf("bare psabridge exits %d; want the help and 0", code)
	}
}

func TestPrivateKeyFileMustBeASmallRegularFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, make([]byte, 10000), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"/dev/zero", dir, big, filepath.Join(dir, "absent")} {
		code, _, errOut := cli(t, "connect", "--data", t.TempDir(), "--company-id", "x", "--url", "https://na.myconnectwise.net",
			"--public-key", "p", "--private-key-file", file, "--client-id", "c")
		if code != 2 || !strings.Contains(errOut, "--private-key-file") {
			t.Errorf("--private-key-file %s exits %d: %s; want 2 naming the flag", file, code, errOut)
		}
	}
}
