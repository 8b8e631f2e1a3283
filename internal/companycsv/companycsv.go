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

// Error is a file refused: the line it is on (1 is the header), the
// column when one value is at fault, and why.
type Error struct {
	Line  int
	Field string
	Err   error
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
	seen := map[string]int{}
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
		c, err := parseRow(row, line, seen)
		if err != nil {
			return nil, err
		}
		if check != nil {
			if err := check(c); err != nil {
				return nil, &Error{Line: line, Err: err}
			}
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

// parseRow reads the company on line and its count. seen holds the
// line of each external id read so far: a second row for one company
// would silently overwrite the first, so it refuses the file.
func parseRow(row []string, line int, seen map[string]int) (store.CompanyImport, error) {
	c := store.CompanyImport{Count: -1, Company: store.PlatformCompany{
		ExternalID: strings.TrimSpace(row[0]), Name: strings.TrimSpace(row[1]),
		Domains: strings.Fields(strings.ToLower(row[2]))}}
	id := c.Company.ExternalID
	if id == "" {
		return c, &Error{Line: line, Field: "external_id",
			Err: errors.New("external_id is empty: every company needs the platform's id")}
	}
	if first, ok := seen[id]; ok {
		return c, &Error{Line: line, Field: "external_id", Err: fmt.Errorf(
			"external_id %s already on line %d: each company once per file", id, first)}
	}
	seen[id] = line
	if v := strings.TrimSpace(row[3]); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return c, &Error{Line: line, Field: "billable_users",
				Err: fmt.Errorf("billable_users %q: want a whole number, 0 or more", v)}
		}
		c.Count = n
	}

	return c, nil
}

// Imported says how many companies a file imported, as the command line
// and the web UI both report it: "1 company imported", "2 companies
// imported".
func Imported(n int) string {
	if n == 1 {
		return "1 company imported"
	}

	return strconv.Itoa(n) + " companies imported"
}
