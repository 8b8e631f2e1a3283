package billing

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/psabridge/psabridge/internal/cwm"
)

// Record is a Change in JSON form, as a push job keeps it in its output and
// billing preview --json prints it: the error as its message.
type Record struct {
	PlatformCompanyID int64   `json:"platform_company_id"`
	CompanyName       string  `json:"company_name"`
	CWCompanyID       int     `json:"cw_company_id"`
	AgreementID       int     `json:"agreement_id"`
	AdditionID        int     `json:"addition_id"`
	Count             int     `json:"count"`
	Old               float64 `json:"old"`
	New               float64 `json:"new"`
	Action            string  `json:"action"`
	Reason            string  `json:"reason"`
	Drift             bool    `json:"drift"`
	Pushed            bool    `json:"pushed"`
	Error             string  `json:"error,omitempty"`
}

// RecordOf is the Record of a change.
func RecordOf(c Change) Record {
	r := Record{c.PlatformCompanyID, c.CompanyName, c.CWCompanyID, c.AgreementID,
		c.AdditionID, c.Count, c.Old, c.New, c.Action, c.Reason, c.Drift, c.Pushed, ""}
	if c.Err != nil {
		r.Error = c.Err.Error()
	}
	return r
}

// EncodeChanges is the JSON a push job keeps as its output.
func EncodeChanges(changes []Change) (json.RawMessage, error) {
	rs := make([]Record, len(changes))
	for i, c := range changes {
		rs[i] = RecordOf(c)
	}
	b, err := json.Marshal(rs)
	if err != nil {
		return nil, fmt.Errorf("encoding the push's changes: %w", err)
	}
	return b, nil
}

// DecodeChanges reads what EncodeChanges wrote; an error comes back as
// its message only.
func DecodeChanges(b []byte) ([]Change, error) {
	var rs []Record
	if err := json.Unmarshal(b, &rs); err != nil {
		return nil, fmt.Errorf("reading the push's changes: %w", err)
	}
	out := make([]Change, len(rs))
	for i, r := range rs {
		out[i] = Change{Line: Line{PlatformCompanyID: r.PlatformCompanyID, CompanyName: r.CompanyName,
			CWCompanyID: r.CWCompanyID, AgreementID: r.AgreementID, AdditionID: r.AdditionID,
			Count: r.Count}, Old: r.Old, New: r.New, Action: r.Action, Reason: r.Reason,
			Drift: r.Drift, Pushed: r.Pushed}
		if r.Error != "" {
			out[i].Err = errors.New(r.Error)
		}
	}
	return out, nil
}

// ErrPushIncomplete means lines of a push failed in a way a later attempt
// may fix (ConnectWise throttled, failed or could not be reached).
var ErrPushIncomplete = errors.New("billing push incomplete")

// RetryError is ErrPushIncomplete, naming the failed lines, when a retry
// may push what failed; nil when every line was pushed or failed for a
// reason a retry does not change (ConnectWise refused the value, the
// addition is gone, a right is missing): those stay in the history.
func RetryError(changes []Change) error {
	n, first := 0, error(nil)
	for _, c := range changes {
		if c.Err != nil && retryable(c.Err) {
			if n == 0 {
				first = c.Err
			}
			n++
		}
	}
	if n == 0 {
		return nil
	}
	return fmt.Errorf("%w: %d lines failed, to be pushed again (first: %w)", ErrPushIncomplete, n, first)
}

// retryable reports whether another attempt may succeed where err failed.
func retryable(err error) bool {
	if errors.Is(err, ErrQuantityNotSet) || errors.Is(err, ErrAdditionRepeated) {
		return false
	}
	var ce *cwm.Error
	if !errors.As(err, &ce) {
		return true // transport: timeout, reset, DNS
	}
	switch {
	case ce.StatusCode >= http.StatusInternalServerError, ce.StatusCode == http.StatusTooManyRequests,
		ce.StatusCode == http.StatusRequestTimeout, ce.StatusCode == http.StatusConflict:
		return true
	}
	return false
}
