package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/psabridge/psabridge/internal/store"
)

// tokenListRow is one token of admin token list --json.
type tokenListRow struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	Role       string     `json:"role"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
}

// listTokens runs admin token list --json on data, which must succeed.
func listTokens(t *testing.T, data string) []tokenListRow {
	t.Helper()
	code, out, errOut := cli(t, "admin", "token", "list", "--json", "--data", data)
	var rows []tokenListRow
	if code != 0 || json.Unmarshal([]byte(out), &rows) != nil {
		t.Fatalf("admin token list --json = %d\n%s%s", code, out, errOut)
	}
	return rows
}

// markTokenUsed records a use of the data folder's token id at.
func markTokenUsed(t *testing.T, data string, id int64, at time.Time) {
	t.Helper()
	st, err := store.Open(t.Context(), store.Config{DataDir: data})
	must(t, err)
	defer st.Close()
	must(t, st.MarkAPITokenUsed(t.Context(), id, at))
}

func TestTokenListShowsLastUsed(t *testing.T) {
	t.Parallel()
	data := newDefaultPartner(t)
	if code, _, errOut := cli(t, "admin", "token", "create", "--name", "platform", "--data", data); code != 0 {
		t.Fatalf("admin token create = %d: %s", code, errOut)
	}

	rows := listTokens(t, data)
	if len(rows) != 1 || rows[0].LastUsedAt != nil || rows[0].Name != "platform" || rows[0].Role != "admin" ||
		rows[0].CreatedAt.IsZero() {
		t.Fatalf("token list before use = %+v, want the admin token platform with last_used_at null", rows)
	}
	code, out, _ := cli(t, "admin", "token", "list", "--data", data)
	if code != 0 || !strings.Contains(out, "last used never") || !strings.Contains(out, "platform") {
		t.Errorf("admin token list before use = %d %q, want it last used never", code, out)
	}

	used := time.Date(2025, 3, 14, 15, 9, 26, 0, time.UTC)
	markTokenUsed(t, data, rows[0].ID, used)
	after := listTokens(t, data)
	if after[0].LastUsedAt == nil || !after[0].LastUsedAt.Equal(used) {
		t.Errorf("last_used_at after use = %v, want %v", after[0].LastUsedAt, used)
	}
	if d := cmp.Diff(rows[0].CreatedAt, after[0].CreatedAt); d != "" {
		t.Errorf("created_at changed with the use:\n%s", d)
	}
	code, out, _ = cli(t, "admin", "token", "list", "--data", data)
	if code != 0 || !strings.Contains(out, "last used 2025-03-14 15:09Z") {
		t.Errorf("admin token list after use = %d %q, want its last use", code, out)
	}
}

// TestTokenCreateChecksName checks that the command line applies the
// web's rules to a token's name: required, at most 100 characters.
func TestTokenCreateChecksName(t *testing.T) {
	t.Parallel()
	data := newDefaultPartner(t)
	for _, tt := range []struct{ name, want string }{
		{"", "name is required"},
		{"   ", "name is required"},
		{strings.Repeat("n", 101), "name is over 100 characters"},
		{"a\nb", "name holds a control character"},
	} {
		code, _, errOut := cli(t, "admin", "token", "create", "--name", tt.name, "--data", data)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("admin token create --name %q = %d %q, want 2 and %q", tt.name, code, errOut, tt.want)
		}
	}
	if rows := listTokens(t, data); len(rows) != 0 {
		t.Errorf("refused names created tokens: %+v", rows)
	}

	if code, _, errOut := cli(t, "admin", "token", "create", "--name", strings.Repeat("n", 100), "--data", data); code != 0 {
		t.Errorf("a name of 100 characters = %d %s, want it created", code, errOut)
	}
}

// TestTokenCreateRefusesATakenName: a second token of the same name is
// refused, saying what to do.
func TestTokenCreateRefusesATakenName(t *testing.T) {
	t.Parallel()
	data := newDefaultPartner(t)
	if code, _, errOut := cli(t, "admin", "token", "create", "--name", "platform", "--data", data); code != 0 {
		t.Fatalf("admin token create = %d: %s", code, errOut)
	}
	code, out, errOut := cli(t, "admin", "token", "create", "--name", "PLATFORM", "--data", data)
	if code != 1 || out != "" || !strings.Contains(errOut, `a token named "platform" exists`) {
		t.Errorf("a second token of the name = %d, stdout %q, stderr %q; want 1 and the reason", code, out, errOut)
	}
	if rows := listTokens(t, data); len(rows) != 1 {
		t.Errorf("%d tokens, want 1", len(rows))
	}
}
