package storetest

import (
	"testing"

	"github.com/psabridge/psabridge/internal/store"
)

var billingTests = map[string]func(*testing.T, store.Store){
	"BillingSettingsDefaultsAndRoundTrip": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		got, err := s.BillingSettings(t.Context(), p.ID)
		noErr(t, "BillingSettings before saving", err)
		diff(t, "default settings", store.DefaultBillingSettings(p.ID), got)

		b := store.BillingSettings{PartnerID: p.ID, Product: "PHISH", Schedule: "monthly",
			DayOfMonth: 28, Hour: 23, TimeZone: "Australia/Sydney", Effective: "next-invoice",
			OverwriteDrift: true}
		noErr(t, "SaveBillingSettings", s.SaveBillingSettings(t.Context(), b))
		noErr(t, "MarkBillingRun", s.MarkBillingRun(t.Context(), p.ID, fixedTime))
		b.Prorate = true
		noErr(t, "SaveBillingSettings again", s.SaveBillingSettings(t.Context(), b))

		got, err = s.BillingSettings(t.Context(), p.ID)
		noErr(t, "BillingSettings", err)
		b.LastRunAt = fixedTimeStored
		diff(t, "settings", b, got)
		err = s.SaveBillingSettings(t.Context(), store.BillingSettings{PartnerID: 999,
			Schedule: "manual"})
		wantErr(t, "SaveBillingSettings of unknown partner", err, store.ErrNotFound)
	},
	"MarkBillingRunWithoutSettings": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		noErr(t, "MarkBillingRun", s.MarkBillingRun(t.Context(), p.ID, fixedTime))
		got, err := s.BillingSettings(t.Context(), p.ID)
		noErr(t, "BillingSettings", err)
		want := store.DefaultBillingSettings(p.ID)
		want.LastRunAt = fixedTimeStored
		diff(t, "settings", want, got)
	},
	"RosterCountsExcludeUsers": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		other := createPartner(t, s, "globex")
		c := createCompany(t, s, p.ID, "ext-1")
		empty := createCompany(t, s, p.ID, "ext-2")
		users := []store.EndUser{
			{Email: "a@x.example", Active: true, Billable: true},
			{Email: "B@x.example", Active: true, Billable: true},
			{Email: "c@x.example", Active: false, Billable: true},
			{Email: "d@x.example", Active: true, Billable: false},
		}
		for _, u := range users {
			u.PartnerID, u.CompanyID = p.ID, c.ID
			_, err := s.UpsertEndUser(t.Context(), u)
			noErr(t, "UpsertEndUser", err)
		}
		noErr(t, "exclude b", s.SetUserExcluded(t.Context(), p.ID, "b@X.example", true))
		noErr(t, "exclude twice", s.SetUserExcluded(t.Context(), p.ID, "b@x.example", true))
		noErr(t, "exclude a as other", s.SetUserExcluded(t.Context(), other.ID, "a@x.example", true))

		got, err := s.RosterCounts(t.Context(), p.ID)
		noErr(t, "RosterCounts", err)
		diff(t, "RosterCounts", map[int64]int{c.ID: 1, empty.ID: 0}, got)
		ex, err := s.ExcludedUsers(t.Context(), p.ID)
		noErr(t, "ExcludedUsers", err)
		diff(t, "ExcludedUsers", []string{"b@x.example"}, ex)

		noErr(t, "include b", s.SetUserExcluded(t.Context(), p.ID, "B@x.example", false))
		got, err = s.RosterCounts(t.Context(), p.ID)
		noErr(t, "RosterCounts after including", err)
		diff(t, "RosterCounts after including", map[int64]int{c.ID: 2, empty.ID: 0}, got)
		wantErr(t, "exclude empty address", s.SetUserExcluded(t.Context(), p.ID, " ", true),
			store.ErrInvalid)
	},
	"PushedCounts": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		other := createPartner(t, s, "globex")
		c1 := createCompany(t, s, p.ID, "ext-1")
		c2 := createCompany(t, s, p.ID, "ext-2")
		noErr(t, "set c1", s.SetPushedCount(t.Context(), p.ID, c1.ID, 12))
		noErr(t, "set c1 again", s.SetPushedCount(t.Context(), p.ID, c1.ID, 14))
		noErr(t, "set c2", s.SetPushedCount(t.Context(), p.ID, c2.ID, 3))
		noErr(t, "clear c2", s.SetPushedCount(t.Context(), p.ID, c2.ID, -1))

		got, err := s.PushedCounts(t.Context(), p.ID)
		noErr(t, "PushedCounts", err)
		diff(t, "PushedCounts", map[int64]int{c1.ID: 14}, got)
		err = s.SetPushedCount(t.Context(), other.ID, c1.ID, 1)
		wantErr(t, "pushing a count for another partner's company", err, store.ErrNotFound)
	},
	"LastPushedQuantities": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		changes := []store.BillingChange{
			{AgreementID: 1, AdditionID: 10, NewQuantity: 5, Result: store.BillingResultOK,
				At: fixedTime},
			{AgreementID: 1, AdditionID: 10, NewQuantity: 7, Result: store.BillingResultOK,
				At: fixedTime.AddDate(0, 0, 1)},
			{AgreementID: 1, AdditionID: 10, NewQuantity: 9, Result: "failed: 500",
				At: fixedTime.AddDate(0, 0, 2)},
			{AgreementID: 2, AdditionID: 20, NewQuantity: 3, Result: store.BillingResultOK,
				At: fixedTime},
		}
		for _, c := range changes {
			c.PartnerID = p.ID
			noErr(t, "AddBillingChange", s.AddBillingChange(t.Context(), c))
		}

		got, err := s.LastPushedQuantities(t.Context(), p.ID)
		noErr(t, "LastPushedQuantities", err)
		want := map[store.AdditionRef]float64{{AgreementID: 1, AdditionID: 10}: 7,
			{AgreementID: 2, AdditionID: 20}: 3}
		diff(t, "LastPushedQuantities", want, got)
	},
}
