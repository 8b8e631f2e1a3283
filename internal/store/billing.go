package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// BillingResultOK is the Result of a BillingChange that ConnectWise
// accepted and kept.
const BillingResultOK = "ok"

// BillingSettings are how and when a partner's billing is pushed.
type BillingSettings struct {
	PartnerID int64
	// Product is the catalog identifier of the addition billed.
	Product string
	// Schedule is "manual", "daily" or "monthly".
	Schedule string
	// DayOfMonth is the day a monthly schedule runs, 1 to 28.
	DayOfMonth int
	// Hour is the hour of the day, 0 to 23, the schedule runs at.
	Hour int
	// TimeZone is the IANA zone the schedule's day and hour are in.
	TimeZone string
	// Effective is when a change takes effect: "immediate" or "next-invoice".
	Effective string
	// Prorate asks ConnectWise to prorate an immediate change over the
	// current billing period.
	Prorate bool
	// OverwriteDrift lets a push replace a quantity changed by hand in
	// ConnectWise since the last push.
	OverwriteDrift bool
	// LastRunAt is when the schedule last ran; zero when never. Saved by
	// MarkBillingRun, not by SaveBillingSettings.
	LastRunAt time.Time
}

// DefaultBillingSettings are the settings of a partner that saved none.
func DefaultBillingSettings(partnerID int64) BillingSettings {
	return BillingSettings{PartnerID: partnerID, Product: "SAT-USER", Schedule: "manual",
		DayOfMonth: 1, Hour: 6, TimeZone: "UTC", Effective: "immediate", Prorate: true}
}

// AdditionRef names an agreement addition.
type AdditionRef struct {
	AgreementID int
	AdditionID  int
}

// SaveBillingSettings creates or replaces the partner's billing settings,
// keeping LastRunAt.
func (s *sqlStore) SaveBillingSettings(ctx context.Context, b BillingSettings) error {
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO billing_settings (partner_id, product, schedule, day_of_month, hour,
			time_zone, effective, prorate, overwrite_drift)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (partner_id) DO UPDATE SET
			product = excluded.product, schedule = excluded.schedule,
			day_of_month = excluded.day_of_month, hour = excluded.hour,
			time_zone = excluded.time_zone, effective = excluded.effective,
			prorate = excluded.prorate, overwrite_drift = excluded.overwrite_drift`,
		b.PartnerID, b.Product, b.Schedule, b.DayOfMonth, b.Hour, b.TimeZone, b.Effective,
		b.Prorate, b.OverwriteDrift)
	if s.dialect.isForeignKey(err) {
		return fmt.Errorf("saving billing settings: partner %d: %w", b.PartnerID, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("saving billing settings of partner %d: %w", b.PartnerID, err)
	}

	return nil
}

// BillingSettings returns the partner's billing settings, or the defaults
// when it saved none.
func (s *sqlStore) BillingSettings(ctx context.Context, partnerID int64) (BillingSettings, error) {
	b := BillingSettings{PartnerID: partnerID}
	var last sql.NullTime
	err := s.db.QueryRowContext(ctx, `
		SELECT product, schedule, day_of_month, hour, time_zone, effective, prorate,
			overwrite_drift, last_run_at
		FROM billing_settings WHERE partner_id = $1`, partnerID).Scan(&b.Product, &b.Schedule,
		&b.DayOfMonth, &b.Hour, &b.TimeZone, &b.Effective, &b.Prorate, &b.OverwriteDrift, &last)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultBillingSettings(partnerID), nil
	}
	if err != nil {
		return b, fmt.Errorf("reading billing settings of partner %d: %w", partnerID, err)
	}
	if last.Valid {
		b.LastRunAt = last.Time.UTC()
	}

	return b, nil
}

// MarkBillingRun records when the partner's scheduled billing ran, saving
// the default settings first when the partner has none.
func (s *sqlStore) MarkBillingRun(ctx context.Context, partnerID int64, at time.Time) error {
	b, err := s.BillingSettings(ctx, partnerID)
	if err != nil {
		return err
	}
	if err := s.SaveBillingSettings(ctx, b); err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx,
		`UPDATE billing_settings SET last_run_at = $1 WHERE partner_id = $2`, orNow(at), partnerID)
	if err != nil {
		return fmt.Errorf("recording the billing run of partner %d: %w", partnerID, err)
	}

	return nil
}
