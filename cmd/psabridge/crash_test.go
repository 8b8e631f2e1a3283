package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/cwsandbox"
)

// buildBinary builds psabridge into a temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "psabridge")
	out, err := exec.CommandContext(t.Context(), "go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("building psabridge: %v\n%s", err, out)
	}
	return bin
}

// writeLures writes n distinct reported e-mails, each with an attachment.
func writeLures(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for i := range n {
		raw := fmt.Sprintf("From: \"IT\" <it@paypa1-secure.example>\r\nTo: user@example.com\r\n"+
			"Subject: Mailbox full (%d)\r\nMessage-ID: <crash-%d@paypa1-secure.example>\r\n"+
			"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"+
			"--b\r\nContent-Type: text/plain\r\n\r\nLog in at https://paypa1-secure.example/%d\r\n"+
			"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"i%d.pdf\"\r\n"+
			"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n", i, i, i, i)
		name := filepath.Join(dir, fmt.Sprintf("report-%03d.eml", i))
		if err := os.WriteFile(name, []byte(raw), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestCrashMidBatchResumesWithoutDuplicates kills a real psabridge process
// with SIGKILL while its jobs are ticketing a batch, runs it again on the
// same data folder, and checks every report has exactly one ticket.
func TestCrashMidBatchResumesWithoutDuplicates(t *testing.T) {
	t.Parallel()
	const n = 40
	bin := buildBinary(t)
	srv, err := cwsandbox.Start("127.0.0.1:0", cwsandbox.Config{Seed: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	company, public, private, client := srv.Sandbox.Credentials()
	args := []string{"demo", "--once", "--json", "--data", t.TempDir(), "--reports", writeLures(t, n),
		"--listen", "127.0.0.1:0", "--allow-host", srv.URL, "--cw-url", srv.URL, "--company-id", company,
		"--public-key", public, "--private-key", private, "--client-id", client}

	killMidBatch(t, bin, args, srv.Sandbox, n)
	out, err := exec.CommandContext(t.Context(), bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	checkOneTicketEach(t, srv.Sandbox, n)
}

// killMidBatch starts psabridge and kills it once some, not all, of the
// batch has tickets (ConnectWise's default pacing makes the batch take
// seconds).
func killMidBatch(t *testing.T, bin string, args []string, sb *cwsandbox.Sandbox, n int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	for ctx.Err() == nil && len(sb.Records("service/tickets")) < n/4 {
		time.Sleep(5 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	if got := len(sb.Records("service/tickets")); got >= n {
		t.Fatalf("the batch finished (%d tickets) before the kill: nothing was interrupted", got)
	}
}

// checkOneTicketEach checks the sandbox holds n tickets with distinct
// externalXRefs.
func checkOneTicketEach(t *testing.T, sb *cwsandbox.Sandbox, n int) {
	t.Helper()
	tickets := sb.Records("service/tickets")
	xrefs := map[any]int{}
	for _, tk := range tickets {
		xrefs[tk["externalXRef"]]++
	}
	if len(tickets) != n || len(xrefs) != n {
		t.Errorf("%d tickets with %d distinct externalXRefs, want %d of each", len(tickets), len(xrefs), n)
	}
}
