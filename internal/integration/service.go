package integration

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/outbound"
	"github.com/psabridge/psabridge/internal/store"
)

// Service runs a partner's connection operations: connect, check, switch
// features, disconnect. Every operation is written to the audit log.
type Service struct {
	Store  store.Store
	Policy *outbound.Policy // the operator's outbound policy; nil allows public HTTPS only
	Actor  string           // who acts, for the audit log
	// Timeout bounds each call to ConnectWise; 0 means 60 seconds.
	Timeout time.Duration
	// Limits paces each partner's calls to ConnectWise; zero fields mean
	// ConnectWise's defaults (cwm.LimiterConfig).
	Limits cwm.LimiterConfig
	// Jobs, when set, ticket held reports (parked, or stored while the
	// service desk was off) as their report jobs once a permission check
	// passes; nil tickets them inline, in the check.
	Jobs ReportEnqueuer

	limiters sync.Map // partner id → *cwm.Limiter, shared by its clients
}

// limiter is the partner's one limiter, so that every client of the
// connection together stays within ConnectWise's limit.
func (s *Service) limiter(partnerID int64) *cwm.Limiter {
	if l, ok := s.limiters.Load(partnerID); ok {
		return l.(*cwm.Limiter)
	}
	l, _ := s.limiters.LoadOrStore(partnerID, cwm.NewLimiter(s.Limits))
	return l.(*cwm.Limiter)
}

// ErrNotConnected means the partner has no stored connection.
var ErrNotConnected = errors.New("not connected to ConnectWise: connect first")

// MissingRightsError refuses to switch a feature on while rights are
// missing; it lists them with their remediation.
type MissingRightsError struct {
	Check FeatureCheck
	Board BoardCheck
}

func (e *MissingRightsError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s cannot be switched on: the API member lacks", e.Check.Feature)
	for _, m := range e.Check.Missing {
		fmt.Fprintf(&b, "\n  - %s: %s", m.Right, m.Remediation)
	}
	if e.Check.Feature == FeatureServiceDesk && !e.Board.OK {
		fmt.Fprintf(&b, "\n  - a default service board: %s", e.Board.Remediation)
	}
	return b.String()
}

func (s *Service) httpClient() *http.Client {
	hc := NewHTTPClient(s.Policy)
	if s.Timeout > 0 {
		hc.Timeout = s.Timeout
	}
	return hc
}

// Connect proves the four fields work, checks permissions, and only then
// stores the connection (the private key sealed). A failure stores nothing.
func (s *Service) Connect(ctx context.Context, partnerID int64, in ConnectInput) (PermissionReport, error) {
	conn, err := Dial(ctx, s.httpClient(), in, s.limiter(partnerID))
	if err != nil {
		s.audit(ctx, partnerID, "connect.failed", err.Error())
		return PermissionReport{}, err
	}
	rep, err := CheckPermissions(ctx, conn.Client)
	if err != nil {
		return PermissionReport{}, fmt.Errorf("checking permissions: %w", err)
	}
	if err := Save(ctx, s.Store, partnerID, in, conn.Site); err != nil {
		return rep, fmt.Errorf("saving the connection: %w", err)
	}
	s.audit(ctx, partnerID, "connect", fmt.Sprintf("connected to %s as company %s", conn.Site.APIBaseURL, in.CompanyID))
	s.auditCheck(ctx, partnerID, rep)
	return rep, nil
}

// Client builds the ConnectWise client of the partner's stored connection.
func (s *Service) Client(ctx context.Context, partnerID int64) (*cwm.Client, error) {
	conn, err := s.Store.Connection(ctx, partnerID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotConnected
	}
	if err != nil {
		return nil, fmt.Errorf("reading the connection: %w", err)
	}
	return Open(s.httpClient(), conn, s.limiter(partnerID))
}

// Check re-checks the partner's permissions and records the result.
func (s *Service) Check(ctx context.Context, partnerID int64) (PermissionReport, error) {
	c, err := s.Client(ctx, partnerID)
	if err != nil {
		return PermissionReport{}, err
	}
	rep, err := CheckPermissions(ctx, c)
	if err != nil {
		s.audit(ctx, partnerID, "permissions.check.failed", err.Error())
		return rep, err
	}
	s.auditCheck(ctx, partnerID, rep)
	if rep.Replayed, err = s.replayParked(ctx, partnerID, c, rep); err != nil {
		return rep, err
	}
	return rep, nil
}

// replayParked tickets the reports parked for a missing right once the
// service desk passes its check again (with Jobs: enqueues their jobs).
func (s *Service) replayParked(ctx context.Context, partnerID int64, c *cwm.Client, rep PermissionReport) (int, error) {
	f, err := s.Store.Features(ctx, partnerID)
	if err != nil || !f.ServiceDesk || !rep.Feature(FeatureServiceDesk).OK {
		return 0, err
	}
	if s.Jobs != nil {
		n, err := s.enqueueHeld(ctx, partnerID, func(r store.Report) bool { return r.Status == StatusParked })
		if n > 0 {
			s.audit(ctx, partnerID, "reports.replay", fmt.Sprintf("%d parked reports queued to be ticketed after the permission check passed", n))
		}
		return n, err
	}
	reports, err := s.Reports(ctx, partnerID, c, rep.DefaultBoard.ID)
	if err != nil {
		return 0, err
	}
	n, err := reports.Replay(ctx, StatusParked)
	if n > 0 {
		s.audit(ctx, partnerID, "reports.replay", fmt.Sprintf("%d parked reports ticketed after the permission check passed", n))
	}
	return n, err
}

// Reports returns the report processing of the partner, ticketing through
// c with its stored service-desk settings: on the board it chose, else on
// defaultBoard (the API member's default).
func (s *Service) Reports(ctx context.Context, partnerID int64, c *cwm.Client, defaultBoard int) (*Reports, error) {
	return s.deskReports(ctx, partnerID, c, defaultBoard)
}

// SetFeature switches a feature on or off. Switching on runs the
// permission check first and is refused with the missing rights.
func (s *Service) SetFeature(ctx context.Context, partnerID int64, feature string, on bool) error {
	f, err := s.Store.Features(ctx, partnerID)
	if err != nil {
		return fmt.Errorf("reading features: %w", err)
	}
	var rep PermissionReport
	if on {
		if rep, err = s.Check(ctx, partnerID); err != nil {
			return err
		}
		if fc := rep.Feature(feature); !fc.OK {
			s.audit(ctx, partnerID, "feature.enable.refused", feature)
			return &MissingRightsError{Check: fc, Board: rep.DefaultBoard}
		}
	}
	switch feature {
	case FeatureBilling:
		f.Billing = on
	case FeatureServiceDesk:
		f.ServiceDesk = on
	default:
		return fmt.Errorf("unknown feature %q: billing or service-desk", feature)
	}
	if err := s.Store.SetFeatures(ctx, partnerID, f); err != nil {
		return fmt.Errorf("saving features: %w", err)
	}
	s.audit(ctx, partnerID, map[bool]string{true: "feature.enable", false: "feature.disable"}[on], feature)
	if on && feature == FeatureServiceDesk {
		return s.replayHeld(ctx, partnerID, rep)
	}
	return nil
}

// replayHeld tickets, now that the service desk is on and its check
// passed, the reports held back while it was off or while a right was
// missing.
func (s *Service) replayHeld(ctx context.Context, partnerID int64, rep PermissionReport) error {
	held := func(r store.Report) bool {
		return r.Status == StatusParked || (r.Status == StatusReceived && r.Reason == ServiceDeskOffReason)
	}
	if s.Jobs != nil {
		n, err := s.enqueueHeld(ctx, partnerID, held)
		if n > 0 {
			s.audit(ctx, partnerID, "reports.replay", fmt.Sprintf("%d held reports queued to be ticketed now that the service desk is on", n))
		}
		return err
	}
	c, err := s.Client(ctx, partnerID)
	if err != nil {
		return err
	}
	reports, err := s.Reports(ctx, partnerID, c, rep.DefaultBoard.ID)
	if err != nil {
		return err
	}
	n, err := reports.ReplayWhere(ctx, held)
	if n > 0 {
		s.audit(ctx, partnerID, "reports.replay", fmt.Sprintf("%d held reports ticketed now that the service desk is on", n))
	}
	return err
}

// ReportEnqueuer enqueues the job of a stored report, unless one is
// pending (jobs.Queue implements it).
type ReportEnqueuer interface {
	EnqueueReport(ctx context.Context, partnerID, reportID int64) error
}

// enqueueHeld enqueues the job of every report of the partner that held
// selects and returns how many.
func (s *Service) enqueueHeld(ctx context.Context, partnerID int64, held func(store.Report) bool) (int, error) {
	all, err := s.Store.Reports(ctx, partnerID)
	if err != nil {
		return 0, fmt.Errorf("listing reports: %w", err)
	}
	n := 0
	for _, r := range all {
		if !held(r) {
			continue
		}
		if err := s.Jobs.EnqueueReport(ctx, partnerID, r.ID); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// Disconnect deletes the credentials and keeps the company mapping. Both
// features stop: nothing is pushed or ticketed until the partner connects
// again.
func (s *Service) Disconnect(ctx context.Context, partnerID int64) error {
	if err := s.Store.DeleteConnection(ctx, partnerID); err != nil {
		return fmt.Errorf("deleting the connection: %w", err)
	}
	s.audit(ctx, partnerID, "disconnect", "credentials deleted; company mapping kept")
	return nil
}

func (s *Service) auditCheck(ctx context.Context, partnerID int64, rep PermissionReport) {
	var parts []string
	for _, f := range rep.Features {
		parts = append(parts, fmt.Sprintf("%s ok=%v missing=%d", f.Feature, f.OK, len(f.Missing)))
	}
	parts = append(parts, fmt.Sprintf("default_board ok=%v", rep.DefaultBoard.OK))
	s.audit(ctx, partnerID, "permissions.check", strings.Join(parts, "; "))
}

func (s *Service) audit(ctx context.Context, partnerID int64, action, detail string) {
	actor := s.Actor
	if actor == "" {
		actor = "system"
	}
	// The audit log must not stop the operation it records; a failure to
	// write it is visible in the operation's own result.
	_ = s.Store.Audit(ctx, store.AuditEntry{PartnerID: partnerID, Actor: actor, Action: action, Detail: detail})
}
