package storetest

import (
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/store"
)

var companyDeleteTests = map[string]func(*testing.T, store.Store){
	"DeletePlatformCompanies": func(t *testing.T, s store.Store) {
		ctx := t.Context()
		p := createPartner(t, s, "acme")
		gone, kept := createCompany(t, s, p.ID, "junk"), createCompany(t, s, p.ID, "keep")
		for _, u := range []store.EndUser{
			{PartnerID: p.ID, CompanyID: gone.ID, Email: "a@junk.example", Active: true, Billable: true},
			{PartnerID: p.ID, CompanyID: gone.ID, Email: "b@junk.example"},
			{PartnerID: p.ID, CompanyID: kept.ID, Email: "c@keep.example"},
		} {
			_, err := s.UpsertEndUser(ctx, u)
			noErr(t, "UpsertEndUser", err)
		}
		noErr(t, "SaveMapping", s.SaveMapping(ctx, store.Mapping{PartnerID: p.ID,
			PlatformCompanyID: gone.ID, CWCompanyID: 7, CWCompanyName: "CW", Method: "manual"}))
		noErr(t, "SetPushedCount", s.SetPushedCount(ctx, p.ID, gone.ID, 12))
		noErr(t, "SetPushedCount", s.SetPushedCount(ctx, p.ID, kept.ID, 3))
		noErr(t, "AddBillingChange", s.AddBillingChange(ctx, store.BillingChange{PartnerID: p.ID,
			PlatformCompanyID: gone.ID, NewQuantity: 12, Result: "ok", Actor: "test"}))
		r := sampleReport(p.ID, "k1")
		r.PlatformCompanyID = gone.ID
		r = createReport(t, s, r)

		got, err := s.DeletePlatformCompanies(ctx, p.ID, []string{"junk", "junk"}, "admin@acme")
		noErr(t, "DeletePlatformCompanies", err)
		diff(t, "deleted", []store.DeletedCompany{{PlatformCompany: gone, Users: 2}}, got)

		cs, err := s.PlatformCompanies(ctx, p.ID)
		noErr(t, "PlatformCompanies", err)
		diff(t, "companies left", []store.PlatformCompany{kept}, cs)
		us, err := s.EndUsers(ctx, p.ID)
		noErr(t, "EndUsers", err)
		if len(us) != 1 || us[0].Email != "c@keep.example" {
			t.Errorf("users left = %+v, want only c@keep.example", us)
		}
		ms, err := s.Mappings(ctx, p.ID)
		noErr(t, "Mappings", err)
		diff(t, "mappings left", 0, len(ms))
		pushed, err := s.PushedCounts(ctx, p.ID)
		noErr(t, "PushedCounts", err)
		diff(t, "pushed counts left", map[int64]int{kept.ID: 3}, pushed)
		rs, err := s.Reports(ctx, p.ID)
		noErr(t, "Reports", err)
		if len(rs) != 1 || rs[0].ID != r.ID || rs[0].PlatformCompanyID != 0 {
			t.Errorf("reports = %+v, want report %d kept with no company", rs, r.ID)
		}
		bc, err := s.BillingChanges(ctx, p.ID)
		noErr(t, "BillingChanges", err)
		if len(bc) != 1 || bc[0].PlatformCompanyID != gone.ID {
			t.Errorf("billing changes = %+v, want the one of company %d kept", bc, gone.ID)
		}
		log, err := s.AuditLog(ctx, p.ID)
		noErr(t, "AuditLog", err)
		if len(log) != 1 || log[0].Action != "companies.delete" || log[0].Actor != "admin@acme" ||
			!strings.Contains(log[0].Detail, `"junk"`) || !strings.Contains(log[0].Detail, "2 users") {
			t.Errorf("audit log = %+v, want one companies.delete by admin@acme naming junk and 2 users", log)
		}
	},
	"DeletePlatformCompaniesUnknownDeletesNothing": func(t *testing.T, s store.Store) {
		ctx := t.Context()
		a, b := createPartner(t, s, "acme"), createPartner(t, s, "globex")
		ca := createCompany(t, s, a.ID, "a-co")
		cb := createCompany(t, s, b.ID, "b-co")

		_, err := s.DeletePlatformCompanies(ctx, a.ID, []string{"a-co", "b-co", "nope"}, "x")
		wantErr(t, "deleting another partner's and an unknown company", err, store.ErrNotFound)
		if err == nil || !strings.Contains(err.Error(), `"b-co"`) || !strings.Contains(err.Error(), `"nope"`) ||
			strings.Contains(err.Error(), `"a-co"`) {
			t.Errorf("error %v, want one naming \"b-co\" and \"nope\" only", err)
		}

		left, err := s.PlatformCompanies(ctx, a.ID)
		noErr(t, "PlatformCompanies(a)", err)
		diff(t, "a's companies", []store.PlatformCompany{ca}, left)
		left, err = s.PlatformCompanies(ctx, b.ID)
		noErr(t, "PlatformCompanies(b)", err)
		diff(t, "b's companies", []store.PlatformCompany{cb}, left)
		log, err := s.AuditLog(ctx, a.ID)
		noErr(t, "AuditLog", err)
		diff(t, "audit entries", 0, len(log))
	},
}
