package storetest

import (
	"testing"

	"github.com/psabridge/psabridge/internal/store"
)

var reportGroupTests = map[string]func(*testing.T, store.Store){
	"ReportGroupFirstClaimWins": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		a := createReport(t, s, sampleReport(p.ID, "key-a"))
		b := createReport(t, s, sampleReport(p.ID, "key-b"))

		first, err := s.ClaimReportGroup(t.Context(), p.ID, "msg-1", a.ID)
		noErr(t, "ClaimReportGroup(a)", err)
		diff(t, "first claim", a.ID, first)
		first, err = s.ClaimReportGroup(t.Context(), p.ID, "msg-1", b.ID)
		noErr(t, "ClaimReportGroup(b)", err)
		diff(t, "later claim", a.ID, first)
		first, err = s.ClaimReportGroup(t.Context(), p.ID, "msg-2", b.ID)
		noErr(t, "ClaimReportGroup(b, other group)", err)
		diff(t, "other group", b.ID, first)
	},
	"ReportGroupPerPartner": func(t *testing.T, s store.Store) {
		p, q := createPartner(t, s, "acme"), createPartner(t, s, "other")
		a := createReport(t, s, sampleReport(p.ID, "key-a"))
		b := createReport(t, s, sampleReport(q.ID, "key-b"))
		_, err := s.ClaimReportGroup(t.Context(), p.ID, "msg-1", a.ID)
		noErr(t, "ClaimReportGroup(a)", err)
		first, err := s.ClaimReportGroup(t.Context(), q.ID, "msg-1", b.ID)
		noErr(t, "ClaimReportGroup(b)", err)
		diff(t, "other partner's group", b.ID, first)
	},
	"ReportGroupRefusesBadInput": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		a := createReport(t, s, sampleReport(p.ID, "key-a"))
		_, err := s.ClaimReportGroup(t.Context(), p.ID, "", a.ID)
		wantErr(t, "empty key", err, store.ErrInvalid)
		_, err = s.ClaimReportGroup(t.Context(), p.ID, "msg-1", a.ID+100)
		wantErr(t, "missing report", err, store.ErrNotFound)
	},
}
