package cwm

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFieldLimitsMatchSpec(t *testing.T) {
	t.Parallel()
	path := filepath.Join("..", "..", "..", "shared", "cw-openapi", "cw-manage-subset.openapi.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("skipping: the OpenAPI subset is not at %s (it lives outside the repository)", path)
	}
	var spec struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					MaxLength int `json:"maxLength"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &spec); err != nil {
		t.Fatal(err)
	}
	for _, l := range FieldLimits {
		p, ok := spec.Components.Schemas[l.Model].Properties[l.Field]
		if !ok || p.MaxLength == 0 {
			t.Logf("%s.%s: the subset has no maximum; keeping %d", l.Model, l.Field, l.Max)
			continue
		}
		if p.MaxLength != l.Max {
			t.Errorf("%s.%s: table says %d, spec says %d", l.Model, l.Field, l.Max, p.MaxLength)
		}
	}
}

func TestFitLength(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{strings.Repeat("a", 100), MaxTicketSummary, strings.Repeat("a", 100)},
		{strings.Repeat("a", 101), MaxTicketSummary, strings.Repeat("a", 99) + "…"},
		{"ab😀cd", 4, "ab…"}, // the emoji counts two units and does not fit with the ellipsis
		{"abc 😀", 5, "abc…"},
	}
	for _, tt := range tests {
		got := FitLength(tt.in, tt.limit)
		if got != tt.want || LengthOf(got) > tt.limit {
			t.Errorf("FitLength(%q, %d) = %q (%d units), want %q", tt.in, tt.limit, got, LengthOf(got), tt.want)
		}
	}
	if MaxLength("Ticket", "summary") != 100 || MaxLength("Ticket", "nope") != 0 {
		t.Error("MaxLength does not read the table")
	}
}
