package config

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"github.com/caarlos0/env/v11"
)

// FileVariable names the optional settings file.
const FileVariable = "PSABRIDGE_CONFIG"

// Load reads the configuration from environ (os.Environ's form) and, when
// environ sets PSABRIDGE_CONFIG, from that file; the environment wins over
// the file. It does not validate: call Validate.
func Load(environ []string) (Config, error) {
	vars := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = v
		}
	}
	if path := vars[FileVariable]; path != "" {
		fileVars, err := readFile(path)
		if err != nil {
			return Config{}, err
		}
		for k, v := range fileVars {
			if _, set := vars[k]; !set {
				vars[k] = v
			}
		}
	}

	if err := secretFiles(vars); err != nil {
		return Config{}, err
	}
	var c Config
	if err := env.ParseWithOptions(&c, env.Options{Environment: vars}); err != nil {
		return c, fmt.Errorf("reading the configuration: %w", redactErr(err))
	}
	return c, nil
}

// readFile reads KEY=VALUE lines; blank lines and # comments are skipped,
// and a value may be quoted.
func readFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening the configuration file: %w", err)
	}
	defer f.Close()

	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		if !ok {
			return nil, fmt.Errorf("%s:%d: want KEY=VALUE", path, n)
		}
		out[strings.TrimSpace(k)] = strings.Trim(strings.TrimSpace(v), `"'`)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the configuration file: %w", err)
	}
	return out, nil
}

// redactErr keeps a parse error from quoting a value: the env package's
// messages can include the text that failed to parse, which for a secret
// would be the secret.
func redactErr(err error) error {
	var agg env.AggregateError
	if !asAggregate(err, &agg) {
		return err
	}
	var names []string
	for _, e := range agg.Errors {
		names = append(names, describe(e))
	}
	return fmt.Errorf("%s", strings.Join(names, "; "))
}

// Export puts the configuration file's settings and the secrets of _FILE
// variables into the process environment, where unset, so that every part
// of psabridge that reads a PSABRIDGE_ variable (or a flag's default from
// it) sees what Load sees.
func Export() error {
	if path := os.Getenv(FileVariable); path != "" {
		vars, err := readFile(path)
		if err != nil {
			return err
		}
		for k, v := range vars {
			if _, set := os.LookupEnv(k); set || !strings.HasPrefix(k, "PSABRIDGE_") {
				continue
			}
			if err := os.Setenv(k, v); err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
		}
	}
	return LoadSecretFiles()
}

// LoadSecretFiles sets each secret variable that is unset from the file
// its _FILE variable names (PSABRIDGE_CLIENT_ID_FILE → PSABRIDGE_CLIENT_ID),
// so that every part of psabridge that reads the variable sees it.
func LoadSecretFiles() error {
	vars := map[string]string{}
	for _, s := range Settings() {
		for _, name := range []string{s.Variable, s.Variable + "_FILE"} {
			if v, ok := os.LookupEnv(name); ok {
				vars[name] = v
			}
		}
	}
	if err := secretFiles(vars); err != nil {
		return err
	}
	for _, s := range Settings() {
		if v := vars[s.Variable]; s.Secret && v != "" && os.Getenv(s.Variable) == "" {
			if err := os.Setenv(s.Variable, v); err != nil {
				return fmt.Errorf("%s: %w", s.Variable, err)
			}
		}
	}
	// The PostgreSQL driver takes a password the URL lacks from PGPASSWORD.
	if pw := vars["PSABRIDGE_DATABASE_PASSWORD"]; pw != "" && os.Getenv("PGPASSWORD") == "" {
		return os.Setenv("PGPASSWORD", pw)
	}
	return nil
}

// secretFiles fills each unset secret in vars from the file its _FILE
// variable names.
func secretFiles(vars map[string]string) error {
	for _, s := range Settings() {
		path := vars[s.Variable+"_FILE"]
		if !s.Secret || vars[s.Variable] != "" || path == "" {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("%s_FILE: reading %s: %w", s.Variable, path, err)
		}
		vars[s.Variable] = strings.TrimSpace(string(b))
	}
	return nil
}
