package cwsandbox

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf16"
)

// dotNetTypes names the .NET types ConnectWise's deserialiser reports.
var dotNetTypes = map[string]string{
	"string": "System.String", "integer": "System.Int32", "number": "System.Double",
	"boolean": "System.Boolean", "array": "System.Collections.Generic.List", "object": "System.Object",
}

// decodeObject reads a JSON object body.
func decodeObject(body []byte) (map[string]any, error) {
	var obj map[string]any
	if err := json.Unmarshal(body, &obj); err != nil || obj == nil {
		return nil, badRequest("The request body is not a valid JSON object.")
	}
	return obj, nil
}

// checkMembers rejects members the model does not have and values of the
// wrong JSON type, as ConnectWise's deserialiser does before validation.
func checkMembers(name string, obj map[string]any, path string) error {
	sch := schemas[name]
	if sch.Open {
		return nil
	}
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		p, ok := sch.Props[k]
		if !ok {
			return badRequest("Could not find member '%s' on object of type '%s'. Path '%s'. "+
				"Check the version in your Accept header.", k, name, path+k)
		}
		if err := checkValue(p, obj[k], path+k); err != nil {
			return err
		}
	}
	return nil
}

func checkValue(p prop, v any, path string) error {
	if v == nil {
		return nil
	}
	if p.Ref != "" {
		m, ok := v.(map[string]any)
		if !ok {
			return convertError(v, p.Ref, path)
		}
		return checkMembers(p.Ref, m, path+".")
	}
	if p.Type == "array" {
		items, ok := v.([]any)
		if !ok {
			return convertError(v, "array", path)
		}
		for i, it := range items {
			ip := prop{Ref: p.Items}
			if schemas[p.Items] == nil {
				ip = prop{Type: p.Items}
			}
			if err := checkValue(ip, it, fmt.Sprintf("%s[%d]", path, i)); err != nil {
				return err
			}
		}
		return nil
	}
	if !scalarFits(p.Type, v) {
		return convertError(v, p.Type, path)
	}
	return nil
}

func scalarFits(typ string, v any) bool {
	switch typ {
	case "string":
		_, ok := v.(string)
		return ok
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		f, ok := v.(float64)
		return ok && f == float64(int32(f))
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	}
	return true
}

func convertError(v any, typ, path string) error {
	b, _ := json.Marshal(v)
	if t, ok := dotNetTypes[typ]; ok {
		typ = t
	}
	return badRequest("Error converting value %s to type '%s'. Path '%s'.", b, typ, path)
}

// checkRecord lists the required fields a record lacks and the strings
// longer than their maximum, counted in UTF-16 code units as .NET does.
func checkRecord(name, resource string, rec map[string]any) []fieldError {
	sch := schemas[name]
	var errs []fieldError
	for _, f := range sch.Required {
		if empty(rec[f]) {
			errs = append(errs, fieldError{Code: "MissingRequiredField",
				Message: fmt.Sprintf("The %s field is required.", f), Resource: resource, Field: f})
		}
	}
	if len(sch.OneOf) > 0 && !slices.ContainsFunc(sch.OneOf, func(f string) bool { return !empty(rec[f]) }) {
		errs = append(errs, fieldError{Code: "MissingRequiredField",
			Message: "At least one address field is required.", Resource: resource, Field: sch.OneOf[0]})
	}
	for _, k := range slices.Sorted(maps.Keys(rec)) {
		s, ok := rec[k].(string)
		if max := sch.Props[k].MaxLength; ok && max > 0 && len(utf16.Encode([]rune(s))) > max {
			errs = append(errs, fieldError{Code: "MaxLengthField",
				Message: fmt.Sprintf("%s cannot be longer than %d characters.", k, max), Resource: resource, Field: k})
		}
	}
	return errs
}

func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	case map[string]any:
		return len(x) == 0
	}
	return false
}
