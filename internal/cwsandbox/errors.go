package cwsandbox

import (
	"fmt"
	"net/http"
)

// apiError is an error answer in ConnectWise's ErrorResponseMessage shape.
type apiError struct {
	status  int
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Errors  []fieldError `json:"errors"`
}

// fieldError is one ValidationError inside an InvalidObject answer.
type fieldError struct {
	Code     string `json:"code"`
	Message  string `json:"message"`
	Resource string `json:"resource"`
	Field    string `json:"field"`
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d %s: %s", e.status, e.Code, e.Message)
}

func newError(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

func notFound(what string) *apiError {
	return newError(http.StatusNotFound, "NotFound", "%s not found", what)
}

var errForbidden = newError(http.StatusForbidden, "Security",
	"You do not have security permission for this action.")

// invalidObject is the 400 answer for a record that fails validation.
func invalidObject(resource string, errs []fieldError) *apiError {
	return &apiError{
		status:  http.StatusBadRequest,
		Code:    "InvalidObject",
		Message: resource + " object is invalid",
		Errors:  errs,
	}
}

// badRequest is the 400 answer for a request ConnectWise cannot read, such
// as a body naming a member the model does not have.
func badRequest(format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, "ConnectWiseApi", format, args...)
}
