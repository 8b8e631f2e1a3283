package web

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/psabridge/psabridge/internal/companycsv"
	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/store"
)

// APIError is the body of every failed API call: a stable code a program
// can branch on and a message a person can act on. The codes, listed as an
// enum in openapi.json's Error schema, are:
//
//	code              status  meaning
//	bad_request       400     the body or a query is unreadable: not JSON, empty, trailing data
//	invalid_field     400     a field of the body is unknown or of the wrong type (field names it)
//	invalid_field     422     a value is refused: too long, control characters, not allowed (field)
//	invalid           422     the store refused the record
//	invalid_csv       422     a companies CSV file is refused (line names the line, field the column)
//	unauthorized      401     no valid session or token
//	forbidden         403     a viewer tried to change something
//	csrf              403     a browser form expired or came from another site
//	not_found         404     no such resource of this partner
//	no_route          404     no such API route or method
//	conflict          409     the record exists already
//	last_admin        409     the change would leave the partner without an administrator
//	self              409     a user tried to remove themselves
//	missing_rights    409     ConnectWise lacks rights (missing lists them)
//	not_connected     409     the partner has not connected ConnectWise
//	service_desk_off  409     the service-desk feature is off
//	too_large         413     the body is over its cap (8 MiB JSON, 64 MiB report)
//	rate_limited      429     too many sign-in attempts
//	connectwise_error 502     ConnectWise answered with an error
//	internal          500     a fault on our side, logged
//	jobs_unavailable  503     no job queue runs in this process
//
// A new code goes in this table and in the enum; TestErrorCodesAreDocumented
// finds codes written in the package's source that the enum lacks.
type APIError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Field names the input to fix, for invalid_field.
	Field string `json:"field,omitempty"`
	// Missing lists the rights to grant, for missing_rights.
	Missing []integration.Missing `json:"missing,omitempty"`
	// Line is the refused line of a CSV file, for invalid_csv.
	Line int `json:"line,omitempty"`
}

// errorBody wraps APIError as {"error": …}.
type errorBody struct {
	Error APIError `json:"error"`
}

// badRequest is input the API cannot read.
type badRequest struct{ msg string }

func (e *badRequest) Error() string { return e.msg }

// fieldError is a field the API refuses: 400 when the JSON does not fit
// the route's shape, 422 when a value breaks a limit.
type fieldError struct {
	status int
	field  string
	msg    string
}

func (e *fieldError) Error() string { return e.msg }

// statusError is a refusal with a fixed status and code.
type statusError struct {
	status  int
	code    string
	message string
}

func (e *statusError) Error() string { return e.message }

var (
	errUnauthorized = &statusError{http.StatusUnauthorized, "unauthorized",
		"sign in, or send Authorization: Bearer with an API token"}
	errForbidden = &statusError{http.StatusForbidden, "forbidden",
		"this user or token may only read: ask an administrator"}
	errCSRF = &statusError{http.StatusForbidden, "csrf",
		"the form expired or came from another site: reload the page and try again"}
	errTooMany = &statusError{http.StatusTooManyRequests, "rate_limited",
		"too many sign-in attempts: wait a minute and try again"}
	errTooLarge = &statusError{http.StatusRequestEntityTooLarge, "too_large",
		"the reported message is over 64 MiB: that is no e-mail a person reported"}
	errNoRoute = &statusError{http.StatusNotFound, "no_route",
		"no such API route or method: see /api/openapi.json"}
)

// classify decides what the client sees of err: status and body.
func classify(err error) (int, APIError) {
	var se *statusError
	var fe *integration.FieldError
	var mr *integration.MissingRightsError
	var br *badRequest
	var fd *fieldError
	var cwErr *cwm.Error
	var csvErr *companycsv.Error
	switch {
	case errors.As(err, &se):
		return se.status, APIError{Code: se.code, Message: se.message}
	case errors.As(err, &csvErr):
		return http.StatusUnprocessableEntity, csvError(csvErr)
	case errors.As(err, &br):
		return http.StatusBadRequest, APIError{Code: "bad_request", Message: br.msg}
	case errors.As(err, &fd):
		return fd.status, APIError{Code: "invalid_field", Message: fd.msg, Field: fd.field}
	case errors.As(err, &fe):
		return http.StatusUnprocessableEntity, APIError{Code: "invalid_field", Message: fe.Error(), Field: fe.Field}
	case errors.As(err, &mr):
		return http.StatusConflict, APIError{Code: "missing_rights", Message: mr.Error(), Missing: mr.Check.Missing}
	case errors.Is(err, integration.ErrNotConnected):
		return http.StatusConflict, APIError{Code: "not_connected", Message: err.Error()}
	case errors.Is(err, errServiceDeskOff):
		return http.StatusConflict, APIError{Code: "service_desk_off", Message: err.Error()}
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, APIError{Code: "not_found", Message: "no such resource"}
	case errors.Is(err, store.ErrInvalid):
		return http.StatusUnprocessableEntity, APIError{Code: "invalid", Message: err.Error()}
	case errors.Is(err, store.ErrExists):
		return http.StatusConflict, APIError{Code: "conflict", Message: err.Error()}
	case errors.As(err, &cwErr):
		return http.StatusBadGateway, APIError{Code: "connectwise_error", Message: err.Error()}
	}
	slog.Error("web request failed", "error", err)
	return http.StatusInternalServerError, APIError{Code: "internal", Message: "something went wrong on our side; it was logged"}
}

// csvError is a refused CSV file: its line, and the column when a limit
// on a value refused it.
func csvError(e *companycsv.Error) APIError {
	out := APIError{Code: "invalid_csv", Message: e.Error(), Line: e.Line, Field: e.Field}
	var fd *fieldError
	if errors.As(e.Err, &fd) {
		out.Field = fd.field
	}
	return out
}

func writeError(w http.ResponseWriter, err error) {
	status, body := classify(err)
	writeJSON(w, status, errorBody{body})
}
