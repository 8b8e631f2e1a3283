package storetest

import (
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/store"
)

// usersOf returns the store's web users and API tokens; every backend
// keeps them.
func usersOf(t *testing.T, s store.Store) store.Users {
	t.Helper()
	u, ok := s.(store.Users)
	if !ok {
		t.Fatalf("%T does not implement store.Users", s)
	}

	return u
}

var tokenTests = map[string]func(*testing.T, store.Store){
	"APITokenLastUsed": func(t *testing.T, s store.Store) {
		u := usersOf(t, s)
		p := createPartner(t, s, "acme")
		tok, err := u.CreateAPIToken(t.Context(), store.APIToken{PartnerID: p.ID, Name: "platform",
			Hash: "h1", Role: store.RoleAdmin})
		noErr(t, "CreateAPIToken", err)
		checkTime(t, "CreatedAt", tok.CreatedAt)
		got, err := u.APITokenByHash(t.Context(), "h1")
		noErr(t, "APITokenByHash before use", err)
		if !got.LastUsedAt.IsZero() {
			t.Errorf("LastUsedAt of an unused token = %v, want zero", got.LastUsedAt)
		}

		noErr(t, "MarkAPITokenUsed", u.MarkAPITokenUsed(t.Context(), tok.ID, fixedTime))
		tok.LastUsedAt = fixedTimeStored
		got, err = u.APITokenByHash(t.Context(), "h1")
		noErr(t, "APITokenByHash after use", err)
		diff(t, "token by hash", tok, got)

		later := fixedTime.Add(90 * time.Second)
		noErr(t, "MarkAPITokenUsed again", u.MarkAPITokenUsed(t.Context(), tok.ID, later))
		tok.LastUsedAt = later.UTC().Truncate(time.Microsecond)
		list, err := u.APITokens(t.Context(), p.ID)
		noErr(t, "APITokens", err)
		diff(t, "tokens", []store.APIToken{tok}, list)
	},
	"APITokenLastUsedOfUnknownOrRevoked": func(t *testing.T, s store.Store) {
		u := usersOf(t, s)
		p := createPartner(t, s, "acme")
		tok, err := u.CreateAPIToken(t.Context(), store.APIToken{PartnerID: p.ID, Name: "platform",
			Hash: "h1", Role: store.RoleViewer})
		noErr(t, "CreateAPIToken", err)
		noErr(t, "DeleteAPIToken", u.DeleteAPIToken(t.Context(), p.ID, tok.ID))

		wantErr(t, "MarkAPITokenUsed of a revoked token",
			u.MarkAPITokenUsed(t.Context(), tok.ID, fixedTime), store.ErrNotFound)
		wantErr(t, "MarkAPITokenUsed of an unknown token",
			u.MarkAPITokenUsed(t.Context(), 999, fixedTime), store.ErrNotFound)
	},
}
