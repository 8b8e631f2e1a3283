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

// MaxOutputLines bounds the lines a push job keeps in its output. A push
// of more lines keeps those it pushed or failed, up to the bound, and counts
// the rest: the history holds every attempted change, and the job's output
// stays well under River's limit however many companies a partner has.
const MaxOutputLines = 5000

// PushResult is what a push job keeps as its output.
type PushResult struct {
	// Summary counts every line of the push, listed or not.
	Summary Summary
	// Changes are the push's lines: all of them, or when there are more
	// than MaxOutputLines, the pushed and failed ones up to that bound.
	Changes []Change
	// Omitted counts the lines Changes leaves out.
	Omitted int
}

// pushJSON is PushResult as JSON.
type pushJSON struct {
	Summary summaryJSON `json:"summary"`
	Changes []Record    `json:"changes"`
	Omitted int         `json:"omitted,omitempty"`
}

// summaryJSON is Summary as JSON.
type summaryJSON struct {
	Update    int `json:"update"`
	Unchanged int `json:"unchanged"`
	Skipped   int `json:"skipped"`
	Drift     int `json:"drift"`
	Pushed    int `json:"pushed"`
	Failed    int `json:"failed"`
}

// EncodeChanges is the JSON a push job keeps as its output.
func EncodeChanges(changes []Change) (json.RawMessage, error) {
	out := pushJSON{Summary: summaryJSON(Summarize(changes)), Changes: make([]Record, 0, min(len(changes), MaxOutputLines))}
	for _, c := range changes {
		keep := len(changes) <= MaxOutputLines || c.Action == ActionUpdate || c.Err != nil
		if !keep || len(out.Changes) == MaxOutputLines {
			out.Omitted++
			continue
		}
		out.Changes = append(out.Changes, RecordOf(c))
	}
	b, err := json.Marshal(out)
	if err != nil {
		return nil, fmt.Errorf("encoding the push's changes: %w", err)
	}
	return b, nil
}

// DecodeChanges reads what EncodeChanges wrote; an error comes back as
// its message only.
func DecodeChanges(b []byte) (PushResult, error) {
	var in pushJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return PushResult{}, fmt.Errorf("reading the push's changes: %w", err)
	}
	out := PushResult{Summary: Summary(in.Summary), Omitted: in.Omitted, Changes: make([]Change, len(in.Changes))}
	for i, r := range in.Changes {
		out.Changes[i] = Change{Line: Line{PlatformCompanyID: r.PlatformCompanyID, CompanyName: r.CompanyName,
			CWCompanyID: r.CWCompanyID, AgreementID: r.AgreementID, AdditionID: r.AdditionID,
			Count: r.Count}, Old: r.Old, New: r.New, Action: r.Action, Reason: r.Reason,
			Drift: r.Drift, Pushed: r.Pushed}
		if r.Error != "" {
			out.Changes[i].Err = errors.New(r.Error)
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
