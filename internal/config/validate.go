package config

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Validate returns every problem with the configuration, each saying what
// to change, joined; nil when psabridge can run with it.
func (c Config) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	if c.DatabaseURL == "" && c.DataDir == "" {
		add("PSABRIDGE_DATA is empty: name the folder for the embedded database, or set PSABRIDGE_DATABASE_URL")
	}
	if err := checkDatabaseURL(c.DatabaseURL); err != nil {
		errs = append(errs, err)
	}
	if err := checkKeys(c.EncryptionKey); err != nil {
		errs = append(errs, err)
	}
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		add("PSABRIDGE_LISTEN %q: want host:port, e.g. 0.0.0.0:8080", c.Listen)
	}
	if c.Workers < 1 {
		add("PSABRIDGE_WORKERS %d: at least 1", c.Workers)
	}
	if c.RecheckInterval < time.Minute {
		add("PSABRIDGE_RECHECK_INTERVAL %s: at least 1m", c.RecheckInterval)
	}
	if c.ShutdownGrace < time.Second {
		add("PSABRIDGE_SHUTDOWN_GRACE %s: at least 1s", c.ShutdownGrace)
	}
	if c.CWRequestsPerSecond <= 0 {
		add("PSABRIDGE_CW_REQUESTS_PER_SECOND %g: above 0 (ConnectWise allows about 15)", c.CWRequestsPerSecond)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		add("PSABRIDGE_LOG_FORMAT %q: text or json", c.LogFormat)
	}
	if !slices.Contains([]string{"debug", "info", "warn", "error"}, c.LogLevel) {
		add("PSABRIDGE_LOG_LEVEL %q: debug, info, warn or error", c.LogLevel)
	}
	return errors.Join(errs...)
}

// checkDatabaseURL checks a PostgreSQL URL without repeating its password.
func checkDatabaseURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return errors.New("PSABRIDGE_DATABASE_URL is not a URL: want postgres://USER@HOST:5432/DATABASE")
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return fmt.Errorf("PSABRIDGE_DATABASE_URL scheme %q: want postgres://", u.Scheme)
	}
	if u.Host == "" {
		return errors.New("PSABRIDGE_DATABASE_URL names no host: want postgres://USER@HOST:5432/DATABASE")
	}
	return nil
}

// checkKeys checks each configured key without repeating it.
func checkKeys(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	for i, k := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' }) {
		b, err := base64.StdEncoding.DecodeString(k)
		if err != nil || len(b) != 32 {
			return fmt.Errorf("PSABRIDGE_ENCRYPTION_KEY key %d is not base64 of 32 bytes: "+
				"make one with openssl rand -base64 32", i+1)
		}
	}
	return nil
}

// DatabaseDSN returns DatabaseURL with DatabasePassword filled in when the
// URL carries no password of its own.
func (c Config) DatabaseDSN() (string, error) {
	if c.DatabaseURL == "" || c.DatabasePassword == "" {
		return c.DatabaseURL, nil
	}
	u, err := url.Parse(c.DatabaseURL)
	if err != nil {
		return "", errors.New("PSABRIDGE_DATABASE_URL is not a URL")
	}
	if _, has := u.User.Password(); has {
		return c.DatabaseURL, nil
	}
	u.User = url.UserPassword(u.User.Username(), c.DatabasePassword)
	return u.String(), nil
}
