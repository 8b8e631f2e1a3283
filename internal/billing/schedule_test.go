package billing_test

import (
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/billing"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skipf("time zone %s not available: %v", name, err)
	}

	return loc
}

func TestScheduleDue(t *testing.T) {
	t.Parallel()
	sydney := mustZone(t, "Australia/Sydney")
	daily := billing.Schedule{Kind: billing.ScheduleDaily, Hour: 6, Location: sydney}
	monthly := billing.Schedule{Kind: billing.ScheduleMonthly, DayOfMonth: 3, Hour: 6,
		Location: sydney}
	at := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, sydney) }
	tests := []struct {
		name      string
		s         billing.Schedule
		last, now time.Time
		want      bool
	}{
		{"manual never", billing.Schedule{Kind: billing.ScheduleManual}, time.Time{},
			at(2025, 6, 15, 12), false},
		{"daily never ran", daily, time.Time{}, at(2025, 6, 15, 12), true},
		{"daily ran today", daily, at(2025, 6, 15, 6), at(2025, 6, 15, 23), false},
		{"daily before the hour", daily, at(2025, 6, 14, 6), at(2025, 6, 15, 5), false},
		{"daily at the hour", daily, at(2025, 6, 14, 6), at(2025, 6, 15, 6), true},
		{"daily missed three days", daily, at(2025, 6, 12, 6), at(2025, 6, 15, 9), true},
		{"daily hour is the partner's, not UTC", daily, at(2025, 6, 14, 6),
			time.Date(2025, 6, 14, 20, 30, 0, 0, time.UTC), true}, // 06:30 on the 15th in Sydney
		{"monthly before the day", monthly, at(2025, 5, 3, 6), at(2025, 6, 2, 23), false},
		{"monthly on the day", monthly, at(2025, 5, 3, 6), at(2025, 6, 3, 7), true},
		{"monthly ran this month", monthly, at(2025, 6, 3, 6), at(2025, 6, 30, 7), false},
		{"monthly across the year", monthly, at(2024, 12, 3, 6), at(2025, 1, 2, 7), false},
		{"monthly missed two months", monthly, at(2025, 3, 3, 6), at(2025, 6, 1, 7), true},
	}
	for _, tt := range tests {
		if got := tt.s.Due(tt.last, tt.now); got != tt.want {
			t.Errorf("%s: Due(%v, %v) = %t, want %t", tt.name, tt.last, tt.now, got, tt.want)
		}
	}
}

func TestScheduleMissedRunsCatchUpOnce(t *testing.T) {
	t.Parallel()
	s := billing.Schedule{Kind: billing.ScheduleDaily, Hour: 2, Location: time.UTC}
	last := time.Date(2025, 6, 12, 2, 0, 0, 0, time.UTC)
	runs := 0
	// The process was down from the 12th to the 15th; once back it checks
	// every ten minutes for a day.
	for now := time.Date(2025, 6, 15, 9, 0, 0, 0, time.UTC); now.Day() == 15; now = now.Add(10 * time.Minute) {
		if s.Due(last, now) {
			runs++
			last = now
		}
	}
	if runs != 1 {
		t.Errorf("runs after missing three days = %d, want 1", runs)
	}
}

func TestScheduleNext(t *testing.T) {
	t.Parallel()
	berlin := mustZone(t, "Europe/Berlin")
	tests := []struct {
		name string
		s    billing.Schedule
		now  time.Time
		want time.Time
	}{
		{"daily later today", billing.Schedule{Kind: billing.ScheduleDaily, Hour: 18, Location: berlin},
			time.Date(2025, 3, 29, 9, 0, 0, 0, berlin), time.Date(2025, 3, 29, 18, 0, 0, 0, berlin)},
		{"daily across the spring change", billing.Schedule{Kind: billing.ScheduleDaily, Hour: 6,
			Location: berlin}, time.Date(2025, 3, 29, 9, 0, 0, 0, berlin),
			time.Date(2025, 3, 30, 6, 0, 0, 0, berlin)},
		{"monthly next month", billing.Schedule{Kind: billing.ScheduleMonthly, DayOfMonth: 28,
			Hour: 0, Location: berlin}, time.Date(2025, 12, 28, 0, 0, 1, 0, berlin),
			time.Date(2026, 1, 28, 0, 0, 0, 0, berlin)},
		{"manual", billing.Schedule{Kind: billing.ScheduleManual}, time.Now(), time.Time{}},
	}
	for _, tt := range tests {
		if got := tt.s.Next(tt.now); !got.Equal(tt.want) {
			t.Errorf("%s: Next(%v) = %v, want %v", tt.name, tt.now, got, tt.want)
		}
	}
}

func TestScheduleValidate(t *testing.T) {
	t.Parallel()
	bad := []billing.Schedule{
		{Kind: "weekly"},
		{Kind: billing.ScheduleDaily, Hour: 24},
		{Kind: billing.ScheduleMonthly, DayOfMonth: 31},
		{Kind: billing.ScheduleMonthly, DayOfMonth: 0},
	}
	for _, s := range bad {
		if s.Validate() == nil {
			t.Errorf("Validate(%+v) = nil, want an error", s)
		}
	}
	if err := (billing.Schedule{Kind: billing.ScheduleMonthly, DayOfMonth: 28}).Validate(); err != nil {
		t.Errorf("Validate(monthly on the 28th) = %v", err)
	}
}
