package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/psabridge/psabridge/internal/store"
)

// maxTokenNameLen bounds a token's name, which the audit log repeats.
const maxTokenNameLen = 100

// tokenRow is an API token as the Tokens page lists it: never the token
// nor its hash.
type tokenRow struct {
	ID        int64
	Name      string
	Role      string
	CreatedAt time.Time
	// LastUsedAt is when the token last authenticated, up to a minute
	// behind (see tokenUseInterval); zero when it never has.
	LastUsedAt time.Time
}

// tokensData is the API tokens page.
type tokensData struct {
	Tokens []tokenRow
	// New is the token just created, shown this once.
	New string
	// Name and Role are the create form's values.
	Name, Role string
}

func (s *server) tokensPage(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	return s.tokensWith(r, p, &tokensData{Role: store.RoleViewer}, "", nil)
}

// tokensWith renders the API tokens page with d's form values, flash and
// opErr.
func (s *server) tokensWith(r *http.Request, p *principal, d *tokensData, flash string,
	opErr error) (string, pageData, error) {
	pd := pageData{Title: "API tokens", Nav: "tokens", Flash: flash, Data: d}
	ts, err := s.users.APITokens(r.Context(), p.Partner.ID)
	for _, t := range ts {
		d.Tokens = append(d.Tokens, tokenRow{ID: t.ID, Name: t.Name, Role: t.Role, CreatedAt: t.CreatedAt,
			LastUsedAt: t.LastUsedAt})
	}
	return "tokens", pd, errors.Join(opErr, err)
}

func (s *server) tokenCreateForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	d := &tokensData{Name: strings.TrimSpace(r.PostFormValue("name")), Role: r.PostFormValue("role")}
	token, err := s.createToken(r, p, d.Name, d.Role)
	if err != nil {
		return s.tokensWith(r, p, d, "", err)
	}
	d.New, d.Name, d.Role = token, "", store.RoleViewer
	return s.tokensWith(r, p, d, "Token created. It is shown this once: store it now.", nil)
}

// createToken stores a new token of the partner and audits it; it returns
// the token, which is never stored.
func (s *server) createToken(r *http.Request, p *principal, name, role string) (string, error) {
	if err := checkText("name", name, maxTokenNameLen, true); err != nil {
		return "", err
	}
	if role != store.RoleAdmin && role != store.RoleViewer {
		return "", invalidField("role", "role must be admin or viewer")
	}
	if err := TokenNameFree(r.Context(), s.users, p.Partner.ID, name); err != nil {
		return "", err
	}
	token, hash, err := NewToken()
	if err != nil {
		return "", err
	}
	t, err := s.users.CreateAPIToken(r.Context(), store.APIToken{PartnerID: p.Partner.ID, Name: name,
		Hash: hash, Role: role})
	if err != nil {
		return "", err
	}
	s.audit(r.Context(), p, "token.create", fmt.Sprintf("token %d %q (%s)", t.ID, t.Name, t.Role))
	return token, nil
}

func (s *server) tokenRevokeForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	pd := pageData{Title: "API tokens", Nav: "tokens"}
	id, err := pathID(r, "id")
	if err != nil {
		return "error", pd, err
	}
	if err := s.users.DeleteAPIToken(r.Context(), p.Partner.ID, id); err != nil {
		return "error", pd, err
	}
	s.audit(r.Context(), p, "token.revoke", fmt.Sprintf("token %d", id))
	return s.tokensWith(r, p, &tokensData{Role: store.RoleViewer},
		"Token "+strconv.FormatInt(id, 10)+" is revoked: it no longer signs in.", nil)
}
