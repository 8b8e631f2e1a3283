package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/cwsandbox"
)

func newSandboxCommand() *cobra.Command {
	var listen, seed, deny string
	var noBoard bool
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Run the built-in ConnectWise Manage sandbox alone",
		Long: "Runs the ConnectWise Manage sandbox on a loopback address until interrupted. The first\n" +
			"line of standard output is a JSON object with the login URL and the sandbox's credentials,\n" +
			"to paste into psabridge as if it were a real ConnectWise. Its keys are made up for this run.\n" +
			"control_token authenticates the control API (PUT /_sandbox/role/rights with\n" +
			"{\"module\",\"function\",\"level\",\"value\"}, PUT /_sandbox/default-board with {\"id\"}),\n" +
			"which does what an administrator does in ConnectWise's UI.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg := cwsandbox.Config{Seed: seed, NoDefaultBoard: noBoard}
			if deny != "" {
				cfg.Deny = strings.Split(deny, ",")
			}
			srv, err := cwsandbox.Start(listen, cfg)
			if err != nil {
				return err
			}
			defer srv.Close()

			company, public, private, client := srv.Sandbox.Credentials()
			line, err := json.Marshal(map[string]string{
				"url": srv.URL, "company_id": company, "public_key": public,
				"private_key": private, "client_id": client, "control_token": srv.ControlToken,
			})
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), string(line))
			fmt.Fprintf(cmd.ErrOrStderr(), "sandbox listening at %s; interrupt to stop\n", srv.URL)
			<-cmd.Context().Done()
			return nil
		},
	}
	cmd.Flags().StringVar(&listen, "listen", "127.0.0.1:0", "address to listen on (port 0 picks a free port)")
	cmd.Flags().StringVar(&seed, "seed", "demo", `data to start with: "demo" (a realistic MSP) or "empty"`)
	cmd.Flags().StringVar(&deny, "deny", "", "rights to remove from the API member's role, MODULE/FUNCTION/LEVEL[,…]")
	cmd.Flags().BoolVar(&noBoard, "no-default-board", false, "start with no default service board on the API member")
	return cmd
}
