package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/psabridge/psabridge/internal/store"
)

func TestWebUsersSessionsAndTokens(t *testing.T) {
	t.Parallel()
	s := openSQLite(t, store.Config{})
	ctx := t.Context()
	a, _ := s.CreatePartner(ctx, "a", "A")
	b, _ := s.CreatePartner(ctx, "b", "B")

	u, err := s.CreateWebUser(ctx, store.WebUser{PartnerID: a.ID, Email: "Ann@A.example",
		PasswordHash: "$argon2id$x", Role: store.RoleAdmin})
	if err != nil {
		t.Fatalf("CreateWebUser: %v", err)
	}
	_, err = s.CreateWebUser(ctx, store.WebUser{PartnerID: b.ID, Email: "ann@a.example",
		PasswordHash: "h", Role: store.RoleViewer})
	if !errors.Is(err, store.ErrExists) {
		t.Errorf("second user with the same address: %v, want ErrExists", err)
	}
	got, err := s.WebUserByEmail(ctx, " ANN@a.example ")
	if err != nil || !cmp.Equal(got, u) {
		t.Errorf("WebUserByEmail = %+v, %v; want %+v", got, err, u)
	}

	live := store.WebSession{IDHash: "live", UserID: u.ID, CSRFToken: "c", ExpiresAt: time.Now().Add(time.Hour)}
	old := store.WebSession{IDHash: "old", UserID: u.ID, CSRFToken: "c", ExpiresAt: time.Now().Add(-time.Second)}
	for _, ws := range []store.WebSession{live, old} {
		if err := s.CreateSession(ctx, ws); err != nil {
			t.Fatalf("CreateSession: %v", err)
		}
	}
	if _, su, err := s.Session(ctx, "live"); err != nil || su.ID != u.ID {
		t.Errorf("Session(live) user %d, %v; want user %d", su.ID, err, u.ID)
	}
	if _, _, err := s.Session(ctx, "old"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Session(expired) = %v, want ErrNotFound", err)
	}
	_ = s.DeleteSession(ctx, "live")
	if _, _, err := s.Session(ctx, "live"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Session after DeleteSession = %v, want ErrNotFound", err)
	}

	tok, err := s.CreateAPIToken(ctx, store.APIToken{PartnerID: a.ID, Name: "platform", Hash: "h1", Role: store.RoleAdmin})
	if err != nil {
		t.Fatalf("CreateAPIToken: %v", err)
	}
	if got, err := s.APITokenByHash(ctx, "h1"); err != nil || !cmp.Equal(got, tok) {
		t.Errorf("APITokenByHash = %+v, %v; want %+v", got, err, tok)
	}
	if err := s.DeleteAPIToken(ctx, b.ID, tok.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("partner b deleting partner a's token: %v, want ErrNotFound", err)
	}
	if err := s.DeleteAPIToken(ctx, a.ID, tok.ID); err != nil {
		t.Errorf("DeleteAPIToken: %v", err)
	}
}
