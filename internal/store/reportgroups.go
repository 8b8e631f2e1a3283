package store

import (
	"context"
	"fmt"
)

// ClaimReportGroup makes the report the first of its group unless the
// group has one, and returns the group's first report.
func (s *sqlStore) ClaimReportGroup(ctx context.Context, partnerID int64, key string,
	reportID int64) (int64, error) {
	if key == "" {
		return 0, fmt.Errorf("report group: key: %w", ErrInvalid)
	}

	_, err := s.db.ExecContext(ctx, `
		INSERT INTO report_groups (partner_id, group_key, first_report_id) VALUES ($1, $2, $3)
		ON CONFLICT (partner_id, group_key) DO NOTHING`, partnerID, key, reportID)
	switch {
	case s.dialect.isForeignKey(err):
		return 0, fmt.Errorf("report group: partner %d or report %d: %w",
			partnerID, reportID, ErrNotFound)
	case err != nil:
		return 0, fmt.Errorf("claiming report group of report %d: %w", reportID, err)
	}

	var first int64
	err = s.db.QueryRowContext(ctx, `SELECT first_report_id FROM report_groups
		WHERE partner_id = $1 AND group_key = $2`, partnerID, key).Scan(&first)
	if err != nil {
		return 0, fmt.Errorf("reading report group of report %d: %w", reportID, err)
	}

	return first, nil
}
