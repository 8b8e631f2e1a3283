package companycsv_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/psabridge/psabridge/internal/companycsv"
	"github.com/psabridge/psabridge/internal/store"
)

func TestParse(t *testing.T) {
	t.Parallel()
	in := "\ufeffExternal_ID,name,domains,billable_users,notes\n" +
		"c1, Acme ,ACME.example acme.test,12,x\n" +
		"c2,\"<script>alert(1)</script>, Inc\",,,\n"
	got, err := companycsv.Parse(strings.NewReader(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.CompanyImport{
		{Company: store.PlatformCompany{ExternalID: "c1", Name: "Acme", Domains: []string{"acme.example", "acme.test"}}, Count: 12},
		{Company: store.PlatformCompany{ExternalID: "c2", Name: "<script>alert(1)</script>, Inc"}, Count: -1},
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
}

func TestParseRefusals(t *testing.T) {
	t.Parallel()
	errTooLong := errors.New("name is over 3 characters")
	tests := []struct {
		name, in string
		check    companycsv.Check
		want     string
	}{
		{"empty file", "", nil, "line 1: the file is empty: want a header row external_id,name,domains,billable_users"},
		{"wrong header", "id,name,domains,billable_users\n", nil, "line 1: want the columns external_id,name,domains,billable_users"},
		{"short header", "external_id,name\n", nil, "line 1: want the columns external_id,name,domains,billable_users"},
		{"bad count", "external_id,name,domains,billable_users\na,A,,1\nb,B,,-2\n", nil,
			`line 3: billable_users "-2": want a whole number, 0 or more`},
		{"not a number", "external_id,name,domains,billable_users\na,A,,ten\n", nil,
			`line 2: billable_users "ten": want a whole number, 0 or more`},
		{"no id", "external_id,name,domains,billable_users\n ,A,,1\n", nil,
			"line 2: external_id is empty: every company needs the platform's id"},
		{"wrong field count", "external_id,name,domains,billable_users\na,A,,1\nb,B\n", nil,
			"line 3: wrong number of fields"},
		{"bare quote", "external_id,name,domains,billable_users\na,A\"x,,1\n", nil,
			`line 2: bare " in non-quoted-field`},
		{"duplicate id", "external_id,name,domains,billable_users\nc0,Z,,\ndup-1,A,,1\n dup-1 ,B,,2\n", nil,
			"line 4: external_id dup-1 already on line 3: each company once per file"},
		{"caller's check", "external_id,name,domains,billable_users\na,A,,1\nb,Long,,1\n",
			func(c store.CompanyImport) error {
				if len(c.Company.Name) > 3 {
					return errTooLong
				}
				return nil
			}, "line 3: name is over 3 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := companycsv.Parse(strings.NewReader(tt.in), tt.check)
			var ce *companycsv.Error
			if !errors.As(err, &ce) || err.Error() != tt.want || got != nil {
				t.Errorf("Parse = %v, %v; want nothing and %q", got, err, tt.want)
			}
		})
	}
}

func TestParseErrorField(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, field string }{
		{"duplicate id", "external_id,name,domains,billable_users\nd,A,,\nd,B,,\n", "external_id"},
		{"no id", "external_id,name,domains,billable_users\n,A,,\n", "external_id"},
		{"bad count", "external_id,name,domains,billable_users\na,A,,x\n", "billable_users"},
		{"wrong header", "id\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := companycsv.Parse(strings.NewReader(tt.in), nil)
			var ce *companycsv.Error
			if !errors.As(err, &ce) || ce.Field != tt.field {
				t.Errorf("Parse = %v, want a refusal about field %q", err, tt.field)
			}
		})
	}
}

func TestImported(t *testing.T) {
	t.Parallel()
	for n, want := range map[int]string{0: "0 companies imported", 1: "1 company imported", 2: "2 companies imported"} {
		if got := companycsv.Imported(n); got != want {
			t.Errorf("Imported(%d) = %q, want %q", n, got, want)
		}
	}
}
