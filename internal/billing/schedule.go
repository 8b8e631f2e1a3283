package billing

import (
	"fmt"
	"time"
)

// The kinds of schedule a partner can choose.
const (
	// ScheduleManual pushes only on demand.
	ScheduleManual = "manual"
	// ScheduleDaily pushes every day at Hour.
	ScheduleDaily = "daily"
	// ScheduleMonthly pushes on DayOfMonth at Hour.
	ScheduleMonthly = "monthly"
)

// Schedule is when a partner's billing is pushed, in the partner's time
// zone.
type Schedule struct {
	Kind       string // ScheduleManual, ScheduleDaily or ScheduleMonthly
	DayOfMonth int    // 1 to 28, for ScheduleMonthly
	Hour       int    // 0 to 23
	Location   *time.Location
}

// Validate reports a schedule that cannot run.
func (s Schedule) Validate() error {
	switch {
	case s.Kind != ScheduleManual && s.Kind != ScheduleDaily && s.Kind != ScheduleMonthly:
		return fmt.Errorf("schedule %q: want manual, daily or monthly", s.Kind)
	case s.Hour < 0 || s.Hour > 23:
		return fmt.Errorf("hour %d: want 0 to 23", s.Hour)
	case s.Kind == ScheduleMonthly && (s.DayOfMonth < 1 || s.DayOfMonth > 28):
		return fmt.Errorf("day of month %d: want 1 to 28, so every month has it", s.DayOfMonth)
	}

	return nil
}

// Due reports whether a run is due at now for a schedule that last ran at
// lastRun (zero when never): whether a scheduled time has passed since
// lastRun. However many scheduled times passed while nothing ran, one run
// catches them all up, because that run pushes the current counts.
func (s Schedule) Due(lastRun, now time.Time) bool {
	if s.Kind == ScheduleManual {
		return false
	}
	prev := s.previous(now)

	return lastRun.IsZero() || lastRun.Before(prev)
}

// Next returns the first scheduled time after now; zero for a manual
// schedule.
func (s Schedule) Next(now time.Time) time.Time {
	switch s.Kind {
	case ScheduleDaily:
		return s.on(s.previous(now).AddDate(0, 0, 1))
	case ScheduleMonthly:
		return s.on(s.previous(now).AddDate(0, 1, 0))
	}

	return time.Time{}
}

// previous returns the latest scheduled time at or before now.
func (s Schedule) previous(now time.Time) time.Time {
	local := now.In(s.loc())
	if t := s.on(local); !t.After(now) {
		return t
	}
	if s.Kind == ScheduleMonthly {
		return s.on(time.Date(local.Year(), local.Month()-1, 1, 0, 0, 0, 0, s.loc()))
	}

	return s.on(local.AddDate(0, 0, -1))
}

// on returns the scheduled time of ref's day (daily) or month (monthly).
func (s Schedule) on(ref time.Time) time.Time {
	day := ref.Day()
	if s.Kind == ScheduleMonthly {
		day = s.DayOfMonth
	}

	return time.Date(ref.Year(), ref.Month(), day, s.Hour, 0, 0, 0, s.loc())
}

func (s Schedule) loc() *time.Location {
	if s.Location == nil {
		return time.UTC
	}

	return s.Location
}
