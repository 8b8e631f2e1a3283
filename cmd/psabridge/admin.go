package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/store"
	"github.com/psabridge/psabridge/internal/web"
)

func newAdminCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "admin", Short: "Create web users and API tokens of a partner"}
	token := &cobra.Command{Use: "token", Short: "Create, list and revoke the partner's API tokens"}
	token.AddCommand(newTokenCreateCommand(), newTokenListCommand(), newTokenRevokeCommand())
	cmd.AddCommand(newAdminCreateCommand(), token)
	return cmd
}

// users returns the store's web users.
func (a *app) users() (store.Users, error) {
	u, ok := a.store.(store.Users)
	if !ok {
		return nil, errors.New("this database keeps no web users")
	}
	return u, nil
}

func newAdminCreateCommand() *cobra.Command {
	df := &dataFlags{}
	var email, role, passwordFile string
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create a user who signs in to the web UI (the first administrator, or more)",
		Long: "The password is read from --password-file, or from standard input when it is \"-\"\n" +
			"(the first line); it is stored as an argon2id hash and never printed.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if email == "" || !strings.Contains(email, "@") {
				return &usageError{errors.New("--email: the user's e-mail address is required")}
			}
			if role != store.RoleAdmin && role != store.RoleViewer {
				return &usageError{fmt.Errorf("--role %q: admin or viewer", role)}
			}
			password, err := readPassword(cmd.InOrStdin(), passwordFile)
			if err != nil {
				return err
			}
			a, err := df.openAs(cmd, newPartner)
			if err != nil {
				return err
			}
			defer a.close()
			return adminCreate(cmd, a, email, role, password)
		},
	}
	df.register(cmd)
	cmd.Flags().StringVar(&email, "email", "", "the user's e-mail address, used to sign in")
	cmd.Flags().StringVar(&role, "role", store.RoleAdmin, "admin (reads and changes) or viewer (reads)")
	cmd.Flags().StringVar(&passwordFile, "password-file", "-", "file holding the password; - reads standard input")
	return cmd
}

func readPassword(stdin io.Reader, file string) (string, error) {
	var r io.Reader = stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return "", fmt.Errorf("reading the password: %w", err)
		}
		defer f.Close()
		r = f
	}
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("reading the password: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	if len(password) < web.MinPasswordLength {
		return "", &usageError{fmt.Errorf("the password must have at least %d characters", web.MinPasswordLength)}
	}
	return password, nil
}

func adminCreate(cmd *cobra.Command, a *app, email, role, password string) error {
	users, err := a.users()
	if err != nil {
		return err
	}
	hash, err := web.HashPassword(password)
	if err != nil {
		return err
	}
	u, err := users.CreateWebUser(cmd.Context(), store.WebUser{PartnerID: a.partner.ID, Email: email,
		PasswordHash: hash, Role: role})
	if errors.Is(err, store.ErrExists) {
		return fmt.Errorf("a user with the address %s exists already", email)
	}
	if err != nil {
		return err
	}
	a.audit(cmd.Context(), "user.create", fmt.Sprintf("%s (%s)", u.Email, u.Role))
	if a.json {
		return a.printJSON(map[string]any{"id": u.ID, "email": u.Email, "role": u.Role, "partner": a.partner.Slug})
	}
	_, err = fmt.Fprintf(a.out, "created %s %s of partner %s\n", u.Role, u.Email, a.partner.Slug)
	return err
}

func newTokenCreateCommand() *cobra.Command {
	df := &dataFlags{}
	var name, role string
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create an API token; it is shown this once and stored only as a hash",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			name = strings.TrimSpace(name)
			if err := web.CheckTokenName(name); err != nil {
				return &usageError{fmt.Errorf("--name %q: %w: say what the token is for", name, err)}
			}
			if role != store.RoleAdmin && role != store.RoleViewer {
				return &usageError{fmt.Errorf("--role %q: admin or viewer", role)}
			}
			a, err := df.open(cmd, false)
			if err != nil {
				return err
			}
			defer a.close()
			return tokenCreate(cmd, a, name, role)
		},
	}
	df.register(cmd)
	cmd.Flags().StringVar(&name, "name", "platform", "what the token is for, shown in the audit log")
	cmd.Flags().StringVar(&role, "role", store.RoleAdmin, "admin (reads and changes) or viewer (reads)")
	return cmd
}

func tokenCreate(cmd *cobra.Command, a *app, name, role string) error {
	users, err := a.users()
	if err != nil {
		return err
	}
	if err := web.TokenNameFree(cmd.Context(), users, a.partner.ID, name); err != nil {
		return err
	}
	token, hash, err := web.NewToken()
	if err != nil {
		return err
	}
	t, err := users.CreateAPIToken(cmd.Context(), store.APIToken{PartnerID: a.partner.ID, Name: name,
		Hash: hash, Role: role})
	if err != nil {
		return err
	}
	a.audit(cmd.Context(), "token.create", fmt.Sprintf("token %d %q (%s)", t.ID, t.Name, t.Role))
	if a.json {
		return a.printJSON(map[string]any{"id": t.ID, "name": t.Name, "role": t.Role, "token": token})
	}
	fmt.Fprintln(a.errOut, "the token is shown once: store it now")
	_, err = fmt.Fprintln(a.out, token)
	return err
}

func newTokenListCommand() *cobra.Command {
	df := &dataFlags{}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the partner's API tokens (never the tokens themselves) and when each was last used",
		Long: "Last used is when the token last authenticated, recorded at most once a minute per\n" +
			"token, so it may lag by up to a minute; \"never\" (null in --json) when it never has.",
		Args: cobra.NoArgs,
		RunE: df.run(false, func(cmd *cobra.Command, _ []string, a *app) error {
			users, err := a.users()
			if err != nil {
				return err
			}
			ts, err := users.APITokens(cmd.Context(), a.partner.ID)
			if err != nil {
				return err
			}
			return printTokens(a, ts)
		}),
	}
	df.register(cmd)
	return cmd
}

// printTokens lists tokens: a JSON array with --json (last_used_at null
// when never used), else one line each.
func printTokens(a *app, ts []store.APIToken) error {
	if a.json {
		rows := make([]map[string]any, len(ts))
		for i, t := range ts {
			var used *time.Time
			if !t.LastUsedAt.IsZero() {
				used = &t.LastUsedAt
			}
			rows[i] = map[string]any{"id": t.ID, "name": t.Name, "role": t.Role,
				"created_at": t.CreatedAt, "last_used_at": used}
		}
		return a.printJSON(rows)
	}
	for _, t := range ts {
		used := "never"
		if !t.LastUsedAt.IsZero() {
			used = t.LastUsedAt.UTC().Format("2006-01-02 15:04Z")
		}
		fmt.Fprintf(a.out, "%4d  %-7s %s  last used %-17s  %s\n", t.ID, t.Role,
			t.CreatedAt.Format("2006-01-02"), used, t.Name)
	}
	return nil
}

func newTokenRevokeCommand() *cobra.Command {
	df := &dataFlags{}
	cmd := &cobra.Command{
		Use:   "revoke ID",
		Short: "Revoke one of the partner's API tokens",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return &usageError{fmt.Errorf("token id %q: a number from admin token list", args[0])}
			}
			a, err := df.open(cmd, false)
			if err != nil {
				return err
			}
			defer a.close()
			users, err := a.users()
			if err != nil {
				return err
			}
			if err := users.DeleteAPIToken(cmd.Context(), a.partner.ID, id); err != nil {
				return err
			}
			a.audit(cmd.Context(), "token.revoke", fmt.Sprintf("token %d", id))
			_, err = fmt.Fprintf(a.out, "revoked token %d\n", id)
			return err
		},
	}
	df.register(cmd)
	return cmd
}
