package cwsandbox

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

// schema.json is a compact copy of the component schemas of
// ../shared/cw-openapi/cw-manage-subset.openapi.json (property names, JSON
// types, references, required lists and maximum lengths), produced by a
// one-off script; TestSchemaMatchesSpec checks it against the spec.
//
//go:embed schema.json
var schemaJSON []byte

// schemas holds every model of the OpenAPI subset by schema name.
var schemas = mustLoadSchemas()

// schema is one model: its properties and the fields a create requires.
type schema struct {
	Props    map[string]prop `json:"props"`
	Required []string        `json:"required,omitempty"`
	Open     bool            `json:"open,omitempty"`
	OneOf    []string        `json:"oneOf,omitempty"`
}

// prop is one property: a scalar type, a reference to another schema, or
// an array of either.
type prop struct {
	Type      string `json:"type,omitempty"`
	Ref       string `json:"ref,omitempty"`
	Items     string `json:"items,omitempty"`
	MaxLength int    `json:"maxLength,omitempty"`
	PostOnly  bool   `json:"postOnly,omitempty"`
	Open      bool   `json:"open,omitempty"`
}

func mustLoadSchemas() map[string]*schema {
	var m map[string]*schema
	if err := json.Unmarshal(schemaJSON, &m); err != nil {
		panic(fmt.Sprintf("cwsandbox: decoding embedded schema.json: %v", err))
	}
	return m
}

// itemSchema returns the schema of an array property's elements, or nil
// when the elements are scalars.
func (p prop) itemSchema() *schema {
	return schemas[p.Items]
}

// scalar reports whether the property holds a string, number or boolean.
func (p prop) scalar() bool {
	switch p.Type {
	case "string", "integer", "number", "boolean", "any":
		return true
	}
	return false
}

// resolvePath walks a condition or orderBy path such as company/id through
// the schema and reports whether it names a scalar. With child set, the
// first segment must be an array of objects (childConditions).
func resolvePath(s *schema, segs []string, child bool) bool {
	if child {
		if len(segs) < 2 {
			return false
		}
		p, ok := s.Props[segs[0]]
		if !ok || p.Type != "array" || p.itemSchema() == nil {
			return false
		}
		return resolvePath(p.itemSchema(), segs[1:], false)
	}
	for i, seg := range segs {
		p, ok := s.Props[seg]
		if !ok {
			return s.Open
		}
		last := i == len(segs)-1
		switch {
		case last:
			return p.scalar()
		case p.Open:
			return len(segs) == i+2
		case p.Ref != "":
			s = schemas[p.Ref]
		default:
			return false
		}
	}
	return false
}
