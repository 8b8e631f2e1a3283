package web

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/psabridge/psabridge/internal/billing"
	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/jobs"
	"github.com/psabridge/psabridge/internal/mapping"
	"github.com/psabridge/psabridge/internal/servicedesk"
	"github.com/psabridge/psabridge/internal/store"
)

// The operations below are what both the UI and the API perform, through
// the same packages the command line uses. Each takes the principal and
// acts for its partner only.

// service is the partner's connection operations, audited as the principal.
func (s *server) service(p *principal) *integration.Service {
	// TODO: a Service per request gives each request its own ConnectWise
	// rate limiter; concurrent requests of one partner may together exceed
	// ConnectWise's limit and meet 429s, which the client retries.
	return &integration.Service{Store: s.st, Policy: s.cfg.Policy, Actor: p.Actor, Limits: s.cfg.Limits,
		Jobs: s.cfg.ReportJobs}
}

func (s *server) audit(ctx context.Context, p *principal, action, detail string) {
	// The operation's own result is what the caller sees; a failed audit
	// write must not undo it.
	_ = s.st.Audit(ctx, store.AuditEntry{PartnerID: p.Partner.ID, Actor: p.Actor, Action: action, Detail: detail})
}

// connect tests the four fields and stores them only when they work.
func (s *server) connect(ctx context.Context, p *principal, in integration.ConnectInput) (integration.PermissionReport, error) {
	in.ClientID = s.cfg.ClientID
	if err := in.Validate(); err != nil {
		return integration.PermissionReport{}, err
	}
	rep, err := s.service(p).Connect(ctx, p.Partner.ID, in)
	if err == nil {
		s.boards.set(p.Partner.ID, rep.DefaultBoard.ID)
	}
	return rep, err
}

// check re-checks the permissions.
func (s *server) check(ctx context.Context, p *principal) (integration.PermissionReport, error) {
	rep, err := s.service(p).Check(ctx, p.Partner.ID)
	if err == nil {
		s.boards.set(p.Partner.ID, rep.DefaultBoard.ID)
	}
	return rep, err
}

// autoMap proposes a ConnectWise company, agreement and addition for every
// platform company; it saves nothing.
func (s *server) autoMap(ctx context.Context, p *principal) ([]mapping.Proposal, error) {
	c, err := s.service(p).Client(ctx, p.Partner.ID)
	if err != nil {
		return nil, err
	}
	platform, kept, err := s.platform(ctx, p.Partner.ID)
	if err != nil {
		return nil, err
	}
	settings, err := s.st.BillingSettings(ctx, p.Partner.ID)
	if err != nil {
		return nil, err
	}
	ps, err := (&mapping.Matcher{}).Suggest(ctx, integration.PSA{Client: c}, platform, kept, settings.Product)
	if err != nil {
		return nil, fmt.Errorf("auto-mapping: %w", err)
	}
	s.audit(ctx, p, "mapping.auto", fmt.Sprintf("%d proposals", len(ps)))
	return ps, nil
}

func (s *server) platform(ctx context.Context, partnerID int64) ([]mapping.PlatformCompany, map[int64]int, error) {
	cs, err := s.st.PlatformCompanies(ctx, partnerID)
	if err != nil {
		return nil, nil, err
	}
	ms, err := s.st.Mappings(ctx, partnerID)
	if err != nil {
		return nil, nil, err
	}
	out := make([]mapping.PlatformCompany, len(cs))
	for i, c := range cs {
		out[i] = mapping.PlatformCompany{ID: c.ID, ExternalID: c.ExternalID, Name: c.Name, Domains: c.Domains}
	}
	kept := make(map[int64]int, len(ms))
	for _, m := range ms {
		kept[m.PlatformCompanyID] = m.CWCompanyID
	}
	return out, kept, nil
}

// saveMapping maps one of the partner's platform companies.
func (s *server) saveMapping(ctx context.Context, p *principal, m store.Mapping) error {
	m.PartnerID = p.Partner.ID
	if m.CWCompanyID <= 0 || (m.AgreementID == 0) != (m.AdditionID == 0) {
		return fmt.Errorf("a ConnectWise company, and an agreement with an addition or neither: %w", store.ErrInvalid)
	}
	if err := s.st.SaveMapping(ctx, m); err != nil {
		return err
	}
	s.audit(ctx, p, "mapping.set", fmt.Sprintf("company %d → ConnectWise company %d agreement %d addition %d (%s)",
		m.PlatformCompanyID, m.CWCompanyID, m.AgreementID, m.AdditionID, m.Method))
	return nil
}

// unmap removes one of the partner's mappings.
func (s *server) unmap(ctx context.Context, p *principal, platformCompanyID int64) error {
	if err := s.st.DeleteMapping(ctx, p.Partner.ID, platformCompanyID); err != nil {
		return err
	}
	s.audit(ctx, p, "mapping.delete", fmt.Sprintf("company %d unmapped", platformCompanyID))
	return nil
}

// companyByExternalID finds one of the partner's platform companies.
func (s *server) companyByExternalID(ctx context.Context, p *principal, externalID string) (store.PlatformCompany, error) {
	cs, err := s.st.PlatformCompanies(ctx, p.Partner.ID)
	if err != nil {
		return store.PlatformCompany{}, err
	}
	for _, c := range cs {
		if c.ExternalID == externalID {
			return c, nil
		}
	}
	return store.PlatformCompany{}, fmt.Errorf("company %q: %w", externalID, store.ErrNotFound)
}

func (s *server) billing(p *principal) *billing.Service {
	return &billing.Service{Store: s.st, Connect: func(ctx context.Context, partnerID int64) (billing.Agreements, error) {
		c, err := s.service(p).Client(ctx, partnerID)
		return integration.PSA{Client: c}, err
	}}
}

// defaultPushWait is how long a push asked for through the web is waited
// for before the answer says it is queued (Config.PushWait).
const defaultPushWait = 20 * time.Second

// BillingPusher enqueues billing push jobs and waits for their outcome;
// *jobs.Queue is one.
type BillingPusher interface {
	EnqueueBillingPush(ctx context.Context, partnerID int64, actor string) (id int64, joined bool, err error)
	WaitSettled(ctx context.Context, id int64, interval time.Duration) (jobs.Job, error)
}

// pushOutcome is what a push asked for through the web did.
type pushOutcome struct {
	Changes []billing.Change
	// JobID is the push's job; 0 when it ran inline.
	JobID int64
	// Queued is true while the job has no outcome yet: it waits for a
	// worker, runs longer than Config.PushWait, or failed before reaching
	// ConnectWise and retries.
	Queued bool
	// Retrying is true when the job's attempt failed for some lines and
	// it will push them again.
	Retrying  bool
	State     string
	LastError string
	// Summary counts every line; Omitted those a large push's output
	// leaves out of Changes.
	Summary billing.Summary
	Omitted int
	// JoinedActor is who asked for the pending push this one joined (the
	// history names them); "" when this push was not joined to another.
	JoinedActor string
}

// push pushes every changed quantity and records the history: as a job
// when the server has a Pusher, else inline.
func (s *server) push(ctx context.Context, p *principal) (pushOutcome, error) {
	if s.cfg.Pusher == nil {
		changes, err := s.pushInline(ctx, p)
		return pushOutcome{Changes: changes, Summary: billing.Summarize(changes)}, err
	}
	if _, err := s.service(p).Client(ctx, p.Partner.ID); err != nil {
		return pushOutcome{}, err // not connected: say so now rather than queue a push that fails
	}
	id, joined, err := s.cfg.Pusher.EnqueueBillingPush(ctx, p.Partner.ID, p.Actor)
	if err != nil {
		return pushOutcome{}, err
	}
	s.audit(ctx, p, "billing.push.queued", fmt.Sprintf("job %d (joined a pending push: %v)", id, joined))
	wctx, cancel := context.WithTimeout(ctx, cmp.Or(s.cfg.PushWait, defaultPushWait))
	defer cancel()
	j, err := s.cfg.Pusher.WaitSettled(wctx, id, 50*time.Millisecond)
	out := pushOutcome{JobID: id, State: j.State, LastError: j.LastError}
	if err != nil || len(j.Output) == 0 {
		out.Queued = true
		return out, nil
	}
	res, err := billing.DecodeChanges(j.Output)
	out.Changes, out.Summary, out.Omitted = res.Changes, res.Summary, res.Omitted
	out.Retrying = !j.Done()
	if joined {
		var a jobs.BillingPushArgs
		if json.Unmarshal(j.Args, &a) == nil {
			out.JoinedActor = a.Actor
		}
	}
	return out, err
}

// pushInline previews and pushes in the request, for a server without a
// job queue.
func (s *server) pushInline(ctx context.Context, p *principal) ([]billing.Change, error) {
	svc := s.billing(p)
	planner, _, err := svc.Planner(ctx, p.Partner.ID)
	if err != nil {
		return nil, err
	}
	lines, err := svc.Lines(ctx, p.Partner.ID)
	if err != nil {
		return nil, err
	}
	changes, err := planner.Preview(ctx, lines)
	if err != nil {
		return nil, err
	}
	pushed, err := svc.Record(ctx, p.Partner.ID, p.Actor, planner.Push(ctx, changes))
	s.audit(ctx, p, "billing.push", fmt.Sprintf("%d pushed", billing.Summarize(pushed).Pushed))
	return pushed, err
}

// reports is the partner's report intake: the configured one, else one
// that tickets synchronously while the service desk is on and connected.
func (s *server) reports(ctx context.Context, p *principal) (*integration.Reports, error) {
	if s.cfg.Reports != nil {
		return s.cfg.Reports(ctx, p.Partner.ID)
	}
	r := &integration.Reports{Store: s.st, PartnerID: p.Partner.ID}
	f, err := s.st.Features(ctx, p.Partner.ID)
	if err != nil || !f.ServiceDesk {
		return r, err
	}
	c, err := s.service(p).Client(ctx, p.Partner.ID)
	if errors.Is(err, integration.ErrNotConnected) {
		return r, nil
	}
	if err != nil {
		return nil, err
	}
	board, err := s.board(ctx, p)
	if err != nil {
		return nil, err
	}
	r.Ticketer = &servicedesk.Ticketer{PSA: integration.PSA{Client: c}, Ledger: integration.Ledger{Store: s.st},
		Settings: servicedesk.Settings{BoardID: board}}
	return r, nil
}

// board is the API member's default board, from the last check or a new one.
func (s *server) board(ctx context.Context, p *principal) (int, error) {
	if id, ok := s.boards.get(p.Partner.ID); ok {
		return id, nil
	}
	rep, err := s.check(ctx, p)
	return rep.DefaultBoard.ID, err
}

// receive stores a reported e-mail and, without a job queue, tickets it.
func (s *server) receive(ctx context.Context, p *principal, name string, raw []byte, reporter string) (store.Report, bool, error) {
	r, err := s.reports(ctx, p)
	if err != nil {
		return store.Report{}, false, err
	}
	rep, created, err := r.Receive(ctx, name, raw, reporter)
	if err != nil || !created || r.Queue != nil || r.Ticketer == nil {
		return rep, created, err
	}
	// The outcome is recorded on the report; its status says what happened.
	_, _ = r.Process(ctx, rep)
	rep, err = s.st.Report(ctx, rep.ID)
	return rep, created, err
}

// report returns one of the partner's reports; another partner's is not
// found.
func (s *server) report(ctx context.Context, p *principal, id int64) (store.Report, error) {
	rep, err := s.st.Report(ctx, id)
	if err == nil && rep.PartnerID != p.Partner.ID {
		err = fmt.Errorf("report %d: %w", id, store.ErrNotFound)
	}
	return rep, err
}

// replay tickets one failed, parked or received report again.
func (s *server) replay(ctx context.Context, p *principal, id int64) (store.Report, error) {
	rep, err := s.report(ctx, p, id)
	if err != nil {
		return rep, err
	}
	if rep.Status == store.ReportTicketed {
		return rep, &statusError{http.StatusConflict, "conflict", fmt.Sprintf(
			"report %d is already ticketed (ticket #%d): nothing to replay", rep.ID, rep.CWTicketID)}
	}
	if s.cfg.ReportJobs != nil {
		return s.replayAsJob(ctx, p, rep)
	}
	r, err := s.reports(ctx, p)
	if err != nil {
		return rep, err
	}
	if r.Ticketer == nil {
		return rep, errServiceDeskOff
	}
	_, _ = r.Process(ctx, rep)
	s.audit(ctx, p, "report.replay", fmt.Sprintf("report %d", id))
	return s.st.Report(ctx, id)
}

// replayAsJob enqueues the report's job and waits, up to Config.PushWait,
// for the report to change; it returns the report as it then is (unchanged
// when the job has not run yet).
func (s *server) replayAsJob(ctx context.Context, p *principal, rep store.Report) (store.Report, error) {
	f, err := s.st.Features(ctx, p.Partner.ID)
	if err != nil {
		return rep, err
	}
	if _, cerr := s.service(p).Client(ctx, p.Partner.ID); !f.ServiceDesk || errors.Is(cerr, integration.ErrNotConnected) {
		return rep, errServiceDeskOff
	}
	if err := s.cfg.ReportJobs.EnqueueReport(ctx, p.Partner.ID, rep.ID); err != nil {
		return rep, err
	}
	s.audit(ctx, p, "report.replay", fmt.Sprintf("report %d queued", rep.ID))
	wctx, cancel := context.WithTimeout(ctx, cmp.Or(s.cfg.PushWait, defaultPushWait))
	defer cancel()
	for {
		now, err := s.st.Report(ctx, rep.ID)
		if err != nil || !now.UpdatedAt.Equal(rep.UpdatedAt) || now.Status != rep.Status {
			return now, err
		}
		select {
		case <-wctx.Done():
			return now, nil
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// errServiceDeskOff refuses to ticket while the service desk is off.
var errServiceDeskOff = errors.New("the service desk is off or not connected: switch it on under Integrations")

// searchCompanies lists ConnectWise companies whose name contains q.
func (s *server) searchCompanies(ctx context.Context, p *principal, q string) ([]cwm.Company, error) {
	c, err := s.service(p).Client(ctx, p.Partner.ID)
	if err != nil {
		return nil, err
	}
	cond := cwm.Eq("deletedFlag", false)
	if q != "" {
		cond = cwm.And(cond, cwm.Or(cwm.Contains("name", q), cwm.Contains("identifier", q)))
	}
	cs, _, err := c.Companies.List(ctx, &cwm.ListOptions{Conditions: cond.String(), OrderBy: "name asc",
		PageSize: 50, Fields: []string{"id", "identifier", "name"}})
	if err != nil {
		return nil, fmt.Errorf("searching ConnectWise companies: %w", err)
	}
	return cs, nil
}

// boardCache remembers each partner's default board between checks.
type boardCache struct{ m sync.Map }

func (b *boardCache) set(partnerID int64, id int) { b.m.Store(partnerID, id) }

func (b *boardCache) get(partnerID int64) (int, bool) {
	v, ok := b.m.Load(partnerID)
	if !ok {
		return 0, false
	}
	return v.(int), true
}
