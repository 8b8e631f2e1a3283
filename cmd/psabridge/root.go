package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/psabridge/psabridge/internal/config"
	"github.com/psabridge/psabridge/internal/outbound"
)

// defaultDataDir is where the embedded database and key file live unless
// --data says otherwise; the README names it.
const defaultDataDir = "psabridge-data"

// policyOf is the operator's outbound policy: the hosts of --allow-host
// (PSABRIDGE_ALLOW_HOST) may be reached although loopback, private or plain
// HTTP.
func policyOf(cmd *cobra.Command) *outbound.Policy {
	p := &outbound.Policy{}
	hosts, _ := cmd.Flags().GetStringSlice("allow-host")
	for _, h := range hosts {
		if h = strings.TrimSpace(h); h != "" {
			p.Allow(h)
		}
	}
	return p
}

// usageError marks a command-line mistake (exit status 2).
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "psabridge",
		Short:         "Connect a security-awareness platform to ConnectWise Manage",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if err := config.Export(); err != nil {
				return &usageError{err}
			}
			return applyEnv(cmd.Flags())
		},
	}
	root.PersistentFlags().StringSlice("allow-host", nil,
		"host[:port] psabridge may call although it is loopback/private or plain HTTP (on-premise ConnectWise, a local sandbox)")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &usageError{err} })
	root.AddCommand(newDemoCommand(), newSandboxCommand(),
		newConnectCommand(), newPermissionsCommand(), newFeaturesCommand(), newDisconnectCommand(), newServeCommand(),
		newAnalyzeCommand(),
		newCompaniesCommand(), newMapCommand(), newBillingCommand(),
		newRotateKeyCommand(), newConfigCommand(), newMigrateCommand(), newDoctorCommand(),
		newJobsCommand(), newAdminCommand(), newServiceDeskCommand())
	root.Args = func(_ *cobra.Command, args []string) error {
		if len(args) > 0 {
			return fmt.Errorf("unknown command %q: see psabridge --help", args[0])
		}
		return nil
	}
	root.RunE = func(cmd *cobra.Command, _ []string) error { return cmd.Help() }
	argsAreUsage(root)
	return root
}

// argsAreUsage makes every command's argument check a usage error (exit
// status 2), as a wrong flag already is.
func argsAreUsage(c *cobra.Command) {
	if check := c.Args; check != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil {
				var ue *usageError
				if errors.As(err, &ue) {
					return err
				}
				return &usageError{err}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		argsAreUsage(sub)
	}
}

// applyEnv gives every flag not set on the command line the value of its
// PSABRIDGE_ environment variable (--data → PSABRIDGE_DATA).
func applyEnv(flags *pflag.FlagSet) error {
	var err error
	flags.VisitAll(func(f *pflag.Flag) {
		if f.Changed || err != nil {
			return
		}
		name := "PSABRIDGE_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(name); ok {
			if setErr := f.Value.Set(v); setErr != nil {
				err = &usageError{fmt.Errorf("%s=%q: %w", name, v, setErr)}
			}
		}
	})
	return err
}
