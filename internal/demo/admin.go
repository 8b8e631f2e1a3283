package demo

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/psabridge/psabridge/internal/store"
	"github.com/psabridge/psabridge/internal/web"
)

// demoAdmin is the demo partner's first administrator.
const demoAdmin = "admin@demo-msp.example"

// adminPasswordFile holds the demo administrator's password, readable by
// the operator only. The password is never printed.
const adminPasswordFile = "admin-password"

// ensureAdmin creates the demo partner's first administrator, once, with a
// random password written to a 0600 file in the data folder.
func (r *run) ensureAdmin(ctx context.Context) error {
	users, ok := r.store.(store.Users)
	if !ok {
		return errors.New("this database keeps no web users")
	}
	file := filepath.Join(r.cfg.DataDir, adminPasswordFile)
	r.signIn = fmt.Sprintf("sign in as %s with the password in %s", demoAdmin, file)
	if _, err := users.WebUserByEmail(ctx, demoAdmin); err == nil {
		return nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("looking up the demo administrator: %w", err)
	}

	password := rand.Text()
	hash, err := web.HashPassword(password)
	if err != nil {
		return err
	}
	if err := os.WriteFile(file, []byte(password+"\n"), 0o600); err != nil {
		return fmt.Errorf("writing the demo administrator's password: %w", err)
	}
	_, err = users.CreateWebUser(ctx, store.WebUser{PartnerID: r.partner.ID, Email: demoAdmin,
		PasswordHash: hash, Role: store.RoleAdmin})
	if err != nil {
		return fmt.Errorf("creating the demo administrator: %w", err)
	}
	fmt.Fprintf(r.out, "web UI administrator %s created; password in %s\n", demoAdmin, file)
	return nil
}
