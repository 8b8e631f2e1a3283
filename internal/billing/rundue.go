package billing

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/psabridge/psabridge/internal/store"
)

// ScheduleActor is the actor the history names for scheduled pushes.
const ScheduleActor = "schedule"

// RunResult is what one partner's scheduled run did.
type RunResult struct {
	PartnerID int64
	Summary   Summary
	Err       error
}

// RunDue pushes the billing of every partner whose schedule is due at now
// and marks each run, so a run missed while psabridge was down happens once
// when it is back, not once per missed day. One partner's failure does not
// stop the others; the error is only for failing to list the partners.
// serve calls it from a periodic River job, which runs on one process only.
func (s *Service) RunDue(ctx context.Context, now time.Time) ([]RunResult, error) {
	partners, err := s.Store.Partners(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing partners: %w", err)
	}

	var out []RunResult
	for _, p := range partners {
		due, err := s.due(ctx, p.ID, now)
		if err != nil || due {
			out = append(out, s.runOne(ctx, p.ID, now, err))
		}
	}

	return out, nil
}

// due reports whether the partner's schedule is due at now.
func (s *Service) due(ctx context.Context, partnerID int64, now time.Time) (bool, error) {
	b, err := s.Store.BillingSettings(ctx, partnerID)
	if err != nil {
		return false, err
	}
	sch, err := ScheduleOf(b)
	if err != nil {
		return false, err
	}

	return sch.Due(b.LastRunAt, now), nil
}

// runOne pushes one partner's billing and marks the run; a partner that
// could not be checked comes back with that error.
func (s *Service) runOne(ctx context.Context, partnerID int64, now time.Time,
	checkErr error) RunResult {
	r := RunResult{PartnerID: partnerID, Err: checkErr}
	switch {
	case checkErr != nil:
	case s.Enqueue != nil:
		// The push is a job of its own, retried until it succeeds; the
		// run is marked once it is enqueued (enqueued twice after a crash
		// in between, it is one pending job: see Enqueue).
		r.Err = s.Enqueue(ctx, partnerID, ScheduleActor)
		if r.Err == nil {
			r.Err = s.Store.MarkBillingRun(ctx, partnerID, now)
		}
	default:
		changes, err := s.Push(ctx, partnerID, ScheduleActor)
		r.Summary, r.Err = Summarize(changes), err
		r.Err = errors.Join(r.Err, s.Store.MarkBillingRun(ctx, partnerID, now))
	}
	s.logger().Info("scheduled billing run", "partner_id", partnerID, "queued", s.Enqueue != nil,
		"pushed", r.Summary.Pushed, "failed", r.Summary.Failed, "error", r.Err)

	return r
}

func (s *Service) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.Default()
	}

	return s.Logger
}

// ScheduleOf reads the schedule of saved settings.
func ScheduleOf(b store.BillingSettings) (Schedule, error) {
	loc, err := time.LoadLocation(b.TimeZone)
	if err != nil {
		return Schedule{}, fmt.Errorf("time zone %q: %w", b.TimeZone, err)
	}
	s := Schedule{Kind: b.Schedule, DayOfMonth: b.DayOfMonth, Hour: b.Hour, Location: loc}

	return s, s.Validate()
}
