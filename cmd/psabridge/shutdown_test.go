package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/store"
)

// TestSIGTERMMidBatchLosesNothing starts a real psabridge serve, submits a
// batch of reports through the JSON API with a token from admin token
// create, sends SIGTERM while the batch is being ticketed, and checks the
// process exits 0 within its shutdown grace, no job is left running, every
// report is ticketed or still queued, and a restart tickets each once.
func TestSIGTERMMidBatchLosesNothing(t *testing.T) {
	t.Parallel()
	const n, grace = 30, 2 * time.Second
	bin, dataDir := buildBinary(t), t.TempDir()
	srv, err := cwsandbox.Start("127.0.0.1:0", cwsandbox.Config{Seed: "demo"})
	must(t, err)
	defer srv.Close()
	st, partnerID, reporter := preparePartner(t, "", dataDir, srv)
	token := createToken(t, bin, dataDir)

	// A slow pace keeps the batch running for seconds, and jobs waiting on
	// the pacer when the grace ends are the ones released.
	args := []string{"serve", "--data", dataDir, "--listen", "127.0.0.1:0", "--allow-host", srv.URL,
		"--workers", "4", "--cw-requests-per-second", "4", "--shutdown-grace", grace.String()}
	p := startServeProcess(t, bin, args)
	requestIDs := submitReports(t, p.address, token, reporter, n)
	waitTickets(t, srv.Sandbox, 2)

	start := time.Now()
	must(t, p.cmd.Process.Signal(syscall.SIGTERM))
	if err := p.wait(); err != nil {
		t.Fatalf("serve after SIGTERM: %v\n%s", err, p.log())
	}
	took := time.Since(start)
	t.Logf("serve exited %s after SIGTERM (grace %s) with %d of %d tickets", took, grace,
		len(srv.Sandbox.Records("service/tickets")), n)
	// The grace bounds the jobs; the HTTP server's drain and closing the
	// database come on top, so allow a margin rather than a race.
	if took > grace+10*time.Second {
		t.Errorf("serve took %s to exit after SIGTERM, grace %s", took, grace)
	}
	if got := len(srv.Sandbox.Records("service/tickets")); got >= n {
		t.Fatalf("the batch finished (%d tickets) before SIGTERM: nothing was interrupted", got)
	}
	checkNothingRunning(t, st)
	checkTicketedOrQueued(t, st, partnerID, n)
	checkServeLog(t, p.log(), requestIDs, reporter)

	args[len(args)-3] = "200" // the restart need not be slow
	startServeProcess(t, bin, args)
	waitAllTicketed(t, st, partnerID, n)
	checkOneTicketEach(t, srv.Sandbox, n)
}

// createToken runs psabridge admin token create --json and returns the
// token.
func createToken(t *testing.T, bin, dataDir string) string {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), bin, "admin", "token", "create", "--json",
		"--data", dataDir, "--name", "shutdown-test").Output()
	if err != nil {
		t.Fatalf("admin token create: %v", err)
	}
	var tok struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(out, &tok); err != nil || tok.Token == "" {
		t.Fatalf("admin token create printed no token: %v", err)
	}
	return tok.Token
}

// serveProcess is a running psabridge serve and its log.
type serveProcess struct {
	cmd     *exec.Cmd
	address string
	mu      sync.Mutex
	stderr  bytes.Buffer
	done    chan error
}

// startServeProcess starts serve, waits for its "serving" line and kills
// it when the test ends if it is still running.
func startServeProcess(t *testing.T, bin string, args []string) *serveProcess {
	t.Helper()
	p := &serveProcess{cmd: exec.Command(bin, args...), done: make(chan error, 1)}
	pipe, err := p.cmd.StderrPipe()
	must(t, err)
	must(t, p.cmd.Start())
	t.Cleanup(func() { _ = p.cmd.Process.Kill(); <-p.done })

	addr := make(chan string, 1)
	go func() {
		lines := bufio.NewScanner(pipe)
		for lines.Scan() {
			p.mu.Lock()
			p.stderr.WriteString(lines.Text() + "\n")
			p.mu.Unlock()
			if a, ok := servingAddress(lines.Text()); ok {
				addr <- a
			}
		}
		_, _ = io.Copy(io.Discard, pipe)
		p.done <- p.cmd.Wait()
	}()
	select {
	case p.address = <-addr:
		return p
	case err := <-p.done:
		p.done <- err
		t.Fatalf("serve exited before serving: %v\n%s", err, p.log())
	}
	return nil
}

// servingAddress finds the address in serve's "serving" log line.
func servingAddress(line string) (string, bool) {
	if !strings.Contains(line, "msg=serving") {
		return "", false
	}
	for field := range strings.FieldsSeq(line) {
		if a, ok := strings.CutPrefix(field, "address="); ok {
			return a, true
		}
	}
	return "", false
}

// wait waits for the process to exit; an error is a non-zero status.
func (p *serveProcess) wait() error {
	err := <-p.done
	p.done <- err
	return err
}

// log is what the process wrote to standard error so far.
func (p *serveProcess) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// submitReports posts n distinct reported messages to the JSON API and
// returns the X-Request-Id of each response.
func submitReports(t *testing.T, address, token, reporter string, n int) []string {
	t.Helper()
	var ids []string
	for i := range n {
		raw := fmt.Sprintf("From: <it@paypa1-secure.example>\r\nSubject: Mailbox full (%d)\r\n"+
			"Message-ID: <sigterm-%d@paypa1-secure.example>\r\n\r\nLog in at https://paypa1-secure.example/%d\r\n", i, i, i)
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost,
			"http://"+address+"/api/v1/reports?reporter="+reporter, strings.NewReader(raw))
		must(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "message/rfc822")
		res, err := http.DefaultClient.Do(req)
		must(t, err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("submitting report %d: %s %s", i, res.Status, body)
		}
		ids = append(ids, res.Header.Get(requestIDHeader))
	}
	return ids
}

// checkServeLog checks every API request's line names its request id, the
// report jobs' lines name job_id, report_id and partner_id, and the
// reporter's address and the messages' text appear nowhere.
func checkServeLog(t *testing.T, log string, requestIDs []string, reporter string) {
	t.Helper()
	for _, id := range requestIDs {
		if id == "" || !strings.Contains(log, "request_id="+id) {
			t.Errorf("no log line of request %q", id)
		}
	}
	jobLines := 0
	for line := range strings.Lines(log) {
		if strings.Contains(line, "report job") {
			jobLines++
			for _, key := range []string{"job_id=", "report_id=", "partner_id="} {
				if !strings.Contains(line, key) {
					t.Errorf("a report job's log line lacks %s: %s", key, line)
				}
			}
		}
	}
	if jobLines == 0 {
		t.Errorf("no report job logged its work:\n%s", log)
	}
	for _, private := range []string{reporter, "Log in at"} {
		if strings.Contains(log, private) {
			t.Errorf("the log holds %q", private)
		}
	}
}

// waitTickets waits until the sandbox holds at least n tickets.
func waitTickets(t *testing.T, sb *cwsandbox.Sandbox, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	for len(sb.Records("service/tickets")) < n {
		if ctx.Err() != nil {
			t.Fatalf("waiting for %d tickets: %v", n, ctx.Err())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// checkNothingRunning checks River holds no job in state running.
func checkNothingRunning(t *testing.T, st store.Transactional) {
	t.Helper()
	var running int
	must(t, st.DB().QueryRowContext(t.Context(),
		`SELECT count(*) FROM river_job WHERE state = 'running'`).Scan(&running))
	if running != 0 {
		t.Errorf("%d jobs are left in state running after shutdown", running)
	}
}

// checkTicketedOrQueued checks the partner has n reports and each is
// ticketed or has a report job that will still run.
func checkTicketedOrQueued(t *testing.T, st store.Transactional, partnerID int64, n int) {
	t.Helper()
	reps, err := st.Reports(t.Context(), partnerID)
	must(t, err)
	if len(reps) != n {
		t.Fatalf("%d reports stored, want %d", len(reps), n)
	}
	queued, err := pendingReportJobs(t.Context(), st)
	must(t, err)
	var ticketed, waiting int
	for _, r := range reps {
		switch {
		case r.Status == integration.StatusTicketed:
			ticketed++
		case queued[r.ID]:
			waiting++
		default:
			t.Errorf("report %d is %s with no job left to ticket it", r.ID, r.Status)
		}
	}
	t.Logf("after SIGTERM: %d reports ticketed, %d still queued", ticketed, waiting)
	if waiting == 0 {
		t.Errorf("no report was left queued: the test did not interrupt the batch")
	}
}

// pendingReportJobs returns the reports whose job will still run.
func pendingReportJobs(ctx context.Context, st store.Transactional) (map[int64]bool, error) {
	args := "args::text"
	if st.Engine() == store.EngineSQLite {
		args = "json(args)" // River keeps them as JSONB there
	}
	rows, err := st.DB().QueryContext(ctx, `SELECT `+args+` FROM river_job WHERE kind = $1
		AND state IN ('available', 'scheduled', 'retryable', 'pending')`, jobs.KindReport)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return nil, err
		}
		var a jobs.ReportArgs
		if err := json.Unmarshal(raw, &a); err != nil {
			return nil, errors.Join(fmt.Errorf("job args %q", raw), err)
		}
		out[a.ReportID] = true
	}
	return out, rows.Err()
}
