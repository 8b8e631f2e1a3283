package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newMigrateCommand() *cobra.Command {
	var dataDir, databaseURL string
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Apply pending database migrations and exit",
		Long: "Opens the database and applies any pending migration, then exits: run it once before\n" +
			"starting upgraded serve processes. Every command also migrates on start; concurrent\n" +
			"processes on one PostgreSQL take a lock, so only one applies them.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := needDatabase(dataDir, databaseURL); err != nil {
				return err
			}
			st, err := openStore(cmd.Context(), dataDir, databaseURL)
			if err != nil {
				return err
			}
			defer st.Close()
			fmt.Fprintf(cmd.OutOrStdout(), "the %s database is at the current schema\n", st.Engine())
			return nil
		},
	}
	cmd.Flags().StringVar(&dataDir, "data", defaultDataDir, "folder for the embedded database and key file")
	cmd.Flags().StringVar(&databaseURL, "database-url", "", "PostgreSQL URL instead of the embedded database")
	return cmd
}
