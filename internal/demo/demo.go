package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/outbound"
	"github.com/psabridge/psabridge/internal/store"
	"github.com/psabridge/psabridge/internal/web"
)

// Config is what the demo runs with.
type Config struct {
	DataDir    string // the embedded database's folder; required
	ReportsDir string // files to submit as reports; "" means Samples
	Listen     string // address to serve on after the run, e.g. 127.0.0.1:8080
	Once       bool   // exit after the run instead of serving
	JSON       bool   // the summary as one JSON object on the last line of Stdout
	// ConnectWise is the instance to use; nil starts the built-in sandbox.
	// The operator chose it, so its host is allowed by the outbound policy
	// even on a loopback or private address.
	ConnectWise *integration.ConnectInput
	// Policy is the operator's outbound policy; nil allows only public
	// HTTPS hosts besides the one above.
	Policy *outbound.Policy
	// Limits paces the calls to ConnectWise; zero fields mean ConnectWise's
	// defaults, except with the embedded sandbox, which is not paced.
	Limits cwm.LimiterConfig
	Stdout io.Writer
	Stderr io.Writer
}

// Refusal is a report that did not become a ticket, and why.
type Refusal struct {
	File   string `json:"file"`
	Reason string `json:"reason"`
}

// Summary is what the demo did.
type Summary struct {
	Reports int `json:"reports"`
	Tickets int `json:"tickets"`
	// AlreadyTicketed counts the tickets of reports an earlier run had
	// ticketed already; they are part of Tickets.
	AlreadyTicketed int       `json:"already_ticketed"`
	Documents       int       `json:"documents"`
	Refused         []Refusal `json:"refused"`
	Mapped          int       `json:"mapped"`
	Unmapped        int       `json:"unmapped"`
	BillingChanges  int       `json:"billing_changes"`
	ElapsedSeconds  float64   `json:"elapsed_seconds"`
}

// run carries the demo's state between its steps.
type run struct {
	cfg     Config
	out     io.Writer // steps and tables, for a person
	store   store.Store
	partner store.Partner
	svc     *integration.Service
	client  *cwm.Client
	policy  *outbound.Policy
	sandbox *cwsandbox.Server
	boardID int
	files   []string     // the reports to submit, listed before anything changes
	signIn  string       // how to sign in to the web UI
	ln      net.Listener // where to serve afterwards, bound before anything changes
	queue   *jobs.Queue  // the durable jobs, worked until the demo ends
}

// Run runs the demo: every step, the summary, then (unless Once) serving
// until ctx is done.
func Run(ctx context.Context, cfg Config) (Summary, error) {
	start := time.Now()
	r := &run{cfg: cfg, out: cfg.Stdout}
	if cfg.JSON {
		r.out = cfg.Stderr // standard output carries only the JSON summary
	}
	defer r.close()

	// Wrong input must stop the demo before it changes anything in
	// ConnectWise (a billing push is a real change on a real instance).
	if err := r.checkInput(); err != nil {
		return Summary{}, err
	}
	sum, err := r.steps(ctx)
	sum.ElapsedSeconds = time.Since(start).Seconds()
	if err != nil {
		return sum, err
	}
	if err := r.printSummary(sum); err != nil {
		return sum, err
	}
	if cfg.Once {
		return sum, nil
	}
	return sum, r.serve(ctx)
}

func (r *run) checkInput() error {
	files, err := reportFiles(r.cfg.ReportsDir)
	if err != nil {
		return err
	}
	r.files = files
	if r.cfg.Once {
		return nil
	}
	if r.ln, err = net.Listen("tcp", r.cfg.Listen); err != nil {
		return fmt.Errorf("--listen %s: %w", r.cfg.Listen, err)
	}
	return nil
}

func (r *run) steps(ctx context.Context) (Summary, error) {
	var sum Summary
	if err := r.startConnectWise(); err != nil {
		return sum, err
	}
	if err := r.openStore(ctx); err != nil {
		return sum, err
	}
	if err := r.seedPlatform(ctx); err != nil {
		return sum, err
	}
	if err := r.ensureAdmin(ctx); err != nil {
		return sum, err
	}
	if err := r.connect(ctx); err != nil {
		return sum, err
	}
	mapped, unmapped, err := r.autoMap(ctx)
	if err != nil {
		return sum, err
	}
	sum.Mapped, sum.Unmapped = mapped, unmapped
	q, err := r.startJobs(ctx)
	if err != nil {
		return sum, err
	}
	if sum.BillingChanges, err = r.pushBilling(ctx, q); err != nil {
		return sum, err
	}
	return r.submitReports(ctx, q, sum)
}

func (r *run) printSummary(sum Summary) error {
	if sum.Refused == nil {
		sum.Refused = []Refusal{}
	}
	fmt.Fprintf(r.out, "\nSummary: %d reports, %d tickets (%d already ticketed by an earlier run), %d documents uploaded, %d refused, %.1fs\n",
		sum.Reports, sum.Tickets, sum.AlreadyTicketed, sum.Documents, len(sum.Refused), sum.ElapsedSeconds)
	for _, ref := range sum.Refused {
		fmt.Fprintf(r.out, "  refused %s: %s\n", shown(ref.File), ref.Reason)
	}
	if !r.cfg.JSON {
		return nil
	}
	line, err := json.Marshal(sum)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(r.cfg.Stdout, string(line))
	return err
}

func (r *run) close() {
	r.stopJobs()
	if r.ln != nil {
		r.ln.Close()
	}
	if r.store != nil {
		r.store.Close()
	}
	if r.sandbox != nil {
		r.sandbox.Close()
	}
}

// serve keeps psabridge (and the embedded sandbox) running until ctx is
// done: the partner's web UI and JSON API, signed in as the demo's
// administrator.
func (r *run) serve(ctx context.Context) error {
	ts, _ := r.store.(store.Transactional) // startJobs made sure
	h, err := web.New(web.Config{Store: r.store, Policy: r.policy, ClientID: r.cfg.ConnectWise.ClientID,
		Limits: r.svc.Limits, Jobs: r.queue, Pusher: r.queue, ReportJobs: r.queue,
		Reports: func(_ context.Context, partnerID int64) (*integration.Reports, error) {
			return &integration.Reports{Store: ts, PartnerID: partnerID, Queue: r.queue}, nil
		}})
	if err != nil {
		return fmt.Errorf("building the web UI: %w", err)
	}
	ln := r.ln
	r.ln = nil // ServeListener closes it
	return web.ServeListener(ctx, ln, h, func(a net.Addr) {
		fmt.Fprintf(r.cfg.Stderr, "serving the web UI on http://%s: %s; interrupt to stop\n", a, r.signIn)
	})
}
