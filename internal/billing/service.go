package billing

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/psabridge/psabridge/internal/store"
)

// Store is what billing reads and writes in psabridge's database;
// store.Store implements it.
type Store interface {
	Partners(ctx context.Context) ([]store.Partner, error)
	PlatformCompanies(ctx context.Context, partnerID int64) ([]store.PlatformCompany, error)
	Mappings(ctx context.Context, partnerID int64) ([]store.Mapping, error)
	RosterCounts(ctx context.Context, partnerID int64) (map[int64]int, error)
	PushedCounts(ctx context.Context, partnerID int64) (map[int64]int, error)
	LastPushedQuantities(ctx context.Context,
		partnerID int64) (map[store.AdditionRef]float64, error)
	BillingSettings(ctx context.Context, partnerID int64) (store.BillingSettings, error)
	MarkBillingRun(ctx context.Context, partnerID int64, at time.Time) error
	AddBillingChange(ctx context.Context, c store.BillingChange) error
}

// Service runs a partner's billing from the database: it builds the lines
// from the mapping and the counts, previews, pushes, records history and
// runs the schedule.
type Service struct {
	// Store is the database. Required.
	Store Store
	// Connect returns the ConnectWise agreements of a partner; an error
	// (such as not being connected) skips the partner's run. Required.
	Connect func(ctx context.Context, partnerID int64) (Agreements, error)
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Logger receives one line per scheduled run; default slog.Default().
	Logger *slog.Logger
	// Enqueue, when set, makes RunDue enqueue a durable push job per due
	// partner instead of pushing inline; a partner with a push pending
	// gets no second one.
	Enqueue func(ctx context.Context, partnerID int64, actor string) error
}

// Lines returns one line per platform company of the partner: its mapping
// and its billable count, the count the platform pushed when there is one,
// else the roster's active, billable, not excluded users.
func (s *Service) Lines(ctx context.Context, partnerID int64) ([]Line, error) {
	companies, err := s.Store.PlatformCompanies(ctx, partnerID)
	if err != nil {
		return nil, err
	}
	counts, err := s.counts(ctx, partnerID)
	if err != nil {
		return nil, err
	}
	ms, err := s.Store.Mappings(ctx, partnerID)
	if err != nil {
		return nil, err
	}
	byCompany := make(map[int64]store.Mapping, len(ms))
	for _, m := range ms {
		byCompany[m.PlatformCompanyID] = m
	}

	lines := make([]Line, 0, len(companies))
	for _, c := range companies {
		m := byCompany[c.ID]
		lines = append(lines, Line{PlatformCompanyID: c.ID, CompanyName: c.Name,
			CWCompanyID: m.CWCompanyID, AgreementID: m.AgreementID, AdditionID: m.AdditionID,
			Count: counts[c.ID]})
	}

	return lines, nil
}

// counts merges the roster counts with the pushed ones, which win.
func (s *Service) counts(ctx context.Context, partnerID int64) (map[int64]int, error) {
	counts, err := s.Store.RosterCounts(ctx, partnerID)
	if err != nil {
		return nil, err
	}
	pushed, err := s.Store.PushedCounts(ctx, partnerID)
	if err != nil {
		return nil, err
	}
	for id, n := range pushed {
		counts[id] = n
	}

	return counts, nil
}

// Planner returns the partner's planner with its saved choices and the
// quantities last pushed, for drift.
func (s *Service) Planner(ctx context.Context, partnerID int64) (*Planner, store.BillingSettings,
	error) {
	b, err := s.Store.BillingSettings(ctx, partnerID)
	if err != nil {
		return nil, b, err
	}
	last, err := s.Store.LastPushedQuantities(ctx, partnerID)
	if err != nil {
		return nil, b, err
	}
	a, err := s.Connect(ctx, partnerID)
	if err != nil {
		return nil, b, err
	}
	lp := make(map[AdditionKey]float64, len(last))
	for k, q := range last {
		lp[AdditionKey{k.AgreementID, k.AdditionID}] = q
	}

	return &Planner{Agreements: a, Product: b.Product, LastPushed: lp,
		OverwriteDrift: b.OverwriteDrift, Effective: b.Effective, Prorate: b.Prorate,
		Now: s.Now}, b, nil
}

// Preview plans the partner's billing without writing anything.
func (s *Service) Preview(ctx context.Context, partnerID int64) ([]Change, error) {
	p, _, err := s.Planner(ctx, partnerID)
	if err != nil {
		return nil, err
	}
	lines, err := s.Lines(ctx, partnerID)
	if err != nil {
		return nil, err
	}

	return p.Preview(ctx, lines)
}

// Push previews and pushes the partner's billing, and records every
// attempted change in the history under actor.
func (s *Service) Push(ctx context.Context, partnerID int64, actor string) ([]Change, error) {
	p, _, err := s.Planner(ctx, partnerID)
	if err != nil {
		return nil, err
	}
	lines, err := s.Lines(ctx, partnerID)
	if err != nil {
		return nil, err
	}
	changes, err := p.Preview(ctx, lines)
	if err != nil {
		return nil, err
	}

	return s.Record(ctx, partnerID, actor, p.Push(ctx, changes))
}

// Record writes every attempted change of a push to the history.
func (s *Service) Record(ctx context.Context, partnerID int64, actor string,
	changes []Change) ([]Change, error) {
	var errs []error
	for _, c := range changes {
		if c.Action != ActionUpdate {
			continue
		}
		result := store.BillingResultOK
		if c.Err != nil {
			result = "failed: " + c.Err.Error()
		}
		errs = append(errs, s.Store.AddBillingChange(ctx, store.BillingChange{
			PartnerID: partnerID, PlatformCompanyID: c.PlatformCompanyID,
			AgreementID: c.AgreementID, AdditionID: c.AdditionID, OldQuantity: c.Old,
			NewQuantity: c.New, Result: result, Actor: actor, At: s.now(),
		}))
	}
	if err := errors.Join(errs...); err != nil {
		return changes, fmt.Errorf("recording billing history: %w", err)
	}

	return changes, nil
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}

	return s.Now()
}
