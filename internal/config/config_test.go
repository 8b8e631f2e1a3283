package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const testKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

func TestLoadDefaultsFileEnvironmentAndSecretFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "psabridge.env")
	write(t, file, "# settings\nPSABRIDGE_WORKERS=4\nPSABRIDGE_LISTEN=\"0.0.0.0:9000\"\n")
	keyFile := filepath.Join(dir, "key")
	write(t, keyFile, testKey+"\n")

	c, err := Load([]string{"PSABRIDGE_CONFIG=" + file, "PSABRIDGE_WORKERS=6",
		"PSABRIDGE_ENCRYPTION_KEY_FILE=" + keyFile, "PSABRIDGE_ALLOW_HOST=a:1,b"})
	if err != nil {
		t.Fatal(err)
	}
	want := Config{DataDir: "psabridge-data", Listen: "0.0.0.0:9000", Workers: 6, RecheckInterval: time.Hour,
		ShutdownGrace: 30 * time.Second, CWRequestsPerSecond: 15, AllowHosts: []string{"a:1", "b"}, LogFormat: "text", LogLevel: "info",
		EncryptionKey: testKey}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("Load (-want +got):\n%s", diff)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("Validate() = %v", err)
	}
}

func TestValidateExplainsEveryProblemWithoutQuotingSecrets(t *testing.T) {
	t.Parallel()
	c, err := Load([]string{"PSABRIDGE_ENCRYPTION_KEY=not-a-key-s3cr3t", "PSABRIDGE_WORKERS=0",
		"PSABRIDGE_DATABASE_URL=mysql://u:pw-s3cr3t@h/db", "PSABRIDGE_LOG_FORMAT=xml",
		"PSABRIDGE_RECHECK_INTERVAL=5s", "PSABRIDGE_LISTEN=8080"})
	if err != nil {
		t.Fatal(err)
	}
	msg := c.Validate().Error()
	for _, want := range []string{"PSABRIDGE_ENCRYPTION_KEY key 1", "openssl rand -base64 32",
		"PSABRIDGE_WORKERS 0", `scheme "mysql"`, "PSABRIDGE_LOG_FORMAT", "PSABRIDGE_RECHECK_INTERVAL 5s",
		"PSABRIDGE_LISTEN"} {
		if !strings.Contains(msg, want) {
			t.Errorf("Validate() = %q, want it to mention %q", msg, want)
		}
	}
	if strings.Contains(msg+c.String(), "s3cr3t") {
		t.Errorf("a secret was printed: %s\n%s", msg, c)
	}
}

func TestLoadRefusesABadNumberWithoutQuotingIt(t *testing.T) {
	t.Parallel()
	_, err := Load([]string{"PSABRIDGE_WORKERS=lots"})
	if err == nil || !strings.Contains(err.Error(), "PSABRIDGE_WORKERS") || strings.Contains(err.Error(), "lots") {
		t.Errorf("Load(bad workers) = %v", err)
	}
}

func TestTableShowsSecretsOnlyAsSet(t *testing.T) {
	t.Parallel()
	c := Config{ClientID: "client-s3cr3t", DataDir: "d"}
	shown := map[string]string{}
	for _, r := range c.Table() {
		shown[r.Variable] = r.Shown
	}
	if shown["PSABRIDGE_CLIENT_ID"] != "set" || shown["PSABRIDGE_DATABASE_PASSWORD"] != "not set" ||
		shown["PSABRIDGE_DATA"] != "d" {
		t.Errorf("Table = %v", shown)
	}
}

func TestDatabaseDSNAddsThePassword(t *testing.T) {
	t.Parallel()
	c := Config{DatabaseURL: "postgres://app@db:5432/psabridge", DatabasePassword: "p w"}
	got, err := c.DatabaseDSN()
	if err != nil || got != "postgres://app:p%20w@db:5432/psabridge" {
		t.Errorf("DatabaseDSN() = %q, %v", got, err)
	}
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestExportPutsTheFileIntoTheEnvironment checks a file's setting reaches
// the environment unless the environment sets it, and a _FILE secret too.
// Not parallel: it changes the process environment.
func TestExportPutsTheFileIntoTheEnvironment(t *testing.T) {
	dir := t.TempDir()
	file, keyFile := filepath.Join(dir, "psabridge.env"), filepath.Join(dir, "key")
	write(t, file, "PSABRIDGE_WORKERS=4\nPSABRIDGE_LISTEN=0.0.0.0:9000\nPSABRIDGE_ENCRYPTION_KEY_FILE="+keyFile+"\nOTHER=x\n")
	write(t, keyFile, testKey+"\n")
	t.Setenv(FileVariable, file)
	t.Setenv("PSABRIDGE_LISTEN", "127.0.0.1:1")
	for _, name := range []string{"PSABRIDGE_WORKERS", "PSABRIDGE_ENCRYPTION_KEY", "PSABRIDGE_ENCRYPTION_KEY_FILE", "OTHER"} {
		t.Setenv(name, "")
		os.Unsetenv(name)
	}
	if err := Export(); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, name := range []string{"PSABRIDGE_WORKERS", "PSABRIDGE_LISTEN", "PSABRIDGE_ENCRYPTION_KEY", "OTHER"} {
		got[name] = os.Getenv(name)
	}
	want := map[string]string{"PSABRIDGE_WORKERS": "4", "PSABRIDGE_LISTEN": "127.0.0.1:1",
		"PSABRIDGE_ENCRYPTION_KEY": testKey, "OTHER": ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("environment after Export (-want +got):\n%s", diff)
	}
}
