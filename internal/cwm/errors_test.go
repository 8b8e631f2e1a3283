package cwm

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestErrorsAreTyped(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		status    int
		header    map[string]string
		body      string
		want      *Error
		check     func(t *testing.T, err error)
		forbidden bool
		notFound  bool
	}{
		{
			name: "400 InvalidObject with errors", status: 400,
			body: `{"code":"InvalidObject","message":"ticket object is invalid","errors":[
				{"code":"MaxLengthField","message":"summary too long","resource":"ticket","field":"summary"},
				{"code":"NotFound","message":"status not on board","resource":"ticket","field":"status/id","details":null}]}`,
			want: &Error{StatusCode: 400, Code: "InvalidObject", Message: "ticket object is invalid",
				Errors: []FieldError{
					{Code: "MaxLengthField", Message: "summary too long", Resource: "ticket", Field: "summary"},
					{Code: "NotFound", Message: "status not on board", Resource: "ticket", Field: "status/id"},
				}},
		},
		{
			name: "401", status: 401, body: `{"code":"Unauthorized","message":"bad keys","errors":null}`,
			want: &Error{StatusCode: 401, Code: "Unauthorized", Message: "bad keys"},
			check: func(t *testing.T, err error) {
				var ae *AuthError
				if !errors.As(err, &ae) {
					t.Errorf("%v is not an *AuthError", err)
				}
			},
		},
		{
			name: "403", status: 403, body: `{"code":"Security","message":"not allowed"}`,
			want: &Error{StatusCode: 403, Code: "Security", Message: "not allowed"}, forbidden: true,
		},
		{
			name: "404", status: 404, body: `{"code":"NotFound","message":"no such ticket"}`,
			want: &Error{StatusCode: 404, Code: "NotFound", Message: "no such ticket"}, notFound: true,
		},
		{
			name: "429 with JSON body", status: 429, header: map[string]string{"Retry-After": "30"},
			body: `{"error":"ConnectWiseAPI","message":"Too many requests. Please try again in 30 seconds."}`,
			want: &Error{StatusCode: 429, Code: "ConnectWiseAPI",
				Message: "Too many requests. Please try again in 30 seconds."},
			check: wantRetryAfter(30 * time.Second),
		},
		{
			name: "429 with text body from the CDN", status: 429,
			header: map[string]string{"Retry-After": "45", "Content-Type": "text/plain"},
			body:   "error code: 1015\n  You are being rate limited",
			want:   &Error{StatusCode: 429, Message: "error code: 1015 You are being rate limited"},
			check:  wantRetryAfter(45 * time.Second),
		},
		{
			name: "502 HTML", status: 502, header: map[string]string{"Content-Type": "text/html"},
			body: "<html><head><title>502 Bad Gateway</title></head></html>",
			want: &Error{StatusCode: 502, Message: "<html><head><title>502 Bad Gateway</title></head></html>"},
			check: func(t *testing.T, err error) {
				if !errors.Is(err, ErrNotConnectWise) {
					t.Errorf("%v does not carry ErrNotConnectWise", err)
				}
			},
		},
		{
			name: "long text body is cut", status: 500, header: map[string]string{"Content-Type": "text/plain"},
			body: strings.Repeat("é", 400),
			want: &Error{StatusCode: 500, Message: strings.Repeat("é", 256)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			c.cfg.MaxRetries = -1
			handle(mux, "GET", "/service/tickets/5", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			})

			_, _, err := c.Tickets.Get(t.Context(), 5)
			var got *Error
			if !errors.As(err, &got) {
				t.Fatalf("error %v is not an *Error", err)
			}
			tt.want.Method, tt.want.Path = "GET", "/service/tickets/5"
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreUnexported(Error{})); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
			if IsForbidden(err) != tt.forbidden || IsNotFound(err) != tt.notFound {
				t.Errorf("IsForbidden=%v IsNotFound=%v", IsForbidden(err), IsNotFound(err))
			}
			if tt.check != nil {
				tt.check(t, err)
			}
		})
	}
}

func wantRetryAfter(d time.Duration) func(*testing.T, error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var rl *RateLimitError
		if !errors.As(err, &rl) || rl.RetryAfter != d {
			t.Errorf("error %v is not a *RateLimitError with RetryAfter %s", err, d)
		}
	}
}

func TestErrorString(t *testing.T) {
	t.Parallel()
	e := &Error{StatusCode: 400, Code: "InvalidObject", Message: "ticket object is invalid",
		Method: "POST", Path: "/service/tickets",
		Errors: []FieldError{{Code: "MaxLengthField", Field: "summary", Message: "too long"}}}
	want := "POST /service/tickets: 400 InvalidObject: ticket object is invalid; summary MaxLengthField: too long"
	if got := e.Error(); got != want {
		t.Errorf("Error() = %q\nwant      %q", got, want)
	}
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		value string
		want  time.Duration
	}{
		{"", 0},
		{"12", 12 * time.Second},
		{"-3", 0},
		{"soon", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		h := http.Header{}
		h.Set("Retry-After", tt.value)
		if got := retryAfter(h, now); got != tt.want {
			t.Errorf("retryAfter(%q) = %s, want %s", tt.value, got, tt.want)
		}
	}
}
