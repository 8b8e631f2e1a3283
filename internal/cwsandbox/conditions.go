package cwsandbox

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// cond is a compiled conditions expression, true for matching records.
type cond interface {
	match(rec map[string]any) bool
}

// errSyntax marks a malformed conditions expression.
var errSyntax = errors.New("malformed conditions")

// unknownNameError reports a field the model does not have, as ConnectWise
// does with "… is not a recognized name".
type unknownNameError struct{ name string }

func (e *unknownNameError) Error() string {
	return fmt.Sprintf("%s is not a recognized name", e.name)
}

// pathResolver checks a field path against the model and returns the path
// to read from the record (lastUpdated, for example, lives in _info).
type pathResolver func(path []string) ([]string, error)

// parser is a recursive-descent parser over the tokens of one expression:
//
//	expr    = and { "or" and }
//	and     = unary { "and" unary }
//	unary   = "not" unary | "(" expr ")" | compare
//	compare = name [ "not" ] op value | name [ "not" ] "in" "(" value { "," value } ")"
type parser struct {
	toks    []token
	i       int
	resolve pathResolver
}

// parseConditions compiles src; an empty expression matches every record.
func parseConditions(src string, resolve pathResolver) (cond, error) {
	if strings.TrimSpace(src) == "" {
		return matchAll{}, nil
	}
	toks, err := tokenize(src)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", errSyntax, err.Error())
	}
	p := &parser{toks: toks, resolve: resolve}
	c, err := p.expr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, p.fail("unexpected %q", t.text)
	}
	return c, nil
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) take() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

func (p *parser) fail(format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	return fmt.Errorf("%w: %s at position %d", errSyntax, msg, p.peek().pos)
}

// keyword reports whether the next token is the given keyword, in any case.
func (p *parser) keyword(kw string) bool {
	t := p.peek()
	return t.kind == tokName && strings.EqualFold(t.text, kw)
}

func (p *parser) expr() (cond, error) {
	return p.chain("or", p.and, func(l, r cond) cond { return orCond{l, r} })
}

func (p *parser) and() (cond, error) {
	return p.chain("and", p.unary, func(l, r cond) cond { return andCond{l, r} })
}

func (p *parser) chain(kw string, next func() (cond, error), join func(l, r cond) cond) (cond, error) {
	left, err := next()
	if err != nil {
		return nil, err
	}
	for p.keyword(kw) {
		p.take()
		right, err := next()
		if err != nil {
			return nil, err
		}
		left = join(left, right)
	}
	return left, nil
}

func (p *parser) unary() (cond, error) {
	switch {
	case p.keyword("not"):
		p.take()
		c, err := p.unary()
		if err != nil {
			return nil, err
		}
		return notCond{c}, nil
	case p.peek().kind == tokLParen:
		p.take()
		c, err := p.expr()
		if err != nil {
			return nil, err
		}
		if p.take().kind != tokRParen {
			return nil, p.fail("missing closing parenthesis")
		}
		return c, nil
	}
	return p.compare()
}

var reserved = map[string]bool{
	"and": true, "or": true, "not": true, "contains": true, "like": true,
	"in": true, "true": true, "false": true, "null": true,
}

func (p *parser) compare() (cond, error) {
	t := p.peek()
	if t.kind != tokName || reserved[strings.ToLower(t.text)] {
		return nil, p.fail("expected a field name, found %q", t.text)
	}
	p.take()
	path, err := p.resolve(strings.Split(t.text, "/"))
	if err != nil {
		return nil, err
	}
	c := &cmpCond{path: path}
	if p.keyword("not") {
		p.take()
		c.negate = true
	}
	if err := p.operator(c); err != nil {
		return nil, err
	}
	return c, p.operands(c)
}

func (p *parser) operator(c *cmpCond) error {
	t := p.take()
	switch {
	case t.kind == tokOp && !c.negate:
		c.op = t.text
	case t.kind == tokName && (strings.EqualFold(t.text, "contains") ||
		strings.EqualFold(t.text, "like") || strings.EqualFold(t.text, "in")):
		c.op = strings.ToLower(t.text)
	default:
		p.i--
		return p.fail("expected an operator, found %q", t.text)
	}
	return nil
}

func (p *parser) operands(c *cmpCond) error {
	if c.op != "in" {
		v, err := p.value()
		if err != nil {
			return err
		}
		c.vals = []literal{v}
		return c.check(p)
	}
	if p.take().kind != tokLParen {
		return p.fail("expected ( after in")
	}
	for {
		v, err := p.value()
		if err != nil {
			return err
		}
		c.vals = append(c.vals, v)
		switch p.take().kind {
		case tokComma:
			continue
		case tokRParen:
			return nil
		}
		return p.fail("expected , or ) in the in list")
	}
}

func (p *parser) value() (literal, error) {
	t := p.take()
	switch t.kind {
	case tokString:
		return literal{kind: litString, s: t.text}, nil
	case tokNumber:
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return literal{}, p.fail("bad number %q", t.text)
		}
		return literal{kind: litNumber, n: f}, nil
	case tokDate:
		tm, ok := parseTime(t.text)
		if !ok {
			return literal{}, p.fail("bad date [%s]", t.text)
		}
		return literal{kind: litDate, t: tm}, nil
	case tokName:
		switch strings.ToLower(t.text) {
		case "true", "false":
			return literal{kind: litBool, b: strings.EqualFold(t.text, "true")}, nil
		case "null":
			return literal{kind: litNull}, nil
		}
	}
	p.i--
	return literal{}, p.fail("expected a value, found %q", t.text)
}

// check rejects operator and value pairs that cannot be evaluated.
func (c *cmpCond) check(p *parser) error {
	v := c.vals[0]
	switch c.op {
	case "contains", "like":
		if v.kind != litString {
			return p.fail("%s needs a quoted string", c.op)
		}
		if c.op == "like" {
			c.re = likePattern(v.s)
		}
	case "<", "<=", ">", ">=":
		if v.kind == litNull || v.kind == litBool {
			return p.fail("%s cannot compare with %s", c.op, v.kindName())
		}
	}
	return nil
}

// likePattern turns a like value into a regular expression: * matches any
// run of characters and [set] any one character of the set, so [[] is a
// literal bracket.
func likePattern(s string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("(?is)^")
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		switch {
		case rs[i] == '*':
			b.WriteString(".*")
		case rs[i] == '[' && indexRune(rs, ']', i+2) > 0:
			end := indexRune(rs, ']', i+2)
			b.WriteString("[" + regexp.QuoteMeta(string(rs[i+1:end])) + "]")
			i = end
		default:
			b.WriteString(regexp.QuoteMeta(string(rs[i])))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// indexRune finds r in rs at or after from, or returns -1. A bracket set
// has at least one character, so "[]]" matches a literal "]".
func indexRune(rs []rune, r rune, from int) int {
	for i := from; i < len(rs); i++ {
		if rs[i] == r {
			return i
		}
	}
	return -1
}

// parseTime reads the date forms ConnectWise accepts in brackets and in
// records.
func parseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// childCond evaluates an expression over array elements, as
// childConditions do: it matches when one choice of an element from each
// named array (communicationItems, types…) satisfies the whole expression.
type childCond struct {
	arrays []string
	c      cond
}

func (c childCond) match(rec map[string]any) bool {
	return c.bind(rec, map[string]any{}, 0)
}

func (c childCond) bind(rec, root map[string]any, i int) bool {
	if i == len(c.arrays) {
		return c.c.match(root)
	}
	items, _ := rec[c.arrays[i]].([]any)
	for _, it := range items {
		root[c.arrays[i]] = it
		if c.bind(rec, root, i+1) {
			return true
		}
	}
	return false
}

// elemCond matches when one element of an array satisfies the expression
// on its own fields (customFieldConditions over customFields).
type elemCond struct {
	array string
	c     cond
}

func (c elemCond) match(rec map[string]any) bool {
	items, _ := rec[c.array].([]any)
	for _, it := range items {
		if m, ok := it.(map[string]any); ok && c.c.match(m) {
			return true
		}
	}
	return false
}

// compileFilter builds the record filter of a list call from its
// conditions, childConditions and customFieldConditions parameters.
func compileFilter(s *schema, conditions, child, custom string) (cond, error) {
	plain, err := parseConditions(conditions, plainResolver(s))
	if err != nil {
		return nil, err
	}
	var arrays []string
	kids, err := parseConditions(child, childResolver(s, &arrays))
	if err != nil {
		return nil, err
	}
	if len(arrays) > 0 {
		kids = childCond{arrays: arrays, c: kids}
	}
	cf, err := parseConditions(custom, plainResolver(schemas["CustomFieldValue"]))
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(custom) != "" {
		cf = elemCond{array: "customFields", c: cf}
	}
	return andCond{plain, andCond{kids, cf}}, nil
}

func plainResolver(s *schema) pathResolver {
	return func(path []string) ([]string, error) {
		if len(path) == 1 && path[0] == "lastUpdated" && s.Props["lastUpdated"].Type == "" {
			path = []string{"_info", "lastUpdated"}
		}
		if !resolvePath(s, path, false) {
			return nil, &unknownNameError{name: strings.Join(path, "/")}
		}
		return path, nil
	}
}

func childResolver(s *schema, arrays *[]string) pathResolver {
	return func(path []string) ([]string, error) {
		if !resolvePath(s, path, true) {
			return nil, &unknownNameError{name: strings.Join(path, "/")}
		}
		if !slices.Contains(*arrays, path[0]) {
			*arrays = append(*arrays, path[0])
		}
		return path, nil
	}
}
