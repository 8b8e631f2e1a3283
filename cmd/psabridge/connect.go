package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/integration"
)

func newConnectCommand() *cobra.Command {
	df := &dataFlags{}
	var in integration.ConnectInput
	var keyFile string
	cmd := &cobra.Command{
		Use:   "connect",
		Short: "Connect the partner to ConnectWise with the four fields and check permissions",
		Long: "Finds the API behind the URL the partner logs in at, proves the keys work, checks the API\n" +
			"member's security role and stores the connection with the private key encrypted. A failure\n" +
			"names the field to fix and stores nothing. The client ID is the operator's configuration\n" +
			"(PSABRIDGE_CLIENT_ID); --client-id overrides it.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := readPrivateKey(&in, keyFile, cmd.ErrOrStderr()); err != nil {
				return err
			}
			a, err := df.open(cmd, true)
			if err != nil {
				return err
			}
			defer a.close()
			svc := a.service()
			rep, err := svc.Connect(cmd.Context(), a.partner.ID, in)
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(rep)
			}
			fmt.Fprintf(a.out, "connected partner %q to ConnectWise company %s\n", a.partner.Slug, strings.TrimSpace(in.CompanyID))
			printPermissions(a, rep)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&in.CompanyID, "company-id", "", "the Company you type on the ConnectWise login screen")
	f.StringVar(&in.URL, "url", "", "the URL you log in to ConnectWise at (e.g. na.myconnectwise.net)")
	f.StringVar(&in.PublicKey, "public-key", "", "the API member's public key")
	f.StringVar(&in.PrivateKey, "private-key", "", "the API member's private key (prefer --private-key-file or PSABRIDGE_PRIVATE_KEY)")
	f.StringVar(&keyFile, "private-key-file", "", "file holding the API member's private key")
	f.StringVar(&in.ClientID, "client-id", "", "ConnectWise client ID; overrides the operator's PSABRIDGE_CLIENT_ID")
	df.register(cmd)
	return cmd
}

// maxKeyFile bounds --private-key-file: a private key is a few dozen
// characters.
const maxKeyFile = 4096

// readPrivateKey takes the private key from --private-key-file when given.
// Only a small regular file is read: a device or a pipe would never end.
func readPrivateKey(in *integration.ConnectInput, file string, warn io.Writer) error {
	if file == "" {
		return nil
	}
	if in.PrivateKey != "" {
		return &usageError{errors.New("give --private-key or --private-key-file, not both")}
	}
	fi, err := os.Stat(file)
	switch {
	case err != nil:
		return &usageError{fmt.Errorf("--private-key-file: %w", err)}
	case !fi.Mode().IsRegular():
		return &usageError{fmt.Errorf("--private-key-file %s: not a regular file", file)}
	case fi.Size() > maxKeyFile:
		return &usageError{fmt.Errorf("--private-key-file %s: %d bytes is not a private key (at most %d)", file, fi.Size(), maxKeyFile)}
	}
	if fi.Mode().Perm()&0o077 != 0 {
		fmt.Fprintf(warn, "warning: %s is readable by other users: chmod 600 %s\n", file, file)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return &usageError{fmt.Errorf("--private-key-file: %w", err)}
	}
	in.PrivateKey = strings.TrimSpace(string(b))
	return nil
}

func newPermissionsCommand() *cobra.Command {
	df := &dataFlags{}
	cmd := &cobra.Command{
		Use:   "permissions",
		Short: "Re-check the API member's rights per feature and say what to fix",
		Args:  cobra.NoArgs,
		RunE: df.run(false, func(cmd *cobra.Command, _ []string, a *app) error {
			rep, err := a.service().Check(cmd.Context(), a.partner.ID)
			if err != nil {
				return err
			}
			if a.json {
				return a.printJSON(rep)
			}
			printPermissions(a, rep)
			return nil
		}),
	}
	df.register(cmd)
	return cmd
}

func printPermissions(a *app, rep integration.PermissionReport) {
	fmt.Fprintf(a.out, "API member %s, security role %q (read from %s)\n", rep.Member, rep.Role, rep.Method)
	for _, f := range rep.Features {
		state := "ok"
		if !f.OK {
			state = "NOT READY"
		}
		fmt.Fprintf(a.out, "  %-13s %s\n", f.Feature, state)
		for _, m := range f.Missing {
			fmt.Fprintf(a.out, "    missing %s\n      %s\n", m.Right, m.Remediation)
		}
	}
	if rep.DefaultBoard.OK {
		fmt.Fprintf(a.out, "  default board %q (id %d) ok\n", rep.DefaultBoard.Name, rep.DefaultBoard.ID)
	} else {
		fmt.Fprintf(a.out, "  default board: %s\n", rep.DefaultBoard.Remediation)
	}
	if rep.Replayed > 0 {
		fmt.Fprintf(a.out, "  %d parked reports ticketed now that the rights are in place\n", rep.Replayed)
	}
}
