package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/outbound"
	"github.com/psabridge/psabridge/internal/store"
	"github.com/psabridge/psabridge/internal/store/storetest"
)

// TestScaleOutTwoServeProcesses runs two psabridge serve processes on one
// PostgreSQL: 1,000 reports become exactly 1,000 tickets, both processes
// work, and the billing schedule's periodic job runs once.
func TestScaleOutTwoServeProcesses(t *testing.T) {
	t.Parallel()
	const n = 1000
	url, dataDir := storetest.PostgresURL(t), t.TempDir()
	bin := buildBinary(t)
	srv, err := cwsandbox.Start("127.0.0.1:0", cwsandbox.Config{Seed: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	st, partnerID, reporter := preparePartner(t, url, dataDir, srv)

	args := []string{"serve", "--database-url", url, "--data", dataDir, "--listen", "127.0.0.1:0",
		"--allow-host", srv.URL, "--workers", "8", "--cw-requests-per-second", "5000"}
	startServe(t, bin, args)
	startServe(t, bin, args)
	receiveMany(t, st, partnerID, reporter, n)

	waitAllTicketed(t, st, partnerID, n)
	checkOneTicketEach(t, srv.Sandbox, n)
	checkSharedWork(t, st.DB())
}

// preparePartner opens the store, connects a partner to the sandbox with
// the service desk on, maps a reporter and makes its billing schedule due.
func preparePartner(t *testing.T, url, dataDir string, srv *cwsandbox.Server) (store.Transactional, int64, string) {
	t.Helper()
	ctx := t.Context()
	st, err := openStore(ctx, dataDir, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p, err := st.CreatePartner(ctx, "acme", "Acme MSP")
	must(t, err)
	policy := &outbound.Policy{}
	policy.Allow(srv.URL)
	svc := &integration.Service{Store: st, Policy: policy, Actor: "test",
		Limits: cwm.LimiterConfig{RequestsPerSecond: 10000, Burst: 1000}}
	company, public, private, client := srv.Sandbox.Credentials()
	_, err = svc.Connect(ctx, p.ID, integration.ConnectInput{CompanyID: company, URL: srv.URL,
		PublicKey: public, PrivateKey: private, ClientID: client})
	must(t, err)
	must(t, svc.SetFeature(ctx, p.ID, integration.FeatureServiceDesk, true))

	c, err := st.UpsertPlatformCompany(ctx, store.PlatformCompany{PartnerID: p.ID, ExternalID: "c1", Name: "Acme Corp"})
	must(t, err)
	email := cwsandbox.DemoCompanies()[0].ContactEmails[0]
	_, err = st.UpsertEndUser(ctx, store.EndUser{PartnerID: p.ID, CompanyID: c.ID, Email: email, Active: true, Billable: true})
	must(t, err)
	must(t, st.SaveMapping(ctx, store.Mapping{PartnerID: p.ID, PlatformCompanyID: c.ID, CWCompanyID: 2,
		CWCompanyName: "Acme Corporation", Method: "manual", Confidence: 1}))
	b, err := st.BillingSettings(ctx, p.ID)
	must(t, err)
	b.Schedule, b.Hour, b.TimeZone = "daily", 0, "UTC"
	must(t, st.SaveBillingSettings(ctx, b))
	return st, p.ID, email
}

// startServe starts a serve process, waits until it serves, and kills it
// when the test ends.
func startServe(t *testing.T, bin string, args []string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	stderr, err := cmd.StderrPipe()
	must(t, err)
	must(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })

	lines := bufio.NewScanner(stderr)
	for lines.Scan() {
		if strings.Contains(lines.Text(), "msg=serving") {
			go io.Copy(io.Discard, stderr) //nolint:errcheck // drain the rest
			return
		}
	}
	t.Fatal("serve exited before serving")
}

// receiveMany receives n distinct reports with their jobs, as intake does.
func receiveMany(t *testing.T, st store.Transactional, partnerID int64, reporter string, n int) {
	t.Helper()
	q, err := jobs.Open(t.Context(), st.DB(), st.Engine(), jobs.Handlers{}, jobs.Config{Workers: -1})
	must(t, err)
	reports := &integration.Reports{Store: st, PartnerID: partnerID, Queue: q}
	for i := range n {
		raw := fmt.Appendf(nil, "From: <it@paypa1-secure.example>\r\nSubject: Mailbox full (%d)\r\n"+
			"Message-ID: <scale-%d@paypa1-secure.example>\r\n\r\nLog in at https://paypa1-secure.example/%d\r\n", i, i, i)
		_, _, err := reports.Receive(t.Context(), fmt.Sprintf("r%d.eml", i), raw, reporter)
		must(t, err)
	}
}

// waitAllTicketed waits until the partner's n reports are ticketed.
func waitAllTicketed(t *testing.T, st store.Store, partnerID int64, n int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
	defer cancel()
	for {
		reps, err := st.Reports(ctx, partnerID)
		if err != nil {
			t.Fatalf("waiting for %d tickets: %v", n, err)
		}
		done := 0
		for _, r := range reps {
			if r.Status == integration.StatusTicketed {
				done++
			}
		}
		if done == n {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// checkSharedWork checks both processes worked report jobs, and that the
// billing schedule's job ran once.
func checkSharedWork(t *testing.T, db *sql.DB) {
	t.Helper()
	var workers, billingRuns int
	must(t, db.QueryRowContext(t.Context(), `SELECT count(DISTINCT attempted_by[array_length(attempted_by, 1)])
		FROM river_job WHERE kind = $1`, jobs.KindReport).Scan(&workers))
	must(t, db.QueryRowContext(t.Context(), `SELECT count(*) FROM river_job WHERE kind = $1 AND state = 'completed'`,
		jobs.KindBilling).Scan(&billingRuns))
	if workers != 2 {
		t.Errorf("report jobs were worked by %d processes, want 2", workers)
	}
	if billingRuns != 1 {
		t.Errorf("the billing schedule's job completed %d times, want once", billingRuns)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
