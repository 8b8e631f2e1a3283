package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/psabridge/psabridge/internal/cwsandbox"
)

func TestAPIErrorsKeepTheAPIsShape(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{})
	_, token := e.partner(t, "acme")

	tests := []struct {
		name, method, path string
		body               []byte
		status             int
		code               string
	}{
		{"unknown route", "GET", "/api/v1/nope", nil, http.StatusNotFound, "no_route"},
		{"unknown method", "DELETE", "/api/v1/reports", nil, http.StatusNotFound, "no_route"},
		{"report over 64 MiB", "POST", "/api/v1/reports?reporter=a@acme.example",
			bytes.Repeat([]byte("x"), 64<<20+1), http.StatusRequestEntityTooLarge, "too_large"},
	}
	for _, tt := range tests {
		res, body := apiCall(t, e.srv.URL, token, tt.method, tt.path, "message/rfc822", tt.body)
		var got errorBody
		if res.StatusCode != tt.status || json.Unmarshal(body, &got) != nil || got.Error.Code != tt.code {
			t.Errorf("%s: %d %s; want %d with code %s", tt.name, res.StatusCode, body, tt.status, tt.code)
		}
	}

	req, _ := http.NewRequestWithContext(t.Context(), "GET", e.srv.URL+"/api/v1/reports", nil)
	req.Header.Set("Authorization", "bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("a lower-case bearer scheme gets %d; the scheme is case-insensitive", res.StatusCode)
	}
}
