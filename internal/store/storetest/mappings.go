package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/psabridge/psabridge/internal/store"
)

// ignoreUpdatedAt compares mappings without the time SaveMapping stamps.
var ignoreUpdatedAt = cmpopts.IgnoreFields(store.Mapping{}, "UpdatedAt")

var mappingTests = map[string]func(*testing.T, store.Store){
	"MappingRoundTrip": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		c1 := createCompany(t, s, p.ID, "ext-1")
		c2 := createCompany(t, s, p.ID, "ext-2")
		m1 := store.Mapping{PartnerID: p.ID, PlatformCompanyID: c1.ID, CWCompanyID: 250,
			CWCompanyName: "Initech", AgreementID: 31, AdditionID: 77, Method: "auto",
			Confidence: 0.93}
		m2 := store.Mapping{PartnerID: p.ID, PlatformCompanyID: c2.ID, CWCompanyID: 251,
			CWCompanyName: "Globex", Method: "manual", Confidence: 1}
		noErr(t, "SaveMapping(m2)", s.SaveMapping(t.Context(), m2))
		noErr(t, "SaveMapping(m1)", s.SaveMapping(t.Context(), m1))

		got, err := s.Mappings(t.Context(), p.ID)
		noErr(t, "Mappings", err)
		diff(t, "Mappings", []store.Mapping{m1, m2}, got, ignoreUpdatedAt)
		for _, m := range got {
			checkTime(t, "UpdatedAt", m.UpdatedAt)
		}
	},
	"MappingReplaced": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		c := createCompany(t, s, p.ID, "ext-1")
		m := store.Mapping{PartnerID: p.ID, PlatformCompanyID: c.ID, CWCompanyID: 250,
			CWCompanyName: "Initech", Method: "auto", Confidence: 0.6}
		noErr(t, "SaveMapping", s.SaveMapping(t.Context(), m))
		m.CWCompanyID, m.CWCompanyName, m.AgreementID, m.AdditionID = 300, "Initech Corp", 5, 6
		m.Method, m.Confidence = "manual", 1
		noErr(t, "SaveMapping again", s.SaveMapping(t.Context(), m))

		got, err := s.Mappings(t.Context(), p.ID)
		noErr(t, "Mappings", err)
		diff(t, "Mappings", []store.Mapping{m}, got, ignoreUpdatedAt)
	},
	"MappingDelete": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		c := createCompany(t, s, p.ID, "ext-1")
		m := store.Mapping{PartnerID: p.ID, PlatformCompanyID: c.ID, CWCompanyID: 1}
		noErr(t, "SaveMapping", s.SaveMapping(t.Context(), m))

		noErr(t, "DeleteMapping", s.DeleteMapping(t.Context(), p.ID, c.ID))
		got, err := s.Mappings(t.Context(), p.ID)
		noErr(t, "Mappings", err)
		diff(t, "Mappings after delete", 0, len(got))
		err = s.DeleteMapping(t.Context(), p.ID, c.ID)
		wantErr(t, "DeleteMapping twice", err, store.ErrNotFound)
	},
	"MappingTenantIsolation": func(t *testing.T, s store.Store) {
		a := createPartner(t, s, "acme")
		b := createPartner(t, s, "globex")
		cb := createCompany(t, s, b.ID, "ext-b")
		err := s.SaveMapping(t.Context(), store.Mapping{PartnerID: a.ID, PlatformCompanyID: cb.ID,
			CWCompanyID: 1, Method: "manual"})
		wantErr(t, "mapping partner b's company as partner a", err, store.ErrNotFound)

		m := store.Mapping{PartnerID: b.ID, PlatformCompanyID: cb.ID, CWCompanyID: 1}
		noErr(t, "SaveMapping(b)", s.SaveMapping(t.Context(), m))
		wantErr(t, "DeleteMapping of b's company as a",
			s.DeleteMapping(t.Context(), a.ID, cb.ID), store.ErrNotFound)
		got, err := s.Mappings(t.Context(), a.ID)
		noErr(t, "Mappings(a)", err)
		diff(t, "Mappings(a)", 0, len(got))
	},
}
