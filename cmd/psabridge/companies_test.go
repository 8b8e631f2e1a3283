package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/store"
)

// TestCompaniesImportIsAllOrNothing checks that a file with a bad line
// stores none of its companies and names the line, and that a good file
// is imported whole.
func TestCompaniesImportIsAllOrNothing(t *testing.T) {
	t.Parallel()
	data, dir := newDefaultPartner(t), t.TempDir()
	bad, good := filepath.Join(dir, "bad.csv"), filepath.Join(dir, "good.csv")
	header := "external_id,name,domains,billable_users\n"
	if err := os.WriteFile(bad, []byte(header+"a,A,,1\nb,B,,many\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, []byte(header+"a,A,A.example,1\nb,B,,\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	code, _, errOut := cli(t, "companies", "import", bad, "--data", data)
	want := bad + `: line 3: billable_users "many": want a whole number, 0 or more`
	if code != 2 || !strings.Contains(errOut, want) {
		t.Errorf("importing a bad file = %d %q, want 2 and %q", code, errOut, want)
	}
	if n := companiesIn(t, data); n != 0 {
		t.Errorf("a bad file stored %d companies, want none", n)
	}
	if out := mustRun(t, "companies", "import", good, "--data", data, "--json"); lastLine(out) != `{"imported":2}` {
		t.Errorf("importing a good file printed %q", out)
	}
	if n := companiesIn(t, data); n != 2 {
		t.Errorf("a good file stored %d companies, want 2", n)
	}
}

// companiesIn counts the default partner's companies in the data folder.
func companiesIn(t *testing.T, data string) int {
	t.Helper()
	st, err := store.Open(t.Context(), store.Config{DataDir: data})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	p, err := st.PartnerBySlug(t.Context(), "default")
	if err != nil {
		t.Fatal(err)
	}
	cs, err := st.PlatformCompanies(t.Context(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	return len(cs)
}

// TestCompaniesImportRefusesDuplicates checks that a file naming one
// company twice stores nothing and names both lines, rather than keeping
// the last row and counting two companies.
func TestCompaniesImportRefusesDuplicates(t *testing.T) {
	t.Parallel()
	data, dir := newDefaultPartner(t), t.TempDir()
	dup := filepath.Join(dir, "dup.csv")
	header := "external_id,name,domains,billable_users\n"
	must(t, os.WriteFile(dup, []byte(header+"dup-1,A,,1\ndup-1,B,,2\n"), 0o600))

	code, _, errOut := cli(t, "companies", "import", dup, "--data", data)
	want := dup + ": line 3: external_id dup-1 already on line 2: each company once per file"
	if code != 2 || !strings.Contains(errOut, want) {
		t.Errorf("importing a file with a duplicate = %d %q, want 2 and %q", code, errOut, want)
	}
	if n := companiesIn(t, data); n != 0 {
		t.Errorf("a file with a duplicate stored %d companies, want none", n)
	}
}

// TestCompaniesImportSaysCompanyForOne checks the count's noun agrees
// with the number.
func TestCompaniesImportSaysCompanyForOne(t *testing.T) {
	t.Parallel()
	data, dir := newDefaultPartner(t), t.TempDir()
	one := filepath.Join(dir, "one.csv")
	must(t, os.WriteFile(one, []byte("external_id,name,domains,billable_users\na,A,,\n"), 0o600))

	if out := mustRun(t, "companies", "import", one, "--data", data); lastLine(out) != "1 company imported" {
		t.Errorf("importing one company printed %q, want 1 company imported", out)
	}
}

// TestCompaniesDelete checks that delete wants an id, deletes nothing when
// any id is unknown and names it, and deletes the named companies.
func TestCompaniesDelete(t *testing.T) {
	t.Parallel()
	data, dir := newDefaultPartner(t), t.TempDir()
	file := filepath.Join(dir, "c.csv")
	must(t, os.WriteFile(file, []byte("external_id,name,domains,billable_users\n"+
		"junk-1,???,,\njunk-2,!!!,,\nkeep,Keep,,\n"), 0o600))
	mustRun(t, "companies", "import", file, "--data", data)

	if code, _, errOut := cli(t, "companies", "delete", "--data", data); code != 2 {
		t.Errorf("delete with no id = %d %q, want 2", code, errOut)
	}
	code, _, errOut := cli(t, "companies", "delete", "junk-1", "no-such", "--data", data)
	if code != 1 || !strings.Contains(errOut, `"no-such"`) {
		t.Errorf("delete of an unknown id = %d %q, want 1 naming \"no-such\"", code, errOut)
	}
	if n := companiesIn(t, data); n != 3 {
		t.Errorf("a delete naming an unknown id left %d companies, want all 3", n)
	}
	out := mustRun(t, "companies", "delete", "junk-1", "junk-2", "--data", data, "--json")
	if want := `{"deleted":[{"external_id":"junk-1","users":0},{"external_id":"junk-2","users":0}]}`; lastLine(out) != want {
		t.Errorf("delete printed %q, want %q", out, want)
	}
	if n := companiesIn(t, data); n != 1 {
		t.Errorf("after deleting two, %d companies are left, want 1", n)
	}
}
