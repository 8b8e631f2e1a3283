package cwm

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestNoErrorRevealsPrivateKey provokes every kind of error with a client
// whose private key is secretKey, from a server that echoes the request's
// credentials into its answers, and checks that no error string holds it.
func TestNoErrorRevealsPrivateKey(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	c.cfg.MaxRetries = -1
	echo := func(status int, contentType string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			_, pass, _ := r.BasicAuth()
			w.Header().Set("Content-Type", contentType)
			w.Header().Set("Retry-After", "5")
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"code":"X %[1]s","message":"key %[1]s auth %[2]s","errors":[{"message":"%[1]s"}]}`,
				pass, r.Header.Get("Authorization"))
		}
	}
	for _, status := range []int{400, 401, 403, 404, 409, 429, 500, 502} {
		handle(mux, "GET", fmt.Sprintf("/service/tickets/%d", status), echo(status, "application/json"))
		handle(mux, "GET", fmt.Sprintf("/service/boards/%d", status), echo(status, "text/html"))
	}
	handle(mux, "GET", "/service/boards/1", echo(200, "text/html"))
	handle(mux, "POST", "/service/tickets", func(w http.ResponseWriter, r *http.Request) {
		_, pass, _ := r.BasicAuth()
		http.Redirect(w, r, "/x?k="+pass, http.StatusFound)
	})
	handle(mux, "POST", "/system/documents", func(w http.ResponseWriter, r *http.Request) {
		dropConnection(t, w)
	})

	var errs []error
	add := func(_ any, _ *Response, err error) { errs = append(errs, err) }
	for _, status := range []int{400, 401, 403, 404, 409, 429, 500, 502} {
		add(c.Tickets.Get(t.Context(), status))
		add(c.Boards.Get(t.Context(), status))
	}
	add(c.Boards.Get(t.Context(), 1))
	add(c.Tickets.Create(t.Context(), &Ticket{}))
	add(c.Documents.Upload(t.Context(), &DocumentUploadRequest{RecordType: "Ticket", RecordID: 1,
		FileName: "a", Content: []byte(secretKey)}))
	canceled, cancel := context.WithCancel(t.Context())
	cancel()
	add(c.System.Info(canceled))
	add(unreachableClient(t).System.Info(t.Context()))

	for i, err := range errs {
		if err == nil {
			t.Errorf("call %d did not fail", i)
			continue
		}
		for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
			if strings.Contains(s, secretKey) || strings.Contains(s, testCreds.basicAuth()) {
				t.Errorf("call %d error reveals the private key: %s", i, s)
			}
		}
	}
}

func unreachableClient(t *testing.T) *Client {
	t.Helper()
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	c, err := NewClient(Config{BaseURL: srv.URL, Credentials: testCreds, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
