package cwsandbox

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// litKind is the type of a literal in a conditions expression.
type litKind int

const (
	litString litKind = iota
	litNumber
	litBool
	litNull
	litDate
)

// literal is a value written in a conditions expression.
type literal struct {
	kind litKind
	s    string
	n    float64
	b    bool
	t    time.Time
}

func (l literal) kindName() string {
	return [...]string{"a string", "a number", "a boolean", "null", "a date"}[l.kind]
}

type matchAll struct{}

func (matchAll) match(map[string]any) bool { return true }

type andCond struct{ l, r cond }

func (c andCond) match(rec map[string]any) bool { return c.l.match(rec) && c.r.match(rec) }

type orCond struct{ l, r cond }

func (c orCond) match(rec map[string]any) bool { return c.l.match(rec) || c.r.match(rec) }

type notCond struct{ c cond }

func (c notCond) match(rec map[string]any) bool { return !c.c.match(rec) }

// cmpCond compares one field with one or more literals.
type cmpCond struct {
	path   []string
	op     string
	negate bool
	vals   []literal
	re     *regexp.Regexp
}

// match follows SQL: a comparison with a missing field is unknown, and
// unknown is false even under "not", except for "= null" and "!= null".
func (c *cmpCond) match(rec map[string]any) bool {
	res, known := c.eval(lookup(rec, c.path))
	if !known {
		return false
	}
	return res != c.negate
}

func (c *cmpCond) eval(v any) (res, known bool) {
	lit := c.vals[0]
	if lit.kind == litNull && (c.op == "=" || c.op == "!=") {
		return (v == nil) == (c.op == "="), true
	}
	if v == nil {
		return false, false
	}
	switch c.op {
	case "contains":
		return strings.Contains(fold(text(v)), fold(lit.s)), true
	case "like":
		return c.re.MatchString(text(v)), true
	case "in":
		return c.in(v), true
	}
	n, ok := order(v, lit)
	if !ok {
		return false, c.op == "=" || c.op == "!="
	}
	return holds(c.op, n), true
}

func (c *cmpCond) in(v any) bool {
	for _, lit := range c.vals {
		if n, ok := order(v, lit); ok && n == 0 {
			return true
		}
	}
	return false
}

func holds(op string, n int) bool {
	switch op {
	case "=":
		return n == 0
	case "!=":
		return n != 0
	case "<":
		return n < 0
	case "<=":
		return n <= 0
	case ">":
		return n > 0
	}
	return n >= 0
}

// order compares a record value with a literal: -1, 0 or 1, and false when
// the two cannot be compared.
func order(v any, lit literal) (int, bool) {
	switch lit.kind {
	case litNumber:
		f, ok := number(v)
		return cmpFloat(f, lit.n), ok
	case litBool:
		b, ok := v.(bool)
		return cmpBool(b, lit.b), ok
	case litDate:
		s, _ := v.(string)
		t, ok := parseTime(s)
		return t.Compare(lit.t), ok
	case litString:
		if f, ok := v.(float64); ok {
			g, err := strconv.ParseFloat(lit.s, 64)
			return cmpFloat(f, g), err == nil
		}
		if b, ok := v.(bool); ok {
			g, err := strconv.ParseBool(lit.s)
			return cmpBool(b, g), err == nil
		}
		s, ok := v.(string)
		return strings.Compare(fold(s), fold(lit.s)), ok
	}
	return 0, false
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(x, 64)
		return f, err == nil
	}
	return 0, false
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}

// fold makes string comparison case-insensitive but accent-sensitive.
func fold(s string) string { return strings.ToLower(s) }

// text renders a scalar record value for contains and like.
func text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

// lookup reads a nested value such as company/id from a record.
func lookup(rec map[string]any, path []string) any {
	var v any = rec
	for _, seg := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[seg]
	}
	return v
}
