package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
)

// errBodyTooLarge refuses a JSON body over maxJSONBody.
var errBodyTooLarge = &statusError{http.StatusRequestEntityTooLarge, "too_large",
	fmt.Sprintf("the JSON body is over %d MiB: send it in smaller batches", maxJSONBody>>20)}

// decode is the one way a JSON-accepting route reads its body into v. The
// body is capped at maxJSONBody (413 too_large), must hold exactly one
// JSON value (trailing data is 400 bad_request), and may carry no field v
// lacks; a wrong type is 400 invalid_field naming the field and the type
// expected, in words rather than Go's.
func decode(r *http.Request, v any) error {
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxJSONBody+1))
	if err != nil {
		return &badRequest{"reading the body: the connection broke off"}
	}
	if len(raw) > maxJSONBody {
		return errBodyTooLarge
	}

	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err, v)
	}
	if len(bytes.TrimSpace(raw[dec.InputOffset():])) != 0 {
		return &badRequest{"the body holds more than one JSON value: send exactly one"}
	}
	return nil
}

// decodeError says in plain words what is wrong with a body that would
// not decode into v.
func decodeError(err error, v any) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return &badRequest{"the body is empty: send " + kindWords(reflect.TypeOf(v).Elem())}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &badRequest{"the body ends in the middle of its JSON value"}
	case errors.As(err, &syn):
		return &badRequest{fmt.Sprintf("the body is not valid JSON (at byte %d)", syn.Offset)}
	case errors.As(err, &typ) && typ.Field == "":
		return &badRequest{fmt.Sprintf("the body must be %s, not %s", kindWords(typ.Type), article(typ.Value))}
	case errors.As(err, &typ):
		return &fieldError{status: http.StatusBadRequest, field: typ.Field,
			msg: fmt.Sprintf("%s must be %s, not %s", typ.Field, kindWords(typ.Type), article(typ.Value))}
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		return &fieldError{status: http.StatusBadRequest, field: name,
			msg: fmt.Sprintf("there is no field %q here: see /api/openapi.json", name)}
	}
	return &badRequest{"the body is not the JSON this route takes: see /api/openapi.json"}
}

// kindWords names the JSON that fills a Go type, as a person would.
func kindWords(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return kindWords(t.Elem()) + " or null"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array of " + plural(kindWords(t.Elem()))
	}
	return "an object"
}

// plural turns "a string" into "strings" for kindWords' arrays.
func plural(words string) string {
	if w, ok := strings.CutPrefix(words, "an array of "); ok {
		return "arrays of " + w
	}
	if w, ok := strings.CutPrefix(words, "a "); ok {
		return w + "s"
	}
	if w, ok := strings.CutPrefix(words, "an "); ok {
		return w + "s"
	}
	return words
}

// article puts "a" or "an" before the JSON type encoding/json reports
// ("number", "string", "object", "number 1.5").
func article(jsonType string) string {
	if strings.HasPrefix(jsonType, "array") || strings.HasPrefix(jsonType, "object") {
		return "an " + jsonType
	}
	return "a " + jsonType
}
