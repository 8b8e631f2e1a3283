package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/demo"
	"github.com/psabridge/psabridge/internal/integration"
)

// defaultReportsDir holds the permissively licensed samples the project
// ships; see its ATTRIBUTION.md.
const defaultReportsDir = "testdata/reports"

func newDemoCommand() *cobra.Command {
	var cfg demo.Config
	var cw integration.ConnectInput
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the whole product against the built-in ConnectWise sandbox, then serve it (--once exits)",
		Long: "Starts the ConnectWise sandbox (or uses --cw-url), creates a demo partner with client\n" +
			"companies and end users, connects, checks permissions, auto-maps companies, pushes billing,\n" +
			"tickets every file in --reports, prints a summary, then serves until interrupted (--once exits).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cw.URL != "" {
				if err := cw.Validate(); err != nil {
					return &usageError{fmt.Errorf("with --cw-url, also give --company-id, --public-key, --private-key and --client-id: %w", err)}
				}
				cfg.ConnectWise = &cw
			}
			cfg.Stdout, cfg.Stderr, cfg.Policy = cmd.OutOrStdout(), cmd.ErrOrStderr(), policyOf(cmd)
			_, err := demo.Run(cmd.Context(), cfg)
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.DataDir, "data", defaultDataDir, "folder for the embedded database and key file")
	f.StringVar(&cfg.ReportsDir, "reports", defaultReportsDir, "folder whose files are submitted as reported e-mails")
	f.StringVar(&cfg.Listen, "listen", "127.0.0.1:8080", "address to serve on after the run")
	f.BoolVar(&cfg.Once, "once", false, "exit after the run instead of serving")
	f.BoolVar(&cfg.JSON, "json", false, "print the summary as one JSON object on the last line of standard output")
	f.StringVar(&cw.URL, "cw-url", "", "use this ConnectWise (the URL you log in at) instead of the built-in sandbox")
	f.StringVar(&cw.CompanyID, "company-id", "", "ConnectWise company ID (with --cw-url)")
	f.StringVar(&cw.PublicKey, "public-key", "", "API member's public key (with --cw-url)")
	f.StringVar(&cw.PrivateKey, "private-key", "", "API member's private key (with --cw-url; prefer PSABRIDGE_PRIVATE_KEY)")
	f.StringVar(&cw.ClientID, "client-id", "", "ConnectWise client ID (with --cw-url)")
	return cmd
}
