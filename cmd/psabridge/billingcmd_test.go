package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/cwsandbox"
)

// TestImportMapAndBill walks the partner's billing journey on the command
// line against the demo sandbox: import companies, auto-map, preview, push
// and read the history.
func TestImportMapAndBill(t *testing.T) {
	t.Parallel()
	common := connectForTest(t)
	csvFile := filepath.Join(t.TempDir(), "companies.csv")
	body := "external_id,name,domains,billable_users\n" +
		"c1,ACME Corp.,acme-corp.example,17\n" +
		"c2,Fabrikam,fabrikam.example,4\n" +
		"c3,Blue Sky Ventures,,2\n" +
		"c4,Trey Research Inc,treyresearch.example,9\n"
	if err := os.WriteFile(csvFile, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}

	mustRun(t, append([]string{"companies", "import", csvFile}, common...)...)
	out := mustRun(t, append([]string{"map", "auto", "--apply", "--json"}, common...)...)
	var rows []map[string]any
	if err := json.Unmarshal([]byte(lastLine(out)), &rows); err != nil || len(rows) != 4 {
		t.Fatalf("map auto --json = %q (%v), want 4 rows", out, err)
	}
	for _, key := range []string{"external_id", "platform_name", "cw_company_id", "cw_company_name",
		"method", "confidence", "applied", "reason"} {
		if _, ok := rows[0][key]; !ok {
			t.Errorf("map auto --json row lacks %q: %v", key, rows[0])
		}
	}
	if rows[0]["applied"] != true || rows[2]["applied"] != false {
		t.Errorf("map auto applied = %v, %v; want Acme applied and the prospect not",
			rows[0]["applied"], rows[2]["applied"])
	}

	out = mustRun(t, append([]string{"billing", "preview"}, common...)...)
	for _, want := range []string{"→ 17", "not pushed: not mapped to a ConnectWise company",
		"Trey Research Inc\"              not pushed: no agreement addition mapped"} {
		if !strings.Contains(out, want) {
			t.Errorf("billing preview lacks %q:\n%s", want, out)
		}
	}
	// Queued for a serve that is not running, then pushed by a push that
	// joins it and runs it: one push, one history line per addition.
	out = mustRun(t, append([]string{"billing", "push", "--yes", "--no-wait", "--json"}, common...)...)
	var queued map[string]any
	if err := json.Unmarshal([]byte(lastLine(out)), &queued); err != nil || queued["state"] != "queued" ||
		queued["job_id"] == nil {
		t.Fatalf("billing push --no-wait --json = %q (%v); want the queued job", out, err)
	}
	out = mustRun(t, append([]string{"billing", "push", "--yes"}, common...)...)
	if !strings.Contains(out, "1 pushed, 0 failed") && !strings.Contains(out, "pushed, 0 failed") {
		t.Errorf("billing push printed no outcome:\n%s", out)
	}
	out = mustRun(t, append([]string{"billing", "history"}, common...)...)
	if n := strings.Count(out, "ACME Corp."); n != 1 {
		t.Errorf("ACME's addition is %d times in the history, want once:\n%s", n, out)
	}
	if !strings.Contains(out, "→ 17 ok") || !strings.Contains(out, `"ACME Corp."`) {
		t.Errorf("billing history lacks the pushed change with its company's name:\n%s", out)
	}
	out = mustRun(t, append([]string{"billing", "history", "--json"}, common...)...)
	var hist []map[string]any
	if err := json.Unmarshal([]byte(lastLine(out)), &hist); err != nil || len(hist) == 0 {
		t.Fatalf("billing history --json = %q: %v", out, err)
	}
	names := map[any]any{}
	for _, h := range hist {
		names[h["external_id"]] = h["company_name"]
	}
	if names["c1"] != "ACME Corp." || names["c2"] != "Fabrikam" {
		t.Errorf("billing history --json names = %v; want c1 ACME Corp. and c2 Fabrikam", names)
	}
}

// connectForTest starts the demo sandbox for the test and connects a
// fresh data folder to it; it returns the flags every later command needs.
func connectForTest(t *testing.T) []string {
	t.Helper()
	srv, err := cwsandbox.Start("127.0.0.1:0", cwsandbox.Config{Seed: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	company, public, private, client := srv.Sandbox.Credentials()
	keyFile := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(keyFile, []byte(private), 0o600); err != nil {
		t.Fatal(err)
	}
	common := []string{"--data", t.TempDir(), "--allow-host", srv.URL}
	mustRun(t, append([]string{"connect", "--company-id", company, "--url", srv.URL,
		"--public-key", public, "--private-key-file", keyFile, "--client-id", client}, common...)...)

	return common
}

// mustRun runs psabridge and fails the test unless it exits 0.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := cli(t, args...)
	if code != 0 {
		t.Fatalf("psabridge %s = %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}

	return out
}

// lastLine returns the last non-empty line of out.
func lastLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return lines[len(lines)-1]
}
