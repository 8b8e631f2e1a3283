package cwm

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Condition is one expression of ConnectWise's conditions language, built
// with Eq, And and the other constructors so that values are always quoted
// and field names checked. A Condition built from a bad field name or value
// carries an error, reported by Build; it is never sent as is.
//
// Strings are written in double quotes with '\' escaping '"' and '\'.
// ConnectWise documents no escape for a double quote inside a string; the
// backslash form is what psabridge's sandbox parses and what clients
// commonly assume. Apostrophes, '&', '*', '+' and non-ASCII need no escape
// inside double quotes. URL-encoding is left to the transport.
type Condition struct {
	field, op, value string      // a comparison
	join             string      // "and" or "or" for a combination
	parts            []Condition // the combined conditions
	err              error
}

// fieldName is a ConnectWise field path: names joined by '/'.
var fieldName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(/[A-Za-z_][A-Za-z0-9_]*)*$`)

// negated maps each comparison to its opposite, which is how Not is
// written: ConnectWise documents "not" only before contains, like and in.
var negated = map[string]string{
	"=": "!=", "!=": "=", "<": ">=", ">=": "<", ">": "<=", "<=": ">",
	"contains": "not contains", "not contains": "contains",
	"like": "not like", "not like": "like", "in": "not in", "not in": "in",
}

// Eq matches rows whose field equals v (v nil matches null).
func Eq(field string, v any) Condition { return compare(field, "=", v) }

// NotEq matches rows whose field differs from v.
func NotEq(field string, v any) Condition { return compare(field, "!=", v) }

// Lt matches rows whose field is less than v.
func Lt(field string, v any) Condition { return compare(field, "<", v) }

// Le matches rows whose field is at most v.
func Le(field string, v any) Condition { return compare(field, "<=", v) }

// Gt matches rows whose field is greater than v.
func Gt(field string, v any) Condition { return compare(field, ">", v) }

// Ge matches rows whose field is at least v.
func Ge(field string, v any) Condition { return compare(field, ">=", v) }

// Contains matches rows whose field contains s.
func Contains(field, s string) Condition { return compare(field, "contains", s) }

// Like matches rows whose field matches pattern, where '*' is the wildcard.
func Like(field, pattern string) Condition { return compare(field, "like", pattern) }

// In matches rows whose field equals one of vs.
func In(field string, vs ...any) Condition {
	if len(vs) == 0 {
		return Condition{err: fmt.Errorf("condition on %q: in needs at least one value", field)}
	}
	lits := make([]string, len(vs))
	for i, v := range vs {
		lit, err := literal(v)
		if err != nil {
			return Condition{err: fmt.Errorf("condition on %q: %w", field, err)}
		}
		lits[i] = lit
	}
	return comparison(field, "in", "("+strings.Join(lits, ",")+")")
}

// And matches rows that match every one of cs.
func And(cs ...Condition) Condition { return combine("and", cs) }

// Or matches rows that match at least one of cs.
func Or(cs ...Condition) Condition { return combine("or", cs) }

// Not matches rows that c does not match. It flips comparisons and applies
// De Morgan's laws, so only documented syntax is produced.
func Not(c Condition) Condition {
	switch {
	case c.Err() != nil:
		return Condition{err: c.Err()}
	case c.join == "":
		c.op = negated[c.op]
		return c
	}
	parts := make([]Condition, len(c.parts))
	for i, p := range c.parts {
		parts[i] = Not(p)
	}
	return Condition{join: map[string]string{"and": "or", "or": "and"}[c.join], parts: parts}
}

// Build returns the expression, or the error of the first bad field name or
// value it was built from.
func (c Condition) Build() (string, error) {
	if err := c.Err(); err != nil {
		return "", err
	}
	return c.String(), nil
}

// Err returns the error of the first bad field name or value, if any. The
// zero Condition is an error too: it would otherwise filter nothing.
func (c Condition) Err() error {
	if c.err == nil && c.field == "" && c.join == "" {
		return errEmptyCondition
	}
	return c.err
}

var errEmptyCondition = errors.New("empty condition")

// String returns the expression. For a condition that carries an error it
// returns a text ConnectWise rejects, never a partial filter; use Build to
// see the error.
func (c Condition) String() string {
	switch {
	case c.Err() != nil:
		return "!invalid condition!"
	case c.join == "":
		return c.field + " " + c.op + " " + c.value
	}
	parts := make([]string, len(c.parts))
	for i, p := range c.parts {
		parts[i] = p.String()
		if p.join != "" && p.join != c.join {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return strings.Join(parts, " "+c.join+" ")
}

func compare(field, op string, v any) Condition {
	lit, err := literal(v)
	if err != nil {
		return Condition{err: fmt.Errorf("condition on %q: %w", field, err)}
	}
	return comparison(field, op, lit)
}

func comparison(field, op, lit string) Condition {
	if !fieldName.MatchString(field) {
		return Condition{err: fmt.Errorf("condition field %q is not a field name "+
			"(letters, digits, '_' and '/' only)", field)}
	}
	return Condition{field: field, op: op, value: lit}
}

func combine(join string, cs []Condition) Condition {
	if len(cs) == 0 {
		return Condition{err: fmt.Errorf("%s of no conditions", join)}
	}
	for _, c := range cs {
		if err := c.Err(); err != nil {
			return Condition{err: err}
		}
	}
	if len(cs) == 1 {
		return cs[0]
	}
	return Condition{join: join, parts: append([]Condition(nil), cs...)}
}

// literal writes v in the conditions language.
func literal(v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "null", nil
	case string:
		return quote(x), nil
	case bool:
		return strconv.FormatBool(x), nil
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return fmt.Sprint(x), nil
	case float32:
		return float(float64(x), 32)
	case float64:
		return float(x, 64)
	case time.Time:
		return "[" + x.UTC().Format("2006-01-02T15:04:05Z") + "]", nil
	}
	return "", fmt.Errorf("cannot write a %T value in a condition", v)
}

func float(f float64, bits int) (string, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", errors.New("cannot write NaN or infinity in a condition")
	}
	return strconv.FormatFloat(f, 'f', -1, bits), nil
}

var quoter = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

func quote(s string) string { return `"` + quoter.Replace(s) + `"` }
