package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/cwsandbox"
)

// sandboxFlags are the flags of psabridge sandbox.
type sandboxFlags struct {
	listen, seed, deny, faults, certOut string
	faultSeed                           uint64
	noBoard, tls                        bool
}

func newSandboxCommand() *cobra.Command {
	var f sandboxFlags
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Run the built-in ConnectWise Manage sandbox alone",
		Long: "Runs the ConnectWise Manage sandbox on a loopback address until interrupted. The first\n" +
			"line of standard output is a JSON object with the login URL and the sandbox's credentials,\n" +
			"to paste into psabridge as if it were a real ConnectWise. Its keys are made up for this run.\n" +
			"control_token authenticates the control API (PUT /_sandbox/role/rights with\n" +
			"{\"module\",\"function\",\"level\",\"value\"}, PUT /_sandbox/default-board with {\"id\"},\n" +
			"PUT /_sandbox/faults with {\"faults\"} in the --faults form), which does what an\n" +
			"administrator does in ConnectWise's UI, or makes the sandbox misbehave.\n\n" +
			"--faults is a comma-separated list of kind[@METHOD/path]=rate (kinds 429, 500, 502, 503,\n" +
			"reset, timeout-after-create, redirect-after-post, codebase) plus latency=DURATION,\n" +
			"retry-after=SECONDS and hang=DURATION, e.g.\n" +
			"  --faults 429=0.1,503=0.05,reset=0.05,timeout-after-create=0.05,redirect-after-post=0.05,latency=20ms\n" +
			"See docs/connectwise-sandbox.md for the seed file format.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runSandbox(cmd, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.listen, "listen", "127.0.0.1:0", "address to listen on (port 0 picks a free port)")
	fl.StringVar(&f.seed, "seed", "demo", `data to start with: "demo" (a realistic MSP), "empty", or a JSON seed FILE`)
	fl.StringVar(&f.deny, "deny", "", "rights to remove from the API member's role, MODULE/FUNCTION/LEVEL[,…]")
	fl.BoolVar(&f.noBoard, "no-default-board", false, "start with no default service board on the API member")
	fl.StringVar(&f.faults, "faults", "", "random faults, kind[@METHOD/path]=rate[,…] (see above)")
	fl.Uint64Var(&f.faultSeed, "fault-seed", 0, "seed of the random faults, so a run can be repeated")
	fl.BoolVar(&f.tls, "tls", false, "serve HTTPS with a self-signed certificate")
	fl.StringVar(&f.certOut, "cert-out", "", "with --tls, write the certificate (PEM) to this file")
	return cmd
}

func runSandbox(cmd *cobra.Command, f sandboxFlags) error {
	cfg, err := f.config()
	if err != nil {
		return err
	}
	srv, err := cwsandbox.StartWith(f.listen, cfg, cwsandbox.ServerOptions{TLS: f.tls})
	if err != nil {
		return err
	}
	defer srv.Close()
	if f.certOut != "" {
		if err := os.WriteFile(f.certOut, srv.CertPEM, 0o644); err != nil {
			return fmt.Errorf("writing the certificate: %w", err)
		}
	}

	company, public, private, client := srv.Sandbox.Credentials()
	line, err := json.Marshal(map[string]string{
		"url": srv.URL, "company_id": company, "public_key": public,
		"private_key": private, "client_id": client, "control_token": srv.ControlToken,
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(cmd.OutOrStdout(), string(line))
	fmt.Fprintf(os.Stderr, "sandbox listening at %s; interrupt to stop\n", srv.URL)
	<-cmd.Context().Done()
	return nil
}

// config turns the flags into the sandbox's configuration.
func (f sandboxFlags) config() (cwsandbox.Config, error) {
	if f.certOut != "" && !f.tls {
		return cwsandbox.Config{}, &usageError{errors.New("--cert-out needs --tls")}
	}
	cfg := cwsandbox.Config{Seed: f.seed, NoDefaultBoard: f.noBoard}
	if f.seed != "demo" && f.seed != "empty" {
		data, err := cwsandbox.ReadSeedFile(f.seed)
		if err != nil {
			return cfg, &usageError{fmt.Errorf("--seed: %w", err)}
		}
		cfg.Seed, cfg.SeedData = "empty", data
	}
	if f.deny != "" {
		cfg.Deny = strings.Split(f.deny, ",")
	}
	plan, err := cwsandbox.ParseFaults(f.faults)
	if err != nil {
		return cfg, &usageError{fmt.Errorf("--faults: %w", err)}
	}
	if f.faultSeed != 0 {
		plan.Seed = f.faultSeed
	}
	cfg.Faults = plan
	return cfg, nil
}
