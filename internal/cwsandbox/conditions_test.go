package cwsandbox

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// conditionRecords are companies and contacts shaped as ConnectWise
// returns them, for the conditions table.
var conditionRecords = []map[string]any{
	{"id": 1.0, "name": "O'Brien Dental", "identifier": "OBrien", "deletedFlag": false,
		"status": map[string]any{"id": 1.0, "name": "Active"}, "_info": map[string]any{"lastUpdated": "2024-05-01T00:00:00Z"}},
	{"id": 2.0, "name": "Smith & Sons", "identifier": "Smith", "deletedFlag": false, "phoneNumber": "555",
		"status": map[string]any{"id": 2.0, "name": "Inactive"}, "_info": map[string]any{"lastUpdated": "2025-02-01T00:00:00Z"}},
	{"id": 3.0, "name": `"Best" Bakery`, "identifier": "Best", "deletedFlag": true,
		"status": map[string]any{"id": 1.0, "name": "Active"}},
	{"id": 4.0, "name": "Café Zürich", "identifier": "Cafe", "deletedFlag": false, "website": `C:\path`},
	{"id": 5.0, "name": "Back[slash] Co", "identifier": "Back", "deletedFlag": false},
}

func TestConditions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr string
		want []int
	}{
		{`id = 2`, []int{2}},
		{`id != 2`, []int{1, 3, 4, 5}},
		{`id < 3`, []int{1, 2}},
		{`id <= 3`, []int{1, 2, 3}},
		{`id > 3`, []int{4, 5}},
		{`id >= 4`, []int{4, 5}},
		{`name = "o'brien dental"`, []int{1}},
		{`name = 'Smith & Sons'`, []int{2}},
		{`name = "\"Best\" Bakery"`, []int{3}},
		{`website = "C:\\path"`, []int{4}},
		{`name = "Café Zürich"`, []int{4}},
		{`name = "Cafe Zurich"`, nil},
		{`name contains "SONS"`, []int{2}},
		{`name not contains "O"`, []int{3, 4}},
		{`name like "*Dental"`, []int{1}},
		{`name like "s*s"`, []int{2}},
		{`name not like "*a*"`, []int{2}},
		{`name like "Back[[]*"`, []int{5}},
		{`id in (1, 3,5)`, []int{1, 3, 5}},
		{`identifier not in ("Best", "Cafe")`, []int{1, 2, 5}},
		{`deletedFlag = true`, []int{3}},
		{`deletedFlag=False`, []int{1, 2, 4, 5}},
		{`phoneNumber = null`, []int{1, 3, 4, 5}},
		{`phoneNumber != null`, []int{2}},
		{`phoneNumber != "1"`, []int{2}},
		{`status/id = 1 AND deletedFlag = false`, []int{1}},
		{`status/name = "inactive" or id = 4`, []int{2, 4}},
		{`id = 1 or id = 2 and deletedFlag = true`, []int{1}},
		{`(id = 1 or id = 2) and status/id = 2`, []int{2}},
		{`not (id = 1 or (id > 2 and id < 5))`, []int{2, 5}},
		{`lastUpdated > [2025-01-01T00:00:00Z]`, []int{2}},
		{`_info/lastUpdated < [2025-01-01]`, []int{1}},
		{`id = 1 aNd name contains "dental"`, []int{1}},
		{``, []int{1, 2, 3, 4, 5}},
	}
	for _, tt := range tests {
		c, err := parseConditions(tt.expr, plainResolver(schemas["Company"]))
		if err != nil {
			t.Errorf("parseConditions(%q): %v", tt.expr, err)
			continue
		}
		var got []int
		for _, rec := range conditionRecords {
			if c.match(rec) {
				id, _ := intOf(rec["id"])
				got = append(got, id)
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: matched ids (-want +got):\n%s", tt.expr, diff)
		}
	}
}

func TestConditionsMalformed(t *testing.T) {
	t.Parallel()
	for _, expr := range []string{
		`name = "unterminated`,
		`name = 'O'Brien'`,
		`(id = 1`,
		`id = 1)`,
		`id =`,
		`= 1`,
		`id 1`,
		`id = 1 and`,
		`id in 1, 2`,
		`id in (1, 2`,
		`name contains 5`,
		`id < null`,
		`lastUpdated > [2025-13-45]`,
		`lastUpdated > [2025-01-01`,
		`id == 1`,
		`id ! 1`,
		`name not = "x"`,
		`id = 1.2.3`,
		`and = 1`,
	} {
		_, err := parseConditions(expr, plainResolver(schemas["Company"]))
		if !errors.Is(err, errSyntax) {
			t.Errorf("parseConditions(%q) = %v, want a syntax error", expr, err)
		}
	}
}

func TestConditionsUnknownName(t *testing.T) {
	t.Parallel()
	for _, expr := range []string{`typeids = "1"`, `types/id = 1`, `status/colour = "x"`, `name = "x" or nosuch = 1`} {
		_, err := parseConditions(expr, plainResolver(schemas["Company"]))
		var un *unknownNameError
		if !errors.As(err, &un) {
			t.Errorf("parseConditions(%q) = %v, want an unknown name error", expr, err)
		}
	}
}

func TestChildConditions(t *testing.T) {
	t.Parallel()
	contact := func(id float64, items ...map[string]any) map[string]any {
		var list []any
		for _, it := range items {
			list = append(list, it)
		}
		return map[string]any{"id": id, "communicationItems": list}
	}
	email := func(v string) map[string]any { return map[string]any{"value": v, "communicationType": "Email"} }
	phone := func(v string) map[string]any { return map[string]any{"value": v, "communicationType": "Phone"} }
	recs := []map[string]any{
		contact(1, phone("jane@acme.example"), email("other@acme.example")),
		contact(2, email("Jane@Acme.example")),
		contact(3),
	}
	f, err := compileFilter(schemas["Contact"], "",
		`communicationItems/value="jane@acme.example" and communicationItems/communicationType="Email"`, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, rec := range recs {
		if f.match(rec) {
			id, _ := intOf(rec["id"])
			got = append(got, id)
		}
	}
	if !slices.Equal(got, []int{2}) {
		t.Errorf("matched %v, want [2]: both terms must hold for one element", got)
	}
	if _, err := compileFilter(schemas["Contact"], "", `value="x"`, ""); err == nil {
		t.Error("childConditions on a scalar field: want an error")
	}
}
