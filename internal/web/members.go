package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/psabridge/psabridge/internal/store"
)

// maxPasswordLen bounds a password in bytes, as psabridge admin create
// reads at most that much of its first line.
const maxPasswordLen = 4096

// memberJSON is a web user of the partner; never the password nor its
// hash.
type memberJSON struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Role      string    `json:"role"`
	CreatedAt time.Time `json:"created_at"`
}

// newMemberJSON is a web user to create.
type newMemberJSON struct {
	Email    string `json:"email"`
	Role     string `json:"role"`
	Password string `json:"password"`
}

// roleJSON is a web user's new role.
type roleJSON struct {
	Role string `json:"role"`
}

var (
	errLastAdmin = &statusError{http.StatusConflict, "last_admin",
		"the partner needs an administrator: make another user admin first"}
	errRemoveSelf = &statusError{http.StatusConflict, "self",
		"you cannot remove yourself: another administrator can"}
)

func memberOf(u store.WebUser) memberJSON {
	return memberJSON{ID: u.ID, Email: u.Email, Role: u.Role, CreatedAt: u.CreatedAt}
}

// memberStore is the store's changes to web users.
func (s *server) memberStore() (store.Members, error) {
	m, ok := s.st.(store.Members)
	if !ok {
		return nil, errors.New("the store cannot change web users")
	}
	return m, nil
}

// members lists the partner's web users by id.
func (s *server) members(ctx context.Context, p *principal) ([]memberJSON, error) {
	us, err := s.users.WebUsers(ctx, p.Partner.ID)
	if err != nil {
		return nil, err
	}
	out := make([]memberJSON, len(us))
	for i, u := range us {
		out[i] = memberOf(u)
	}
	return out, nil
}

// checkNewMember applies psabridge admin create's rules: an address, a
// role of admin or viewer, a password of MinPasswordLength characters or
// more. The messages never repeat the password.
func checkNewMember(in newMemberJSON) error {
	if err := checkEmail("email", in.Email); err != nil {
		return err
	}
	if err := checkRole(in.Role); err != nil {
		return err
	}
	if len(in.Password) < MinPasswordLength {
		return invalidField("password", "the password must have at least %d characters", MinPasswordLength)
	}
	if len(in.Password) > maxPasswordLen {
		return invalidField("password", "the password is over %d bytes", maxPasswordLen)
	}
	return nil
}

func checkRole(role string) error {
	if role != store.RoleAdmin && role != store.RoleViewer {
		return invalidField("role", "role must be admin or viewer")
	}
	return nil
}

// createMember adds a web user to the partner and audits it.
func (s *server) createMember(ctx context.Context, p *principal, in newMemberJSON) (memberJSON, error) {
	in.Email = strings.TrimSpace(in.Email)
	if err := checkNewMember(in); err != nil {
		return memberJSON{}, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return memberJSON{}, err
	}
	u, err := s.users.CreateWebUser(ctx, store.WebUser{PartnerID: p.Partner.ID, Email: in.Email,
		PasswordHash: hash, Role: in.Role})
	if errors.Is(err, store.ErrExists) {
		// The address may belong to another partner's user: say no more
		// than that it is taken.
		return memberJSON{}, &statusError{http.StatusConflict, "conflict",
			"a user with this e-mail address exists already: use another address"}
	}
	if err != nil {
		return memberJSON{}, err
	}
	s.audit(ctx, p, "user.create", fmt.Sprintf("%s (%s)", u.Email, u.Role))
	return memberOf(u), nil
}

// setMemberRole changes a web user's role and audits it; the partner keeps
// an administrator.
func (s *server) setMemberRole(ctx context.Context, p *principal, id int64, role string) (memberJSON, error) {
	if err := checkRole(role); err != nil {
		return memberJSON{}, err
	}
	m, err := s.memberStore()
	if err != nil {
		return memberJSON{}, err
	}
	u, err := m.SetWebUserRole(ctx, p.Partner.ID, id, role)
	if err != nil {
		return memberJSON{}, memberError(err)
	}
	s.audit(ctx, p, "user.role", fmt.Sprintf("%s is now %s", u.Email, u.Role))
	return memberOf(u), nil
}

// removeMember deletes a web user, signing them out at once, and audits
// it; nobody removes themselves, and the partner keeps an administrator.
func (s *server) removeMember(ctx context.Context, p *principal, id int64) (memberJSON, error) {
	m, err := s.memberStore()
	if err != nil {
		return memberJSON{}, err
	}
	u, err := s.member(ctx, p, id)
	if err != nil {
		return memberJSON{}, err
	}
	if p.Email != "" && strings.EqualFold(u.Email, p.Email) {
		return memberJSON{}, errRemoveSelf
	}
	if err := m.DeleteWebUser(ctx, p.Partner.ID, id); err != nil {
		return memberJSON{}, memberError(err)
	}
	s.audit(ctx, p, "user.remove", fmt.Sprintf("%s (%s)", u.Email, u.Role))
	return u, nil
}

// member finds one of the partner's web users.
func (s *server) member(ctx context.Context, p *principal, id int64) (memberJSON, error) {
	ms, err := s.members(ctx, p)
	if err != nil {
		return memberJSON{}, err
	}
	for _, m := range ms {
		if m.ID == id {
			return m, nil
		}
	}
	return memberJSON{}, fmt.Errorf("web user %d: %w", id, store.ErrNotFound)
}

// memberError turns the store's last-administrator refusal into the API's.
func memberError(err error) error {
	if errors.Is(err, store.ErrLastAdmin) {
		return errLastAdmin
	}
	return err
}
