// Package companycsv reads the platform's client companies from a CSV file:
// a header row naming the columns external_id, name, domains and
// billable_users, then one company a row. The command line's companies
// import and the web UI's upload read files through it, so both accept
// and refuse the same files with the same words.
package companycsv

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/psabridge/psabridge/internal/store"
)

// Columns are the columns a file starts with, in order; more may follow
// and are ignored.
var Columns = []string{"external_id", "name", "domains", "billable_users"}

// Error is a file refused: the line it is on (1 is the header) and why.
type Error struct {
	Line int
	Err  error
}

func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Err) }

func (e *Error) Unwrap() error { return e.Err }

// Check is a caller's own refusal of a company read; nil accepts all.
type Check func(store.CompanyImport) error

// Parse reads every row of r and returns the companies with their counts,
// or the first line it refuses: a file is taken whole or not at all.
// Domains are space-separated and lower-cased. An empty billable_users
// leaves billing to count the company's users (Count -1).
func Parse(r io.Reader, check Check) ([]store.CompanyImport, error) {
	cr := csv.NewReader(r)
	if err := checkHeader(cr); err != nil {
		return nil, &Error{Line: 1, Err: err}
	}

	var out []store.CompanyImport
	for line := 2; ; line++ {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, &Error{Line: pe.Line, Err: pe.Err}
		}
		if err != nil {
			return nil, fmt.Errorf("reading line %d: %w", line, err)
		}
		c, err := parseRow(row)
		if err == nil && check != nil {
			err = check(c)
		}
		if err != nil {
			return nil, &Error{Line: line, Err: err}
		}
		out = append(out, c)
	}
}

// checkHeader reads the header row and checks its columns.
func checkHeader(r *csv.Reader) error {
	head, err := r.Read()
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("the file is empty: want a header row %s", strings.Join(Columns, ","))
	}
	if err != nil {
		return fmt.Errorf("reading the header: %w", err)
	}
	for i, want := range Columns {
		if i >= len(head) || strings.TrimSpace(strings.ToLower(strings.TrimPrefix(head[i], "\ufeff"))) != want {
			return fmt.Errorf("want the columns %s", strings.Join(Columns, ","))
		}
	}

	return nil
}

// parseRow reads one company and its count.
func parseRow(row []string) (store.CompanyImport, error) {
	c := store.CompanyImport{Count: -1, Company: store.PlatformCompany{
		ExternalID: strings.TrimSpace(row[0]), Name: strings.TrimSpace(row[1]),
		Domains: strings.Fields(strings.ToLower(row[2]))}}
	if c.Company.ExternalID == "" {
		return c, errors.New("external_id is empty: every company needs the platform's id")
	}
	if v := strings.TrimSpace(row[3]); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return c, fmt.Errorf("billable_users %q: want a whole number, 0 or more", v)
		}
		c.Count = n
	}

	return c, nil
}
