package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/psabridge/psabridge/internal/secret"
	"github.com/psabridge/psabridge/internal/store"
)

// resealer is a store that can re-seal its secrets with its current key;
// both backends are.
type resealer interface {
	ResealSecrets(ctx context.Context) (store.ResealResult, error)
}

// rotateFlags are the flags of rotate-key.
type rotateFlags struct {
	dataDir, databaseURL string
	retire, json         bool
}

func newRotateKeyCommand() *cobra.Command {
	var f rotateFlags
	cmd := &cobra.Command{
		Use:   "rotate-key",
		Short: "Seal secrets with a new encryption key and re-seal the old ones, while serving",
		Long: "With the key file (DATA/secret.key): writes a new key first in the file, keeping the old\n" +
			"ones to open older values, and re-seals every secret with the new key. Running processes\n" +
			"follow the file. --retire then drops the old keys once no secret needs them.\n" +
			"With PSABRIDGE_ENCRYPTION_KEY: set it to OLD,NEW on every instance and restart them one\n" +
			"by one, then NEW,OLD likewise, run rotate-key to re-seal, then set NEW alone.\n" +
			"No key is ever printed.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return rotateKey(cmd, f) },
	}
	cmd.Flags().StringVar(&f.dataDir, "data", defaultDataDir, "folder for the embedded database and key file")
	cmd.Flags().StringVar(&f.databaseURL, "database-url", "", "PostgreSQL URL instead of the embedded database")
	cmd.Flags().BoolVar(&f.retire, "retire", false, "drop the old keys from the key file once every secret is re-sealed")
	cmd.Flags().BoolVar(&f.json, "json", false, "machine-readable output on standard output")
	return cmd
}

// rotateKey adds a new key to the key file (unless the key comes from the
// environment) and re-seals every secret with the current key.
func rotateKey(cmd *cobra.Command, f rotateFlags) error {
	fromEnv := strings.TrimSpace(os.Getenv("PSABRIDGE_ENCRYPTION_KEY")) != ""
	if fromEnv && f.retire {
		return &usageError{errors.New("--retire: the key comes from PSABRIDGE_ENCRYPTION_KEY; " +
			"drop the old key from that variable instead")}
	}
	path := filepath.Join(f.dataDir, store.KeyFileName)
	if !fromEnv && !finishingRotation(path, f.retire) {
		if err := addKey(path); err != nil {
			return err
		}
	}

	res, err := reseal(cmd.Context(), f)
	if err != nil {
		return err
	}
	retired := 0
	if f.retire {
		if retired, err = retireKeys(path); err != nil {
			return err
		}
	}
	return printRotation(cmd, f.json, res, retired, fromEnv)
}

// finishingRotation reports a --retire after an earlier rotate-key: the key
// file holds a new key and old ones already, so retiring re-seals with the
// new key and drops the old ones without adding yet another key.
func finishingRotation(path string, retire bool) bool {
	if !retire {
		return false
	}
	keys, err := secret.ReadKeys(path)
	return err == nil && len(keys) > 1
}

// addKey writes a new random key first in the key file, keeping the
// others to open values sealed before.
func addKey(path string) error {
	keys, err := secret.ReadKeys(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no key file at %s: nothing to rotate (check --data)", path)
	}
	if err != nil {
		return err
	}
	key, err := secret.NewKey()
	if err != nil {
		return err
	}
	return secret.WriteKeyFile(path, append([]string{key}, keys...))
}

// reseal opens the store with the current keys and re-seals its secrets.
func reseal(ctx context.Context, f rotateFlags) (store.ResealResult, error) {
	st, err := openStore(ctx, f.dataDir, f.databaseURL)
	if err != nil {
		return store.ResealResult{}, err
	}
	defer st.Close()
	r, ok := st.(resealer)
	if !ok {
		return store.ResealResult{}, errors.New("this store cannot re-seal its secrets")
	}
	res, err := r.ResealSecrets(ctx)
	if err != nil {
		return res, fmt.Errorf("re-sealing secrets (the new key stays; run rotate-key again): %w", err)
	}
	return res, nil
}

// retireKeys keeps only the current key in the key file and returns how
// many keys it dropped.
func retireKeys(path string) (int, error) {
	keys, err := secret.ReadKeys(path)
	if err != nil {
		return 0, err
	}
	if len(keys) == 1 {
		return 0, nil
	}
	return len(keys) - 1, secret.WriteKeyFile(path, keys[:1])
}

func printRotation(cmd *cobra.Command, asJSON bool, res store.ResealResult, retired int, fromEnv bool) error {
	a := &app{out: cmd.OutOrStdout()}
	if asJSON {
		return a.printJSON(struct {
			store.ResealResult
			Retired int `json:"retired_keys"`
		}{res, retired})
	}
	source := "the key file"
	if fromEnv {
		source = "PSABRIDGE_ENCRYPTION_KEY"
	}
	fmt.Fprintf(a.out, "current key %s (from %s): re-sealed %d of %d secrets\n",
		res.KeyID, source, res.Resealed, res.Secrets)
	if retired > 0 {
		fmt.Fprintf(a.out, "dropped %d old key(s) from the key file\n", retired)
	}
	return nil
}
