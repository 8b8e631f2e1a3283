package cwsandbox

import (
	"fmt"
	"strings"
	"unicode"
)

// tokenKind classifies a token of a conditions expression.
type tokenKind int

const (
	tokEOF tokenKind = iota
	tokName
	tokString
	tokNumber
	tokDate
	tokOp
	tokLParen
	tokRParen
	tokComma
)

// token is one lexeme with its byte offset, for error messages.
type token struct {
	kind tokenKind
	text string
	pos  int
}

// lexer splits a conditions expression into tokens.
type lexer struct {
	src []rune
	pos int
}

// tokenize returns every token of src followed by tokEOF.
func tokenize(src string) ([]token, error) {
	lx := &lexer{src: []rune(src)}
	var toks []token
	for {
		tok, err := lx.next()
		if err != nil {
			return nil, err
		}
		toks = append(toks, tok)
		if tok.kind == tokEOF {
			return toks, nil
		}
	}
}

func (lx *lexer) next() (token, error) {
	for lx.pos < len(lx.src) && unicode.IsSpace(lx.src[lx.pos]) {
		lx.pos++
	}
	start := lx.pos
	if lx.pos >= len(lx.src) {
		return token{kind: tokEOF, pos: start}, nil
	}
	c := lx.src[lx.pos]
	switch {
	case c == '(' || c == ')' || c == ',':
		lx.pos++
		kinds := map[rune]tokenKind{'(': tokLParen, ')': tokRParen, ',': tokComma}
		return token{kind: kinds[c], text: string(c), pos: start}, nil
	case c == '"' || c == '\'':
		return lx.quoted(c)
	case c == '[':
		return lx.date()
	case strings.ContainsRune("=!<>", c):
		return lx.operator()
	case c == '-' || c == '.' || unicode.IsDigit(c):
		return lx.number()
	case isNameRune(c):
		for lx.pos < len(lx.src) && isNameRune(lx.src[lx.pos]) {
			lx.pos++
		}
		return token{kind: tokName, text: string(lx.src[start:lx.pos]), pos: start}, nil
	}
	return token{}, fmt.Errorf("unexpected character %q at position %d", c, start)
}

func isNameRune(c rune) bool {
	return c == '_' || c == '/' || unicode.IsLetter(c) || unicode.IsDigit(c)
}

// quoted reads a string. Double-quoted strings take \" and \\ as escapes;
// single-quoted strings take none, so an apostrophe always ends them.
func (lx *lexer) quoted(q rune) (token, error) {
	start := lx.pos
	lx.pos++
	var b strings.Builder
	for lx.pos < len(lx.src) {
		c := lx.src[lx.pos]
		lx.pos++
		switch {
		case c == q:
			return token{kind: tokString, text: b.String(), pos: start}, nil
		case c == '\\' && q == '"' && lx.pos < len(lx.src) &&
			(lx.src[lx.pos] == '"' || lx.src[lx.pos] == '\\'):
			b.WriteRune(lx.src[lx.pos])
			lx.pos++
		default:
			b.WriteRune(c)
		}
	}
	return token{}, fmt.Errorf("unterminated string starting at position %d", start)
}

func (lx *lexer) date() (token, error) {
	start := lx.pos
	for i := start + 1; i < len(lx.src); i++ {
		if lx.src[i] == ']' {
			lx.pos = i + 1
			return token{kind: tokDate, text: string(lx.src[start+1 : i]), pos: start}, nil
		}
	}
	return token{}, fmt.Errorf("unterminated date starting at position %d", start)
}

func (lx *lexer) operator() (token, error) {
	start := lx.pos
	two := ""
	if lx.pos+1 < len(lx.src) {
		two = string(lx.src[lx.pos : lx.pos+2])
	}
	switch two {
	case "!=", "<=", ">=":
		lx.pos += 2
		return token{kind: tokOp, text: two, pos: start}, nil
	}
	c := lx.src[lx.pos]
	if c == '!' {
		return token{}, fmt.Errorf("unexpected character '!' at position %d", start)
	}
	lx.pos++
	return token{kind: tokOp, text: string(c), pos: start}, nil
}

func (lx *lexer) number() (token, error) {
	start := lx.pos
	lx.pos++
	for lx.pos < len(lx.src) && (unicode.IsDigit(lx.src[lx.pos]) || lx.src[lx.pos] == '.') {
		lx.pos++
	}
	return token{kind: tokNumber, text: string(lx.src[start:lx.pos]), pos: start}, nil
}
