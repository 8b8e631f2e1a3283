package storetest

import (
	"testing"

	"github.com/psabridge/psabridge/internal/store"
)

var partnerTests = map[string]func(*testing.T, store.Store){
	"PartnerRoundTrip": func(t *testing.T, s store.Store) {
		a := createPartner(t, s, "acme")
		b := createPartner(t, s, "globex-2")
		checkTime(t, "CreatedAt", a.CreatedAt)

		got, err := s.PartnerBySlug(t.Context(), "acme")
		noErr(t, "PartnerBySlug", err)
		diff(t, "PartnerBySlug", a, got)
		all, err := s.Partners(t.Context())
		noErr(t, "Partners", err)
		diff(t, "Partners", []store.Partner{a, b}, all)
		if a.ID == 0 || a.ID == b.ID {
			t.Errorf("partner ids %d and %d: want distinct and non-zero", a.ID, b.ID)
		}
	},
	"PartnerSlugUnique": func(t *testing.T, s store.Store) {
		createPartner(t, s, "acme")
		_, err := s.CreatePartner(t.Context(), "acme", "Another")
		wantErr(t, "second CreatePartner(acme)", err, store.ErrExists)

		all, err := s.Partners(t.Context())
		noErr(t, "Partners", err)
		if len(all) != 1 {
			t.Errorf("%d partners after a refused duplicate, want 1", len(all))
		}
	},
	"PartnerSlugInvalid": func(t *testing.T, s store.Store) {
		for _, slug := range []string{"", "Acme", "acme corp", "-acme", "acme/x"} {
			_, err := s.CreatePartner(t.Context(), slug, "x")
			wantErr(t, "CreatePartner("+slug+")", err, store.ErrInvalid)
		}
	},
	"PartnerNotFound": func(t *testing.T, s store.Store) {
		_, err := s.PartnerBySlug(t.Context(), "nobody")
		wantErr(t, "PartnerBySlug(nobody)", err, store.ErrNotFound)

		all, err := s.Partners(t.Context())
		noErr(t, "Partners", err)
		diff(t, "Partners of an empty store", 0, len(all))
	},
}

var featureTests = map[string]func(*testing.T, store.Store){
	"FeaturesDefaultOff": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		f, err := s.Features(t.Context(), p.ID)
		noErr(t, "Features", err)
		diff(t, "Features before SetFeatures", store.Features{}, f)
	},
	"FeaturesRoundTrip": func(t *testing.T, s store.Store) {
		a := createPartner(t, s, "acme")
		b := createPartner(t, s, "globex")
		all := []store.Features{{Billing: true}, {ServiceDesk: true},
			{Billing: true, ServiceDesk: true}, {}}
		for _, want := range all {
			noErr(t, "SetFeatures", s.SetFeatures(t.Context(), a.ID, want))
			got, err := s.Features(t.Context(), a.ID)
			noErr(t, "Features", err)
			diff(t, "Features", want, got)
		}

		noErr(t, "SetFeatures(b)", s.SetFeatures(t.Context(), b.ID, store.Features{Billing: true}))
		got, err := s.Features(t.Context(), a.ID)
		noErr(t, "Features", err)
		diff(t, "Features of a after setting b's", store.Features{}, got)
	},
	"FeaturesUnknownPartner": func(t *testing.T, s store.Store) {
		err := s.SetFeatures(t.Context(), 999, store.Features{Billing: true})
		wantErr(t, "SetFeatures(999)", err, store.ErrNotFound)
	},
}
