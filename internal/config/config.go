// Package config is psabridge's one documented configuration: every
// setting, its PSABRIDGE_ environment variable, its default, and which
// settings are secret.
//
// A setting comes, first found wins, from a command-line flag of the same
// name (--data for PSABRIDGE_DATA), the environment, or the optional file
// named by PSABRIDGE_CONFIG (KEY=VALUE lines, # comments). A secret can
// also come from a file named by its _FILE variable
// (PSABRIDGE_ENCRYPTION_KEY_FILE), as container secrets are mounted.
// Secrets are never printed: Table shows only whether they are set.
package config

import (
	"time"
)

// Config is every setting of psabridge. The zero value of a field means
// its default, which its comment names.
type Config struct {
	// DataDir holds the embedded database and the key file. Default
	// "psabridge-data".
	DataDir string `env:"PSABRIDGE_DATA" envDefault:"psabridge-data"`
	// DatabaseURL selects PostgreSQL instead of the embedded SQLite
	// database, e.g. postgres://psabridge@db:5432/psabridge. Default "".
	DatabaseURL string `env:"PSABRIDGE_DATABASE_URL"`
	// DatabasePassword is PostgreSQL's password when DatabaseURL carries
	// none. Secret. Default "".
	DatabasePassword string `env:"PSABRIDGE_DATABASE_PASSWORD" secret:"true"`
	// EncryptionKey seals secrets at rest: base64 of 32 random bytes;
	// several separated by commas during a key rotation, the current
	// first. Secret. Default "": the key file DataDir/secret.key.
	EncryptionKey string `env:"PSABRIDGE_ENCRYPTION_KEY" secret:"true"`
	// ClientID is the integration's clientId from the ConnectWise
	// developer portal. Secret. Default "".
	ClientID string `env:"PSABRIDGE_CLIENT_ID" secret:"true"`
	// Listen is the address serve listens on. Default "127.0.0.1:8080".
	Listen string `env:"PSABRIDGE_LISTEN" envDefault:"127.0.0.1:8080"`
	// Workers is how many jobs one serve process runs at once. Default 10.
	Workers int `env:"PSABRIDGE_WORKERS" envDefault:"10"`
	// RecheckInterval is how often every partner's permissions are
	// re-checked; at least a minute. Default 1h.
	RecheckInterval time.Duration `env:"PSABRIDGE_RECHECK_INTERVAL" envDefault:"1h"`
	// ShutdownGrace is how long, after SIGTERM, serve lets running jobs
	// finish before it cancels them and releases them to run again; at
	// least a second. Default 30s.
	ShutdownGrace time.Duration `env:"PSABRIDGE_SHUTDOWN_GRACE" envDefault:"30s"`
	// CWRequestsPerSecond paces calls to each partner's ConnectWise from
	// one process. Default 15 (ConnectWise's 900 a minute).
	CWRequestsPerSecond float64 `env:"PSABRIDGE_CW_REQUESTS_PER_SECOND" envDefault:"15"`
	// AllowHosts are host[:port]s psabridge may call although loopback,
	// private or plain HTTP (an on-premise ConnectWise, a local sandbox).
	// Comma-separated. Default none.
	AllowHosts []string `env:"PSABRIDGE_ALLOW_HOST" envSeparator:","`
	// LogFormat is "text" or "json". Default "text".
	LogFormat string `env:"PSABRIDGE_LOG_FORMAT" envDefault:"text"`
	// LogLevel is "debug", "info", "warn" or "error". Default "info".
	LogLevel string `env:"PSABRIDGE_LOG_LEVEL" envDefault:"info"`
}
