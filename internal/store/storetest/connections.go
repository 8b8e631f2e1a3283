package storetest

import (
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/store"
)

// sampleConnection returns a complete connection for the partner.
func sampleConnection(partnerID int64, privateKey string) store.Connection {
	return store.Connection{
		PartnerID: partnerID, CompanyID: "AcmeMSP", LoginURL: "https://na.myconnectwise.net",
		APIBaseURL: "https://api-na.myconnectwise.net/v4_6_release/apis/3.0",
		Codebase:   "v2025_1/", PublicKey: "pub-123", PrivateKey: privateKey,
		ClientID: "00000000-0000-0000-0000-000000000001", ConnectedAt: fixedTime,
	}
}

var connectionTests = map[string]func(*testing.T, store.Store){
	"ConnectionRoundTrip": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		c := sampleConnection(p.ID, "priv-ABC-123")
		noErr(t, "SaveConnection", s.SaveConnection(t.Context(), c))

		got, err := s.Connection(t.Context(), p.ID)
		noErr(t, "Connection", err)
		c.ConnectedAt = fixedTimeStored
		diff(t, "Connection", c, got)
	},
	"ConnectionReplaced": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		noErr(t, "SaveConnection", s.SaveConnection(t.Context(), sampleConnection(p.ID, "old")))
		c := sampleConnection(p.ID, "new")
		c.PublicKey, c.ConnectedAt = "pub-456", fixedTime.AddDate(0, 0, 1)
		noErr(t, "SaveConnection again", s.SaveConnection(t.Context(), c))

		got, err := s.Connection(t.Context(), p.ID)
		noErr(t, "Connection", err)
		c.ConnectedAt = fixedTimeStored.AddDate(0, 0, 1)
		diff(t, "Connection after replacing", c, got)
	},
	"ConnectionDefaultsConnectedAt": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		c := sampleConnection(p.ID, "k")
		c.ConnectedAt = time.Time{}
		noErr(t, "SaveConnection", s.SaveConnection(t.Context(), c))

		got, err := s.Connection(t.Context(), p.ID)
		noErr(t, "Connection", err)
		checkTime(t, "ConnectedAt", got.ConnectedAt)
	},
	"ConnectionPerPartner": func(t *testing.T, s store.Store) {
		a := createPartner(t, s, "acme")
		b := createPartner(t, s, "globex")
		for id, key := range map[int64]string{a.ID: "key-a", b.ID: "key-b"} {
			noErr(t, "SaveConnection", s.SaveConnection(t.Context(), sampleConnection(id, key)))
		}

		for id, want := range map[int64]string{a.ID: "key-a", b.ID: "key-b"} {
			got, err := s.Connection(t.Context(), id)
			noErr(t, "Connection", err)
			diff(t, "private key", want, got.PrivateKey)
		}
	},
	"ConnectionNotFound": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		_, err := s.Connection(t.Context(), p.ID)
		wantErr(t, "Connection of an unconnected partner", err, store.ErrNotFound)

		err = s.SaveConnection(t.Context(), sampleConnection(999, "k"))
		wantErr(t, "SaveConnection for an unknown partner", err, store.ErrNotFound)
	},
	"DisconnectKeepsMappings": func(t *testing.T, s store.Store) {
		p := createPartner(t, s, "acme")
		c := createCompany(t, s, p.ID, "ext-1")
		noErr(t, "SaveConnection", s.SaveConnection(t.Context(), sampleConnection(p.ID, "k")))
		m := store.Mapping{PartnerID: p.ID, PlatformCompanyID: c.ID, CWCompanyID: 250,
			CWCompanyName: "Acme", Method: "manual", Confidence: 1}
		noErr(t, "SaveMapping", s.SaveMapping(t.Context(), m))

		noErr(t, "DeleteConnection", s.DeleteConnection(t.Context(), p.ID))
		_, err := s.Connection(t.Context(), p.ID)
		wantErr(t, "Connection after DeleteConnection", err, store.ErrNotFound)
		ms, err := s.Mappings(t.Context(), p.ID)
		noErr(t, "Mappings", err)
		diff(t, "mappings after disconnecting", 1, len(ms))
		noErr(t, "DeleteConnection twice", s.DeleteConnection(t.Context(), p.ID))
	},
}
