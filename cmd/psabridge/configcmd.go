package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/config"
)

func newConfigCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Show and check psabridge's settings"}
	var c config.Config
	check := &cobra.Command{
		Use:   "check",
		Short: "Validate the settings from the environment and PSABRIDGE_CONFIG, and explain what to fix",
		Long: "Reads every PSABRIDGE_ setting (and the file PSABRIDGE_CONFIG names, and the files\n" +
			"secret _FILE variables name), prints them with secrets shown only as set or not set, and\n" +
			"exits 1 with what to change when a setting is unusable. It takes serve's flags: given\n" +
			"the same flags and environment, it shows exactly the settings serve runs with.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return configCheck(cmd, c) },
	}
	bindSettings(check, &c)
	cmd.AddCommand(check)
	return cmd
}

// configCheck prints the settings table and validates it.
func configCheck(cmd *cobra.Command, flags config.Config) error {
	c, err := completeSettings(cmd, flags)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VARIABLE\tFLAG\tVALUE\tDEFAULT")
	for _, r := range c.Table() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Variable, r.Flag, r.Shown, r.Default)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return fmt.Errorf("the configuration needs changes:\n%w", err)
	}
	fmt.Fprintln(cmd.OutOrStdout(), "configuration ok")
	return nil
}
