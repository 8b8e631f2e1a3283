package main

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestSandboxFlags(t *testing.T) {
	t.Parallel()
	seed := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(seed, []byte(`{"company/companies":[{"id":7,"name":"Seeded"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := sandboxFlags{seed: seed, faults: "503=0.5,latency=20ms", faultSeed: 9}.config()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Seed != "empty" || len(cfg.SeedData["company/companies"]) != 1 {
		t.Errorf("seed %q with %v, want the file's data on the empty seed", cfg.Seed, cfg.SeedData)
	}
	if got := cfg.Faults.String(); got != "503=0.5,latency=20ms,seed=9" {
		t.Errorf("faults = %q", got)
	}

	for name, f := range map[string]sandboxFlags{
		"bad fault":            {seed: "demo", faults: "teapot=1"},
		"missing seed file":    {seed: filepath.Join(t.TempDir(), "none.json")},
		"cert-out without tls": {seed: "demo", certOut: "x.pem"},
	} {
		var ue *usageError
		if _, err := f.config(); !errors.As(err, &ue) {
			t.Errorf("%s: error %v, want a usage error", name, err)
		}
	}
}
