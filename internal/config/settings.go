package config

import (
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strings"

	"github.com/caarlos0/env/v11"
)

// Setting describes one setting, for the settings table and config check.
type Setting struct {
	// Variable is the environment variable, e.g. PSABRIDGE_DATA.
	Variable string
	// Flag is the command-line flag, e.g. --data.
	Flag string
	// Default is the value when unset, "" for none.
	Default string
	// Secret marks a value that is never printed.
	Secret bool
	// Field is the Config field.
	Field string
}

// Settings lists every setting in Config's order.
func Settings() []Setting {
	t := reflect.TypeFor[Config]()
	out := make([]Setting, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("env"), ",")
		out = append(out, Setting{
			Variable: name,
			Flag:     "--" + strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(name, "PSABRIDGE_")), "_", "-"),
			Default:  f.Tag.Get("envDefault"),
			Secret:   f.Tag.Get("secret") == "true",
			Field:    f.Name,
		})
	}
	return out
}

// Row is one line of Table: a setting and its value as it may be shown.
type Row struct {
	Setting
	// Shown is the value, or for a secret "set" or "not set".
	Shown string
}

// Table returns every setting with its value; secrets show only whether
// they are set.
func (c Config) Table() []Row {
	v := reflect.ValueOf(c)
	var rows []Row
	for _, s := range Settings() {
		fv := v.FieldByName(s.Field)
		shown := fmt.Sprint(fv.Interface())
		if fv.Kind() == reflect.Slice {
			shown = strings.Trim(shown, "[]")
		}
		if s.Field == "DatabaseURL" {
			shown = redactURL(shown)
		}
		if s.Secret {
			shown = "not set"
			if !fv.IsZero() {
				shown = "set"
			}
		}
		rows = append(rows, Row{Setting: s, Shown: shown})
	}
	return rows
}

// String lists the settings, secrets redacted, so that a Config printed by
// mistake shows no secret.
func (c Config) String() string {
	var b strings.Builder
	for _, r := range c.Table() {
		fmt.Fprintf(&b, "%s=%s\n", r.Variable, r.Shown)
	}
	return b.String()
}

// GoString is String, so %#v shows no secret either.
func (c Config) GoString() string { return c.String() }

// asAggregate reports whether err is the env package's list of errors.
func asAggregate(err error, agg *env.AggregateError) bool {
	return errors.As(err, agg)
}

// describe names what failed in one env error without quoting its value.
func describe(err error) string {
	var parse env.ParseError
	if errors.As(err, &parse) {
		return fmt.Sprintf("%s: not a valid %s", variableOf(parse.Name), parse.Type)
	}
	var file env.LoadFileContentError
	if errors.As(err, &file) {
		return fmt.Sprintf("%s: the file it names cannot be read", file.Key)
	}
	return "a setting cannot be read"
}

// redactURL hides a password a database URL carries.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(not a URL)"
	}
	return u.Redacted()
}

// variableOf returns the environment variable of a Config field.
func variableOf(field string) string {
	for _, s := range Settings() {
		if s.Field == field {
			return s.Variable
		}
	}
	return field
}
