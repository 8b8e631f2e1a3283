package storetest

import (
	"fmt"
	"testing"

	"github.com/psabridge/psabridge/internal/store"
)

func testSearchCompanies(t *testing.T, st store.Store) {
	ctx := t.Context()
	s := members(t, st)
	p, other := createPartner(t, s, "acme"), createPartner(t, s, "globex")
	var cs []store.PlatformCompany
	for i := range 25 {
		cs = append(cs, createCompany(t, s, p.ID, fmt.Sprintf("ext-%02d", i)))
	}
	odd, err := s.UpsertPlatformCompany(ctx, store.PlatformCompany{PartnerID: p.ID,
		ExternalID: "odd", Name: "100%_Off Ltd"})
	noErr(t, "UpsertPlatformCompany", err)
	createCompany(t, s, other.ID, "ext-99")
	for i, u := range []store.EndUser{
		{CompanyID: cs[1].ID, Active: true, Billable: true},
		{CompanyID: cs[1].ID, Active: true, Billable: true},
		{CompanyID: cs[1].ID, Active: true},
		{CompanyID: cs[1].ID, Active: true, Billable: true, Email: "left-out@acme.example"},
		{CompanyID: cs[2].ID, Active: true, Billable: true},
		{},
	} {
		u.PartnerID = p.ID
		if u.Email == "" {
			u.Email = fmt.Sprintf("u%d@acme.example", i)
		}
		_, err := s.UpsertEndUser(ctx, u)
		noErr(t, "UpsertEndUser", err)
	}
	noErr(t, "exclude", s.SetUserExcluded(ctx, p.ID, "LEFT-OUT@acme.example", true))
	noErr(t, "exclude", s.SetUserExcluded(ctx, p.ID, "nobody@acme.example", true))
	noErr(t, "SetPushedCount", s.SetPushedCount(ctx, p.ID, cs[2].ID, 9))

	page, err := s.SearchCompanies(ctx, p.ID, store.CompanyQuery{Limit: 10})
	noErr(t, "page 1", err)
	diff(t, "total", 26, page.Total)
	diff(t, "page 1", []store.CompanyRow{
		{PlatformCompany: cs[0], Pushed: -1},
		{PlatformCompany: cs[1], Users: 4, Roster: 2, Pushed: -1},
		{PlatformCompany: cs[2], Users: 1, Roster: 1, Pushed: 9},
	}, page.Companies[:3])
	diff(t, "page 1 size", 10, len(page.Companies))

	page, err = s.SearchCompanies(ctx, p.ID, store.CompanyQuery{Limit: 10, Offset: 20})
	noErr(t, "page 3", err)
	diff(t, "page 3 size", 6, len(page.Companies))
	diff(t, "page 3 last", odd.ExternalID, page.Companies[5].ExternalID)

	for _, tt := range []struct {
		q    store.CompanyQuery
		want int
	}{
		{store.CompanyQuery{Search: "EXT-1"}, 10},
		{store.CompanyQuery{Search: "company ext-2"}, 5},
		{store.CompanyQuery{Search: "%_off"}, 1},
		{store.CompanyQuery{Search: "%"}, 1},
		{store.CompanyQuery{Search: "ext-99"}, 0},
		{store.CompanyQuery{ExternalID: "ext-01"}, 1},
		{store.CompanyQuery{ExternalID: "ext-0"}, 0},
	} {
		page, err := s.SearchCompanies(ctx, p.ID, tt.q)
		noErr(t, "SearchCompanies", err)
		diff(t, fmt.Sprintf("matches of %+v", tt.q), tt.want, page.Total)
		diff(t, fmt.Sprintf("listed of %+v", tt.q), tt.want, len(page.Companies))
	}

	orphans, err := s.ExcludedWithoutUser(ctx, p.ID)
	noErr(t, "ExcludedWithoutUser", err)
	diff(t, "excluded without user", []string{"nobody@acme.example"}, orphans)
}
