package storetest

import (
	"testing"

	"github.com/psabridge/psabridge/internal/store"
)

var companyTests = map[string]func(*testing.T, store.Store){
	"PlatformCompanyUpsert": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		c, err := s.UpsertPlatformCompany(t.Context(), store.PlatformCompany{PartnerID: p.ID,
			ExternalID: "ext-1", Name: "Initech",
			Domains: []string{"initech.com", "initech.co.uk"}})
		noErr(t, "UpsertPlatformCompany", err)
		if c.ID == 0 {
			t.Fatal("UpsertPlatformCompany returned id 0")
		}

		c2 := store.PlatformCompany{PartnerID: p.ID, ExternalID: "ext-1", Name: "Initech Ltd",
			Domains: []string{"initech.io"}}
		updated, err := s.UpsertPlatformCompany(t.Context(), c2)
		noErr(t, "UpsertPlatformCompany again", err)
		c2.ID = c.ID
		diff(t, "updated company", c2, updated)

		all, err := s.PlatformCompanies(t.Context(), p.ID)
		noErr(t, "PlatformCompanies", err)
		diff(t, "PlatformCompanies", []store.PlatformCompany{c2}, all)
	},
	"PlatformCompaniesPerPartner": func(t *testing.T, s store.Store) {
		a := createPartner(t, s, "acme")
		b := createPartner(t, s, "globex")
		ca1 := createCompany(t, s, a.ID, "ext-1")
		ca2 := createCompany(t, s, a.ID, "ext-2")
		cb := createCompany(t, s, b.ID, "ext-1")
		if cb.ID == ca1.ID {
			t.Errorf("same external id of two partners shares id %d", cb.ID)
		}

		all, err := s.PlatformCompanies(t.Context(), a.ID)
		noErr(t, "PlatformCompanies(a)", err)
		diff(t, "PlatformCompanies(a)", []store.PlatformCompany{ca1, ca2}, all)
	},
	"PlatformCompanyInvalid": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		noExternalID := store.PlatformCompany{PartnerID: p.ID, Name: "x"}
		_, err := s.UpsertPlatformCompany(t.Context(), noExternalID)
		wantErr(t, "company without external id", err, store.ErrInvalid)

		unknownPartner := store.PlatformCompany{PartnerID: 999, ExternalID: "e"}
		_, err = s.UpsertPlatformCompany(t.Context(), unknownPartner)
		wantErr(t, "company of an unknown partner", err, store.ErrNotFound)
	},
}

var endUserTests = map[string]func(*testing.T, store.Store){
	"EndUserUpsertIgnoresCase": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		c := createCompany(t, s, p.ID, "ext-1")
		u, err := s.UpsertEndUser(t.Context(), store.EndUser{PartnerID: p.ID, CompanyID: c.ID,
			Email: "Jane.Doe@Example.com", Name: "Jane", Active: true, Billable: true})
		noErr(t, "UpsertEndUser", err)

		u2 := store.EndUser{PartnerID: p.ID, Email: "jane.doe@example.COM", Name: "Jane D"}
		updated, err := s.UpsertEndUser(t.Context(), u2)
		noErr(t, "UpsertEndUser with other case", err)
		u2.ID = u.ID
		diff(t, "updated user", u2, updated)

		got, err := s.EndUserByEmail(t.Context(), p.ID, "JANE.DOE@example.com")
		noErr(t, "EndUserByEmail", err)
		diff(t, "EndUserByEmail", u2, got)
	},
	"EndUserRoundTrip": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		c := createCompany(t, s, p.ID, "ext-1")
		want := store.EndUser{PartnerID: p.ID, CompanyID: c.ID, Email: "bob@example.com",
			Name: "Bob", Active: true, Billable: false}
		u, err := s.UpsertEndUser(t.Context(), want)
		noErr(t, "UpsertEndUser", err)
		want.ID = u.ID

		got, err := s.EndUserByEmail(t.Context(), p.ID, "bob@example.com")
		noErr(t, "EndUserByEmail", err)
		diff(t, "EndUserByEmail", want, got)
	},
	"EndUserTenantIsolation": func(t *testing.T, s store.Store) {
		a := createPartner(t, s, "acme")
		b := createPartner(t, s, "globex")
		cb := createCompany(t, s, b.ID, "ext-b")
		_, err := s.UpsertEndUser(t.Context(), store.EndUser{PartnerID: a.ID, CompanyID: cb.ID,
			Email: "x@example.com"})
		wantErr(t, "user of partner a in partner b's company", err, store.ErrNotFound)

		ub := store.EndUser{PartnerID: b.ID, Email: "x@example.com"}
		_, err = s.UpsertEndUser(t.Context(), ub)
		noErr(t, "UpsertEndUser(b)", err)
		_, err = s.EndUserByEmail(t.Context(), a.ID, "x@example.com")
		wantErr(t, "EndUserByEmail of partner a", err, store.ErrNotFound)
	},
	"EndUsersList": func(t *testing.T, s store.Store) {
		a := createPartner(t, s, "acme")
		b := createPartner(t, s, "globex")
		c := createCompany(t, s, a.ID, "ext-1")
		var want []store.EndUser
		for _, u := range []store.EndUser{
			{PartnerID: a.ID, CompanyID: c.ID, Email: "z@x", Name: "Zed", Active: true},
			{PartnerID: a.ID, Email: "a@x", Name: "Ann", Billable: true},
		} {
			got, err := s.UpsertEndUser(t.Context(), u)
			noErr(t, "UpsertEndUser", err)
			want = append(want, got)
		}
		_, err := s.UpsertEndUser(t.Context(), store.EndUser{PartnerID: b.ID, Email: "b@x"})
		noErr(t, "UpsertEndUser(b)", err)

		got, err := s.EndUsers(t.Context(), a.ID)
		noErr(t, "EndUsers", err)
		diff(t, "EndUsers", want, got)
	},
	"EndUserInvalid": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		_, err := s.UpsertEndUser(t.Context(), store.EndUser{PartnerID: p.ID, Email: "  "})
		wantErr(t, "user without address", err, store.ErrInvalid)
	},
	"BillableCounts": func(t *testing.T, s store.Store) {
		a := createPartner(t, s, "acme")
		b := createPartner(t, s, "globex")
		c1 := createCompany(t, s, a.ID, "ext-1")
		c2 := createCompany(t, s, a.ID, "ext-2")
		cb := createCompany(t, s, b.ID, "ext-b")
		users := []store.EndUser{
			{PartnerID: a.ID, CompanyID: c1.ID, Email: "1@x", Active: true, Billable: true},
			{PartnerID: a.ID, CompanyID: c1.ID, Email: "2@x", Active: true, Billable: true},
			{PartnerID: a.ID, CompanyID: c1.ID, Email: "inactive@x", Active: false, Billable: true},
			{PartnerID: a.ID, CompanyID: c1.ID, Email: "free@x", Active: true, Billable: false},
			{PartnerID: a.ID, CompanyID: c2.ID, Email: "3@x", Active: false, Billable: false},
			{PartnerID: a.ID, Email: "nocompany@x", Active: true, Billable: true},
			{PartnerID: b.ID, CompanyID: cb.ID, Email: "1@x", Active: true, Billable: true},
		}
		for _, u := range users {
			_, err := s.UpsertEndUser(t.Context(), u)
			noErr(t, "UpsertEndUser", err)
		}

		got, err := s.BillableCounts(t.Context(), a.ID)
		noErr(t, "BillableCounts", err)
		diff(t, "BillableCounts", map[int64]int{c1.ID: 2, c2.ID: 0}, got)
	},
	"BillableCountsFollowUpdates": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		c := createCompany(t, s, p.ID, "ext-1")
		u := store.EndUser{PartnerID: p.ID, CompanyID: c.ID, Email: "a@x", Billable: true}
		for _, active := range []bool{true, false} {
			u.Active = active
			_, err := s.UpsertEndUser(t.Context(), u)
			noErr(t, "UpsertEndUser", err)
		}

		got, err := s.BillableCounts(t.Context(), p.ID)
		noErr(t, "BillableCounts", err)
		diff(t, "BillableCounts after deactivating", map[int64]int{c.ID: 0}, got)
	},
}
