package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/psabridge/psabridge/internal/store"
)

// partnerSlugs lists the partners in data.
func partnerSlugs(t *testing.T, data string) []string {
	t.Helper()
	st, err := store.Open(t.Context(), store.Config{DataDir: data})
	must(t, err)
	defer st.Close()
	ps, err := st.Partners(t.Context())
	must(t, err)
	slugs := make([]string, 0, len(ps))
	for _, p := range ps {
		slugs = append(slugs, p.Slug)
	}
	return slugs
}

// TestUnknownPartnerIsRefusedNotCreated checks that a mistyped --partner
// creates no partner (which would make every later command need
// --partner) and that the error lists the partners there are; only admin
// create makes a new one.
func TestUnknownPartnerIsRefusedNotCreated(t *testing.T) {
	t.Parallel()
	data := newDefaultPartner(t)
	csv := filepath.Join(t.TempDir(), "c.csv")
	must(t, os.WriteFile(csv, []byte("external_id,name,domains,billable_users\na,A,,\n"), 0o600))
	for _, args := range [][]string{
		{"companies", "delete", "--partner", "nosuch", "x-8"},
		{"companies", "import", "--partner", "typo9", csv},
		{"connect", "--partner", "typo9", "--company-id", "x", "--url", "https://na.myconnectwise.net",
			"--public-key", "p", "--private-key", "k", "--client-id", "c"},
		{"map", "list", "--partner", "typo9"},
	} {
		code, _, errOut := cli(t, append(args, "--data", data)...)
		if code == 0 || !strings.Contains(errOut, "the partners are: default") ||
			strings.Contains(errOut, "psabridge partners") {
			t.Errorf("%v = %d %q, want a failure listing the partners", args, code, errOut)
		}
	}
	if diff := cmp.Diff([]string{"default"}, partnerSlugs(t, data)); diff != "" {
		t.Errorf("partners after mistyped --partner (-want +got):\n%s", diff)
	}
	mustRun(t, "companies", "import", csv, "--data", data) // still no --partner needed

	pw := filepath.Join(t.TempDir(), "pw")
	must(t, os.WriteFile(pw, []byte("a long enough password\n"), 0o600))
	mustRun(t, "admin", "create", "--partner", "second", "--email", "a@second.example", "--password-file", pw, "--data", data)
	if diff := cmp.Diff([]string{"default", "second"}, partnerSlugs(t, data)); diff != "" {
		t.Errorf("partners after admin create --partner second (-want +got):\n%s", diff)
	}
}

// TestFirstRunCreatesTheFirstPartner checks the documented first runs:
// admin create and connect on a fresh folder make its first partner.
func TestFirstRunCreatesTheFirstPartner(t *testing.T) {
	t.Parallel()
	pw := filepath.Join(t.TempDir(), "pw")
	must(t, os.WriteFile(pw, []byte("a long enough password\n"), 0o600))
	for _, tt := range []struct {
		partner []string
		want    string
	}{{nil, "default"}, {[]string{"--partner", "acme"}, "acme"}} {
		data := filepath.Join(t.TempDir(), "data")
		mustRun(t, append([]string{"admin", "create", "--email", "a@b.example", "--password-file", pw, "--data", data}, tt.partner...)...)
		if diff := cmp.Diff([]string{tt.want}, partnerSlugs(t, data)); diff != "" {
			t.Errorf("partners after admin create %v (-want +got):\n%s", tt.partner, diff)
		}
	}
}

// TestMissingDataFolderIsRefused checks that a command needing data, given
// a --data folder with no psabridge database, says so and creates nothing:
// neither the folder, nor a database, nor a key file.
func TestMissingDataFolderIsRefused(t *testing.T) {
	t.Parallel()
	empty := t.TempDir()
	for _, args := range [][]string{
		{"companies", "delete", "x"},
		{"map", "list"},
		{"jobs"},
		{"admin", "token", "list"},
		{"migrate"},
	} {
		data := filepath.Join(empty, "nonexistent")
		code, _, errOut := cli(t, append(args, "--data", data)...)
		want := "no psabridge database in " + data
		if code != 1 || !strings.Contains(errOut, want) {
			t.Errorf("%v on a missing folder = %d %q, want 1 and %q", args, code, errOut, want)
		}
		if _, err := os.Stat(data); !os.IsNotExist(err) {
			t.Errorf("%v created %s (%v)", args, data, err)
		}
		code, _, errOut = cli(t, append(args, "--data", empty)...)
		if code != 1 || !strings.Contains(errOut, "no psabridge database in "+empty) {
			t.Errorf("%v on an empty folder = %d %q", args, code, errOut)
		}
		if files, err := os.ReadDir(empty); err != nil || len(files) != 0 {
			t.Errorf("%v left %v in an empty folder (%v)", args, files, err)
		}
	}
}
