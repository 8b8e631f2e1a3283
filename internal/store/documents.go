package store

import (
	"context"
	"fmt"
)

// AddReportDocument records an attachment uploaded to a report's ticket.
func (s *sqlStore) AddReportDocument(ctx context.Context, d ReportDocument) error {
	_, err := s.db.ExecContext(ctx,
		`INSERT INTO report_documents (report_id, name, cw_document_id) VALUES ($1, $2, $3)`,
		d.ReportID, d.Name, d.CWDocumentID)
	switch {
	case s.dialect.isUnique(err):
		return fmt.Errorf("document %q of report %d: %w", d.Name, d.ReportID, ErrExists)
	case s.dialect.isForeignKey(err):
		return fmt.Errorf("recording document: report %d: %w", d.ReportID, ErrNotFound)
	case err != nil:
		return fmt.Errorf("recording document of report %d: %w", d.ReportID, err)
	}

	return nil
}

// ReportDocuments returns the documents recorded for a report, by name.
func (s *sqlStore) ReportDocuments(ctx context.Context, reportID int64) ([]ReportDocument, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT report_id, name, cw_document_id FROM report_documents
		WHERE report_id = $1 ORDER BY name`, reportID)
	ds, err := collect(rows, err, func(r scanner) (ReportDocument, error) {
		var d ReportDocument
		return d, r.Scan(&d.ReportID, &d.Name, &d.CWDocumentID)
	})
	if err != nil {
		return nil, fmt.Errorf("listing documents of report %d: %w", reportID, err)
	}

	return ds, nil
}
