package storetest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/psabridge/psabridge/internal/store"
)

// sampleReport returns a new report for the partner with the key.
func sampleReport(partnerID int64, key string) store.Report {
	return store.Report{PartnerID: partnerID, Key: key, ReporterEmail: "jane@example.com",
		FileName: "report.eml", Raw: []byte("From: a@b\r\nSubject: hi\r\n\r\nbody\x00\xff"),
		ReceivedAt: fixedTime}
}

// createReport stores a new report or fails the test.
func createReport(t *testing.T, s store.Store, r store.Report) store.Report {
	t.Helper()
	got, created, err := s.CreateReport(t.Context(), r)
	noErr(t, "CreateReport", err)
	if !created {
		t.Fatalf("CreateReport(%q) found an existing report", r.Key)
	}

	return got
}

var reportTests = map[string]func(*testing.T, store.Store){
	"ReportRoundTrip": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		c := createCompany(t, s, p.ID, "ext-1")
		r := sampleReport(p.ID, "key-1")
		r.PlatformCompanyID = c.ID
		created := createReport(t, s, r)
		checkTime(t, "UpdatedAt", created.UpdatedAt)

		want := r
		want.ID, want.Status, want.ReceivedAt, want.UpdatedAt = created.ID, store.ReportReceived,
			fixedTimeStored, created.UpdatedAt
		diff(t, "CreateReport result", want, created)
		got, err := s.Report(t.Context(), created.ID)
		noErr(t, "Report", err)
		diff(t, "Report", want, got)
	},
	"ReportDedupByKey": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		first := createReport(t, s, sampleReport(p.ID, "key-1"))

		again := sampleReport(p.ID, "key-1")
		again.Raw, again.ReporterEmail = []byte("other"), "someone@else.com"
		got, created, err := s.CreateReport(t.Context(), again)
		noErr(t, "CreateReport with the same key", err)
		if created {
			t.Error("CreateReport with an existing key reported created")
		}
		diff(t, "existing report", first, got)
		all, err := s.Reports(t.Context(), p.ID)
		noErr(t, "Reports", err)
		diff(t, "reports after a duplicate", 1, len(all))
	},
	"ReportKeyPerPartner": func(t *testing.T, s store.Store) {
		a := createPartner(t, s, "acme")
		b := createPartner(t, s, "globex")
		ra := createReport(t, s, sampleReport(a.ID, "key-1"))
		rb := createReport(t, s, sampleReport(b.ID, "key-1"))
		if ra.ID == rb.ID {
			t.Errorf("the same key of two partners gave one report %d", ra.ID)
		}
	},
	"ReportDedupConcurrent": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		const n = 8
		ids := make([]int64, n)
		created := make([]bool, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				var r store.Report
				r, created[i], errs[i] = s.CreateReport(t.Context(), sampleReport(p.ID, "same"))
				ids[i] = r.ID
			})
		}
		wg.Wait()

		count := 0
		for i := range n {
			noErr(t, fmt.Sprintf("CreateReport %d", i), errs[i])
			if created[i] {
				count++
			}
			diff(t, fmt.Sprintf("report id of caller %d", i), ids[0], ids[i])
		}
		diff(t, "number of callers that created the report", 1, count)
	},
	"ReportsNewestFirstWithoutRaw": func(t *testing.T, s store.Store) {
		a := createPartner(t, s, "acme")
		b := createPartner(t, s, "globex")
		older := sampleReport(a.ID, "old")
		newer := sampleReport(a.ID, "new")
		newer.ReceivedAt = fixedTime.AddDate(0, 0, 1)
		ro := createReport(t, s, older)
		rn := createReport(t, s, newer)
		createReport(t, s, sampleReport(b.ID, "other"))

		got, err := s.Reports(t.Context(), a.ID)
		noErr(t, "Reports", err)
		ro.Raw, rn.Raw = nil, nil
		diff(t, "Reports", []store.Report{rn, ro}, got)
	},
	"ReportInvalid": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		_, _, err := s.CreateReport(t.Context(), sampleReport(p.ID, ""))
		wantErr(t, "report without key", err, store.ErrInvalid)
		r := sampleReport(p.ID, "k")
		r.Status = "lost"
		_, _, err = s.CreateReport(t.Context(), r)
		wantErr(t, "report with unknown status", err, store.ErrInvalid)
		_, _, err = s.CreateReport(t.Context(), sampleReport(999, "k"))
		wantErr(t, "report of unknown partner", err, store.ErrNotFound)
		_, err = s.Report(t.Context(), 12345)
		wantErr(t, "Report(12345)", err, store.ErrNotFound)
	},
	"ReportUnknownCompanyOfOtherPartner": func(t *testing.T, s store.Store) {
		a := createPartner(t, s, "acme")
		b := createPartner(t, s, "globex")
		cb := createCompany(t, s, b.ID, "ext-b")
		r := sampleReport(a.ID, "k")
		r.PlatformCompanyID = cb.ID
		_, _, err := s.CreateReport(t.Context(), r)
		wantErr(t, "report of partner a in b's company", err, store.ErrNotFound)
	},
	"ReportUpdate": testReportUpdate,
}

func testReportUpdate(t *testing.T, s store.Store) {
	p := createPartner(t, s, "acme")
	r := createReport(t, s, sampleReport(p.ID, "k"))
	analysis := []byte(`{"spf":"fail"}`)

	err := s.UpdateReport(t.Context(), r.ID, store.ReportTicketed, "", 4711, analysis)
	noErr(t, "UpdateReport ticketed", err)
	noErr(t, "UpdateReport keeping ticket and analysis",
		s.UpdateReport(t.Context(), r.ID, store.ReportFailed, "attachment upload failed", 0, nil))
	got, err := s.Report(t.Context(), r.ID)
	noErr(t, "Report", err)
	checkTime(t, "UpdatedAt", got.UpdatedAt)

	want := r
	want.Status, want.Reason, want.CWTicketID, want.AnalysisJSON, want.UpdatedAt =
		store.ReportFailed, "attachment upload failed", 4711, analysis, got.UpdatedAt
	diff(t, "updated report", want, got)
	wantErr(t, "UpdateReport with unknown status",
		s.UpdateReport(t.Context(), r.ID, "lost", "", 0, nil), store.ErrInvalid)
	wantErr(t, "UpdateReport of unknown report",
		s.UpdateReport(t.Context(), 12345, store.ReportRefused, "", 0, nil), store.ErrNotFound)
}

var documentTests = map[string]func(*testing.T, store.Store){
	"ReportDocuments": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		r := createReport(t, s, sampleReport(p.ID, "k"))
		other := createReport(t, s, sampleReport(p.ID, "k2"))
		docs := []store.ReportDocument{
			{ReportID: r.ID, Name: "report.eml", CWDocumentID: 9},
			{ReportID: r.ID, Name: "invoice.pdf", CWDocumentID: 10},
			{ReportID: other.ID, Name: "x.eml", CWDocumentID: 11},
		}
		for _, d := range docs {
			noErr(t, "AddReportDocument", s.AddReportDocument(t.Context(), d))
		}

		got, err := s.ReportDocuments(t.Context(), r.ID)
		noErr(t, "ReportDocuments", err)
		diff(t, "ReportDocuments", []store.ReportDocument{docs[1], docs[0]}, got)
	},
	"ReportDocumentDuplicate": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		r := createReport(t, s, sampleReport(p.ID, "k"))
		d := store.ReportDocument{ReportID: r.ID, Name: "report.eml", CWDocumentID: 9}
		noErr(t, "AddReportDocument", s.AddReportDocument(t.Context(), d))

		wantErr(t, "AddReportDocument twice", s.AddReportDocument(t.Context(), d), store.ErrExists)
		d.ReportID = 12345
		err := s.AddReportDocument(t.Context(), d)
		wantErr(t, "AddReportDocument of unknown report", err, store.ErrNotFound)
	},
}
