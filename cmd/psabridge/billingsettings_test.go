package main

import (
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/store"
)

// excludedIn lists the default partner's excluded addresses in data.
func excludedIn(t *testing.T, data string) []string {
	t.Helper()
	st, err := store.Open(t.Context(), store.Config{DataDir: data})
	must(t, err)
	defer st.Close()
	p, err := st.PartnerBySlug(t.Context(), "default")
	must(t, err)
	es, err := st.ExcludedUsers(t.Context(), p.ID)
	must(t, err)
	return es
}

// newDefaultPartner makes a data folder with the default partner.
func newDefaultPartner(t *testing.T) string {
	t.Helper()
	data := t.TempDir()
	st, err := store.Open(t.Context(), store.Config{DataDir: data})
	must(t, err)
	_, err = st.CreatePartner(t.Context(), "default", "Default")
	must(t, err)
	must(t, st.Close())
	return data
}

// TestBillingExcludeRefusesNonAddress checks that the command line
// refuses what the web refuses: an exclusion of something that is not an
// address would never match a user, so it only looks like it worked.
func TestBillingExcludeRefusesNonAddress(t *testing.T) {
	t.Parallel()
	data := newDefaultPartner(t)
	shape := "email must be an e-mail address such as someone@example.com"
	for _, tt := range []struct{ email, want string }{
		{"not an email", shape},
		{"@example.com", shape},
		{"ann@", shape},
		{"", "email is required"},
		{"ann@a\x00.example", "email holds a control character"},
	} {
		code, _, errOut := cli(t, "billing", "exclude", tt.email, "--data", data)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("billing exclude %q = %d %q, want 2 and %q", tt.email, code, errOut, tt.want)
		}
	}
	if code, _, errOut := cli(t, "billing", "exclude", "nobody", "--data", t.TempDir()); code != 2 || !strings.Contains(errOut, shape) {
		t.Errorf("billing exclude nobody before connect = %d %q, want the address refused first", code, errOut)
	}
	if es := excludedIn(t, data); len(es) != 0 {
		t.Errorf("refused addresses were stored: %q", es)
	}

	if code, out, errOut := cli(t, "billing", "exclude", " Svc@A.example ", "--data", data); code != 0 {
		t.Fatalf("billing exclude of an address = %d %s%s", code, out, errOut)
	}
	if es := excludedIn(t, data); len(es) != 1 || es[0] != "svc@a.example" {
		t.Errorf("excluded = %q, want svc@a.example", es)
	}
}
