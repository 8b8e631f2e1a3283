package web

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/psabridge/psabridge/internal/cwsandbox"
)

// TestJSONInputIsHardened sends each JSON-accepting route bodies a careless
// or hostile client might, and wants a stable code, the field to fix and
// no Go internals in the message.
func TestJSONInputIsHardened(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{})
	_, token := e.partner(t, "acme")
	company := func(ext, name string, domains ...string) string {
		b, _ := json.Marshal([]companyJSON{{ExternalID: ext, Name: name, Domains: domains}})
		return string(b)
	}
	bigArray := "[" + strings.Repeat(`{"external_id":"x","name":"y"},`, maxJSONBody/28) + `{}]`

	tests := []struct {
		name, method, path, body string
		status                   int
		want                     APIError
	}{
		{"too large", "POST", "/api/v1/companies", bigArray, 413,
			APIError{Code: "too_large"}},
		{"trailing data", "POST", "/api/v1/companies", `[] []`, 400,
			APIError{Code: "bad_request"}},
		{"empty body", "POST", "/api/v1/companies", ``, 400,
			APIError{Code: "bad_request"}},
		{"cut short", "POST", "/api/v1/users", `[{"email":`, 400,
			APIError{Code: "bad_request"}},
		{"not json", "PUT", "/api/v1/billing/settings", `product=x`, 400,
			APIError{Code: "bad_request"}},
		{"wrong top type", "POST", "/api/v1/companies", `"acme"`, 400,
			APIError{Code: "bad_request"}},
		{"unknown field", "POST", "/api/v1/companies", `[{"external_id":"a","name":"b","colour":1}]`, 400,
			APIError{Code: "invalid_field", Field: "colour"}},
		{"unknown field in settings", "PUT", "/api/v1/servicedesk/settings", `{"bored":1}`, 400,
			APIError{Code: "invalid_field", Field: "bored"}},
		{"wrong field type", "POST", "/api/v1/companies", `[{"external_id":"a","name":5}]`, 400,
			APIError{Code: "invalid_field", Field: "name"}},
		{"wrong count type", "PUT", "/api/v1/companies/a/count", `{"count":"7"}`, 400,
			APIError{Code: "invalid_field", Field: "count"}},
		{"wrong switch type", "PUT", "/api/v1/features/billing", `{"enabled":"yes"}`, 400,
			APIError{Code: "invalid_field", Field: "enabled"}},
		{"name too long", "POST", "/api/v1/companies", company("a", strings.Repeat("n", 2<<20)), 422,
			APIError{Code: "invalid_field", Field: "[0].name"}},
		{"name over 200", "POST", "/api/v1/companies", company("a", strings.Repeat("é", 201)), 422,
			APIError{Code: "invalid_field", Field: "[0].name"}},
		{"NUL in external id", "POST", "/api/v1/companies", company("a\x00b", "Acme"), 422,
			APIError{Code: "invalid_field", Field: "[0].external_id"}},
		{"no external id", "POST", "/api/v1/companies", company(" ", "Acme"), 422,
			APIError{Code: "invalid_field", Field: "[0].external_id"}},
		{"bad domain", "POST", "/api/v1/companies", company("a", "Acme", "acme.example", "ac me.example"), 422,
			APIError{Code: "invalid_field", Field: "[0].domains"}},
		{"line break in name", "POST", "/api/v1/companies", company("a", "Ac\nme"), 422,
			APIError{Code: "invalid_field", Field: "[0].name"}},
		{"bad e-mail", "POST", "/api/v1/users", `[{"email":"nobody"}]`, 422,
			APIError{Code: "invalid_field", Field: "[0].email"}},
		{"control in user name", "POST", "/api/v1/users", `[{"email":"a@acme.example","name":"a\u0007"}]`, 422,
			APIError{Code: "invalid_field", Field: "[0].name"}},
		{"unknown company", "POST", "/api/v1/users", `[{"email":"a@acme.example","company_external_id":"zz"}]`, 422,
			APIError{Code: "invalid_field", Field: "[0].company_external_id"}},
		{"negative count", "PUT", "/api/v1/companies/a/count", `{"count":-1}`, 422,
			APIError{Code: "invalid_field", Field: "count"}},
		{"ConnectWise name over 50", "PUT", "/api/v1/mappings/a",
			`{"cw_company_id":1,"cw_company_name":"` + strings.Repeat("x", 51) + `"}`, 422,
			APIError{Code: "invalid_field", Field: "cw_company_name"}},
		{"no reporter", "POST", "/api/v1/reports", "Subject: hi\r\n\r\nhi", 422,
			APIError{Code: "invalid_field", Field: "reporter"}},
		{"reporter not an address", "POST", "/api/v1/reports?reporter=a%20b@acme.example", "Subject: hi\r\n\r\nhi", 422,
			APIError{Code: "invalid_field", Field: "reporter"}},
		{"NUL in file name", "POST", "/api/v1/reports?reporter=a@acme.example&file_name=a%00.eml",
			"Subject: hi\r\n\r\nhi", 422, APIError{Code: "invalid_field", Field: "file_name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, raw := apiCall(t, e.srv.URL, token, tt.method, tt.path, "application/json", []byte(tt.body))
			var got errorBody
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatalf("%d %.200s: not the error shape: %v", res.StatusCode, raw, err)
			}
			if res.StatusCode != tt.status {
				t.Errorf("status %d, want %d (%s)", res.StatusCode, tt.status, got.Error.Message)
			}
			if diff := cmp.Diff(tt.want, got.Error, cmpopts.IgnoreFields(APIError{}, "Message")); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			checkPlainMessage(t, got.Error.Message)
		})
	}
}

// checkPlainMessage fails on a message that leaks Go's own words.
func checkPlainMessage(t *testing.T, msg string) {
	t.Helper()
	if msg == "" || len(msg) > 300 {
		t.Errorf("message %.300q: want a short sentence", msg)
	}
	for _, leak := range []string{"json:", "Go value", "Go struct", "web.", "unmarshal", "[]"} {
		if strings.Contains(msg, leak) {
			t.Errorf("message %q leaks %q", msg, leak)
		}
	}
}

// TestJSONInputWithinLimitsIsAccepted keeps the limits from refusing what
// a real platform sends: long names, international text, trailing spaces.
func TestJSONInputWithinLimitsIsAccepted(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{})
	_, token := e.partner(t, "acme")

	body := `[{"external_id":"c-1","name":"` + strings.Repeat("Ü", 200) + `","domains":["xn--mnchen-3ya.example","acme.example."]}]` + "\n "
	res, raw := apiCall(t, e.srv.URL, token, "POST", "/api/v1/companies", "application/json", []byte(body))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("companies: %d %s", res.StatusCode, raw)
	}
	users := `[{"email":"zoë@acme.example","name":"Zoë O'Neil","company_external_id":"c-1","active":true}]`
	res, raw = apiCall(t, e.srv.URL, token, "POST", "/api/v1/users", "application/json", []byte(users))
	if res.StatusCode != http.StatusOK || !bytes.Contains(raw, []byte(`"upserted":1`)) {
		t.Fatalf("users: %d %s", res.StatusCode, raw)
	}
}

func TestKindWords(t *testing.T) {
	t.Parallel()
	var n *int
	tests := []struct {
		v    any
		want string
	}{
		{"", "a string"}, {0, "a whole number"}, {1.5, "a number"}, {true, "true or false"},
		{[]companyJSON{}, "an array of objects"}, {[][]string{}, "an array of arrays of strings"},
		{n, "a whole number or null"}, {map[string]int{}, "an object"},
	}
	for _, tt := range tests {
		if got := kindWords(reflect.TypeOf(tt.v)); got != tt.want {
			t.Errorf("kindWords(%T) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

// TestErrorCodesAreDocumented reads every code literal the package's
// source writes and wants each in openapi.json's Error enum, and no code
// in the enum that nothing writes.
func TestErrorCodesAreDocumented(t *testing.T) {
	t.Parallel()
	var doc struct {
		Components struct {
			Schemas struct {
				Error struct {
					Properties struct {
						Error struct {
							Properties struct {
								Code struct {
									Enum []string `json:"enum"`
								} `json:"code"`
							} `json:"properties"`
						} `json:"error"`
					} `json:"properties"`
				} `json:"Error"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatal(err)
	}
	documented := doc.Components.Schemas.Error.Properties.Error.Properties.Code.Enum

	written := map[string]bool{}
	code := regexp.MustCompile(`(?:Code: |statusError\{http\.Status\w+, )"(\w+)"`)
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range code.FindAllSubmatch(src, -1) {
			written[string(m[1])] = true
		}
	}
	got := slices.Sorted(maps.Keys(written))
	want := slices.Sorted(slices.Values(documented))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("codes in the Error enum (-) and in the source (+):\n%s", diff)
	}
}
