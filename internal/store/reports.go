package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// reportColumns are the columns scanReport reads, after which comes raw.
const reportColumns = `id, partner_id, report_key, reporter_email, platform_company_id,
	file_name, received_at, status, reason, cw_ticket_id, analysis_json, updated_at`

// CreateReport stores a reported e-mail, or returns the partner's existing
// report with the same key and false.
func (s *sqlStore) CreateReport(ctx context.Context, r Report) (Report, bool, error) {
	return s.createReport(ctx, s.db, r)
}

// CreateReportTx is CreateReport inside tx.
func (s *sqlStore) CreateReportTx(ctx context.Context, tx *sql.Tx, r Report) (Report, bool, error) {
	return s.createReport(ctx, tx, r)
}

// createReport is CreateReport through q.
func (s *sqlStore) createReport(ctx context.Context, q querier, r Report) (Report, bool, error) {
	if err := prepareReport(&r); err != nil {
		return Report{}, false, err
	}

	err := q.QueryRowContext(ctx, `
		INSERT INTO reports (partner_id, report_key, reporter_email, platform_company_id,
			file_name, raw, received_at, status, reason, cw_ticket_id, analysis_json, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (partner_id, report_key) DO NOTHING
		RETURNING id`,
		r.PartnerID, r.Key, r.ReporterEmail, nullID(r.PlatformCompanyID), r.FileName, r.Raw,
		r.ReceivedAt, r.Status, r.Reason, r.CWTicketID, nullBytes(r.AnalysisJSON),
		r.UpdatedAt).Scan(&r.ID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		existing, err := reportByKey(ctx, q, r.PartnerID, r.Key)
		return existing, false, err
	case s.dialect.isForeignKey(err):
		return Report{}, false, fmt.Errorf("storing report: partner %d or company %d: %w",
			r.PartnerID, r.PlatformCompanyID, ErrNotFound)
	case err != nil:
		return Report{}, false, fmt.Errorf("storing report of partner %d: %w", r.PartnerID, err)
	}

	return r, true, nil
}

// prepareReport checks a new report and fills in its defaults.
func prepareReport(r *Report) error {
	if r.Key == "" {
		return fmt.Errorf("report: key: %w", ErrInvalid)
	}
	if r.Status == "" {
		r.Status = ReportReceived
	}
	if err := checkStatus(r.Status); err != nil {
		return err
	}
	if r.Raw == nil {
		r.Raw = []byte{}
	}
	r.ReceivedAt = orNow(r.ReceivedAt)
	r.UpdatedAt = now()

	return nil
}

// checkStatus refuses a status other than the Report… constants.
func checkStatus(status string) error {
	switch status {
	case ReportReceived, ReportTicketed, ReportRefused, ReportFailed, ReportParked:
		return nil
	}

	return fmt.Errorf("report status %q: %w", status, ErrInvalid)
}

// reportByKey returns the partner's report with the key.
func reportByKey(ctx context.Context, q querier, partnerID int64, key string) (Report, error) {
	row := q.QueryRowContext(ctx, `SELECT `+reportColumns+`, raw
		FROM reports WHERE partner_id = $1 AND report_key = $2`, partnerID, key)
	r, err := scanReport(row, true)
	if err != nil {
		return Report{}, fmt.Errorf("reading report %q of partner %d: %w", key, partnerID, err)
	}

	return r, nil
}

// Report returns a report with its raw message.
func (s *sqlStore) Report(ctx context.Context, id int64) (Report, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+reportColumns+`, raw FROM reports WHERE id = $1`, id)
	r, err := scanReport(row, true)
	if errors.Is(err, sql.ErrNoRows) {
		return Report{}, fmt.Errorf("report %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Report{}, fmt.Errorf("reading report %d: %w", id, err)
	}

	return r, nil
}

// Reports returns the partner's reports, newest first, without raw messages.
func (s *sqlStore) Reports(ctx context.Context, partnerID int64) ([]Report, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+reportColumns+` FROM reports
		WHERE partner_id = $1 ORDER BY received_at DESC, id DESC`, partnerID)
	rs, err := collect(rows, err, func(r scanner) (Report, error) { return scanReport(r, false) })
	if err != nil {
		return nil, fmt.Errorf("listing reports of partner %d: %w", partnerID, err)
	}

	return rs, nil
}

// scanReport reads reportColumns and, when withRaw, raw after them.
func scanReport(row scanner, withRaw bool) (Report, error) {
	var r Report
	var company sql.NullInt64
	dest := []any{&r.ID, &r.PartnerID, &r.Key, &r.ReporterEmail, &company, &r.FileName,
		&r.ReceivedAt, &r.Status, &r.Reason, &r.CWTicketID, &r.AnalysisJSON, &r.UpdatedAt}
	if withRaw {
		dest = append(dest, &r.Raw)
	}
	err := row.Scan(dest...)
	r.PlatformCompanyID = company.Int64
	r.ReceivedAt, r.UpdatedAt = r.ReceivedAt.UTC(), r.UpdatedAt.UTC()

	return r, err
}

// UpdateReport records a report's progress. A zero ticketID or a nil
// analysis keeps what is stored.
func (s *sqlStore) UpdateReport(ctx context.Context, id int64, status, reason string,
	ticketID int, analysis []byte) error {
	return s.updateReport(ctx, s.db, id, status, reason, ticketID, analysis)
}

// UpdateReportTx is UpdateReport inside tx.
func (s *sqlStore) UpdateReportTx(ctx context.Context, tx *sql.Tx, id int64, status, reason string,
	ticketID int, analysis []byte) error {
	return s.updateReport(ctx, tx, id, status, reason, ticketID, analysis)
}

func (s *sqlStore) updateReport(ctx context.Context, q querier, id int64, status, reason string,
	ticketID int, analysis []byte) error {
	if err := checkStatus(status); err != nil {
		return err
	}

	res, err := q.ExecContext(ctx, `
		UPDATE reports SET status = $1, reason = $2,
			cw_ticket_id = CASE WHEN $3 = 0 THEN cw_ticket_id ELSE $3 END,
			analysis_json = COALESCE($4, analysis_json), updated_at = $5
		WHERE id = $6`,
		status, reason, ticketID, nullBytes(analysis), now(), id)
	if err != nil {
		return fmt.Errorf("updating report %d: %w", id, err)
	}

	return expectOne(res, "report %d", id)
}
