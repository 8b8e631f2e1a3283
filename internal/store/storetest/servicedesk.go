package storetest

import (
	"testing"

	"github.com/psabridge/psabridge/internal/store"
)

var serviceDeskTests = map[string]func(*testing.T, store.Store){
	"ServiceDeskSettingsDefaultsAndRoundTrip": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		other := createPartner(t, s, "other")
		got, err := s.ServiceDeskSettings(t.Context(), p.ID)
		noErr(t, "ServiceDeskSettings before saving", err)
		diff(t, "default settings", store.DefaultServiceDeskSettings(p.ID), got)

		d := store.ServiceDeskSettings{PartnerID: p.ID, BoardID: 2, TypeID: 5, SubTypeID: 6,
			ItemID: 7, PriorityID: 3, SourceID: 4, SimulationHandling: store.SimulationTicketClosed,
			SimulationHeader: "X-Sim"}
		noErr(t, "SaveServiceDeskSettings", s.SaveServiceDeskSettings(t.Context(), d))
		got, err = s.ServiceDeskSettings(t.Context(), p.ID)
		noErr(t, "ServiceDeskSettings", err)
		diff(t, "settings", d, got)

		d = store.ServiceDeskSettings{PartnerID: p.ID, SimulationHandling: store.SimulationRecordOnly,
			SimulationHeader: "X-Other"}
		noErr(t, "SaveServiceDeskSettings again", s.SaveServiceDeskSettings(t.Context(), d))
		got, err = s.ServiceDeskSettings(t.Context(), p.ID)
		noErr(t, "ServiceDeskSettings after replacing", err)
		diff(t, "replaced settings", d, got)

		got, err = s.ServiceDeskSettings(t.Context(), other.ID)
		noErr(t, "ServiceDeskSettings of the other partner", err)
		diff(t, "other partner's settings", store.DefaultServiceDeskSettings(other.ID), got)
	},
	"ServiceDeskSettingsRefused": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		bad := store.DefaultServiceDeskSettings(p.ID)
		bad.SimulationHandling = "ignore"
		wantErr(t, "unknown handling", s.SaveServiceDeskSettings(t.Context(), bad), store.ErrInvalid)
		bad = store.DefaultServiceDeskSettings(p.ID)
		bad.SimulationHeader = ""
		wantErr(t, "empty header", s.SaveServiceDeskSettings(t.Context(), bad), store.ErrInvalid)
		bad = store.DefaultServiceDeskSettings(p.ID)
		bad.TypeID = -1
		wantErr(t, "negative id", s.SaveServiceDeskSettings(t.Context(), bad), store.ErrInvalid)
		wantErr(t, "unknown partner", s.SaveServiceDeskSettings(t.Context(),
			store.DefaultServiceDeskSettings(999)), store.ErrNotFound)
	},
}
