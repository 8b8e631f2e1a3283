package cwm

import (
	"math"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestConditionQuoting(t *testing.T) {
	t.Parallel()
	when := time.Date(2024, 8, 20, 20, 4, 26, 999, time.FixedZone("CEST", 2*3600))
	tests := []struct {
		name string
		c    Condition
		want string
	}{
		{"plain string", Eq("name", "Acme"), `name = "Acme"`},
		{"apostrophe needs no escape", Eq("name", "O'Brien IT"), `name = "O'Brien IT"`},
		{"ampersand kept", Eq("name", "Smith & Sons"), `name = "Smith & Sons"`},
		{"star and plus kept", Eq("name", "A*B+C"), `name = "A*B+C"`},
		{"unicode kept", Eq("name", "Café Zürich"), `name = "Café Zürich"`},
		{"double quote escaped with backslash (undocumented by ConnectWise)",
			Eq("name", `The "Best" Co`), `name = "The \"Best\" Co"`},
		{"backslash escaped", Eq("name", `C:\temp\`), `name = "C:\\temp\\"`},
		{"quote cannot end the string early", Eq("name", `x" or id>0 or name="`),
			`name = "x\" or id>0 or name=\""`},
		{"int bare", Eq("company/id", 250), `company/id = 250`},
		{"int64 bare", Gt("id", int64(1)<<40), `id > 1099511627776`},
		{"float bare", Le("quantity", 12.5), `quantity <= 12.5`},
		{"large float without exponent", Lt("quantity", 1e21), `quantity < 1000000000000000000000`},
		{"bool bare", Eq("deletedFlag", false), `deletedFlag = false`},
		{"nil is null", Eq("cancelledDate", nil), `cancelledDate = null`},
		{"not null", NotEq("cancelledDate", nil), `cancelledDate != null`},
		{"time in brackets as UTC", Ge("lastUpdated", when), `lastUpdated >= [2024-08-20T18:04:26Z]`},
		{"contains", Contains("summary", "phish"), `summary contains "phish"`},
		{"like keeps wildcard", Like("name", "Acme*"), `name like "Acme*"`},
		{"in numbers", In("board/id", 3, 2, 4), `board/id in (3,2,4)`},
		{"in strings", In("identifier", "a", `b"c`), `identifier in ("a","b\"c")`},
		{"and", And(Eq("a", 1), Eq("b", 2), Eq("c", 3)), `a = 1 and b = 2 and c = 3`},
		{"or inside and is parenthesised", And(Eq("a", 1), Or(Eq("b", 2), Eq("c", 3))),
			`a = 1 and (b = 2 or c = 3)`},
		{"and inside or is parenthesised", Or(And(Eq("a", 1), Eq("b", 2)), Eq("c", 3)),
			`(a = 1 and b = 2) or c = 3`},
		{"single and is the condition", And(Eq("a", 1)), `a = 1`},
		{"not flips comparison", Not(Lt("a", 1)), `a >= 1`},
		{"not contains", Not(Contains("summary", "x")), `summary not contains "x"`},
		{"not in", Not(In("id", 1, 2)), `id not in (1,2)`},
		{"double not", Not(Not(Like("n", "a*"))), `n like "a*"`},
		{"not and is or of nots", Not(And(Eq("a", 1), Gt("b", 2))), `a != 1 or b <= 2`},
		{"not or is and of nots", Not(Or(Eq("a", 1), And(Eq("b", 2), Eq("c", 3)))),
			`a != 1 and (b != 2 or c != 3)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.c.Build()
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestConditionRejectsBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		c    Condition
	}{
		{"field with space", Eq("name or 1", 1)},
		{"field with quote", Eq(`name"`, 1)},
		{"field with operator", Eq("id=1 or id", 1)},
		{"empty field", Eq("", 1)},
		{"field with trailing slash", Eq("company/", 1)},
		{"field starting with digit", Eq("1abc", 1)},
		{"unsupported value type", Eq("name", []string{"a"})},
		{"pointer value", Eq("name", new(string))},
		{"NaN", Eq("quantity", math.NaN())},
		{"infinity", Eq("quantity", math.Inf(1))},
		{"empty in", In("id")},
		{"bad value in in", In("id", 1, struct{}{})},
		{"empty and", And()},
		{"empty or", Or()},
		{"error inside and", And(Eq("a", 1), Eq("b c", 2))},
		{"error inside not", Not(Eq("b c", 2))},
		{"zero condition", Condition{}},
		{"zero condition inside or", Or(Eq("a", 1), Condition{})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.c.Build()
			if err == nil {
				t.Fatalf("Build = %q, want an error", got)
			}
			if s := tt.c.String(); s != "!invalid condition!" {
				t.Errorf("String of an invalid condition = %q, want the rejected marker", s)
			}
		})
	}
}

func TestConditionsAreEncodedInTheQuery(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var raw, decoded string
	handle(mux, "GET", "/company/companies", func(w http.ResponseWriter, r *http.Request) {
		raw = r.URL.RawQuery
		decoded = r.URL.Query().Get("conditions")
		writeJSON(t, w, http.StatusOK, []row{})
	})
	cond := Or(Eq("name", `Smith & Sons "UK"`), Eq("name", "A+B"), Eq("name", "Café Zürich"))
	expr, err := cond.Build()
	if err != nil {
		t.Fatal(err)
	}

	if _, _, err := c.Companies.List(t.Context(), &ListOptions{Conditions: expr}); err != nil {
		t.Fatal(err)
	}
	if decoded != expr {
		t.Errorf("server decoded conditions %q, want %q", decoded, expr)
	}
	for _, want := range []string{"%26", "%22", "%2B", "%20", "Caf%C3%A9"} {
		if !strings.Contains(raw, want) {
			t.Errorf("raw query %q lacks %s", raw, want)
		}
	}
	if strings.Contains(raw, "+") {
		t.Errorf("raw query %q has a '+', which ConnectWise may read as a space", raw)
	}
}
