package billing

import (
	"context"
	"errors"

	"github.com/psabridge/psabridge/internal/cwm"
)

// Agreements is what billing reads and writes in ConnectWise.
type Agreements interface {
	// Addition returns one addition of an agreement.
	Addition(ctx context.Context, agreementID, additionID int) (*cwm.Addition, error)
	// SetAdditionQuantity replaces the quantity of an addition and returns
	// the addition as ConnectWise stored it.
	SetAdditionQuantity(ctx context.Context, agreementID, additionID int,
		quantity float64) (*cwm.Addition, error)
}

// The actions Preview plans for a line.
const (
	// ActionUpdate means the addition's quantity differs and Push writes it.
	ActionUpdate = "update"
	// ActionUnchanged means the addition already has the count.
	ActionUnchanged = "unchanged"
	// ActionSkipped means the line cannot be billed; Reason says why.
	ActionSkipped = "skipped"
)

var (
	// ErrQuantityNotSet reports that ConnectWise accepted a quantity change
	// but answered with a different quantity.
	ErrQuantityNotSet = errors.New("ConnectWise did not keep the new quantity")
	// ErrAdditionRepeated reports a second update of an addition in one
	// push; only the first is sent.
	ErrAdditionRepeated = errors.New("addition already updated in this push")
)

// Line is the billable user count of one platform company and the
// agreement addition it is mapped to.
type Line struct {
	PlatformCompanyID int64
	CompanyName       string
	CWCompanyID       int
	AgreementID       int // 0 when not mapped
	AdditionID        int // 0 when not mapped
	Count             int
}

// Change is what billing plans for, and after Push did to, one Line.
type Change struct {
	Line
	Old    float64 // the addition's quantity when previewed
	New    float64 // the quantity to write; after a push, what ConnectWise kept
	Action string  // ActionUpdate, ActionUnchanged or ActionSkipped
	Reason string  // why the line is skipped; empty otherwise
	Pushed bool    // Push wrote the quantity and ConnectWise kept it
	Err    error   // reading or writing ConnectWise failed for this line
}

// Summary counts the changes of a preview or push by outcome.
type Summary struct {
	Update, Unchanged, Skipped int // as planned
	Pushed, Failed             int // as done; both zero before Push
}

// Summarize counts changes by outcome.
func Summarize(changes []Change) Summary {
	var s Summary
	for _, c := range changes {
		switch c.Action {
		case ActionUpdate:
			s.Update++
		case ActionUnchanged:
			s.Unchanged++
		case ActionSkipped:
			s.Skipped++
		}
		if c.Pushed {
			s.Pushed++
		} else if c.Action == ActionUpdate && c.Err != nil {
			s.Failed++
		}
	}

	return s
}

// additionKey identifies an addition.
type additionKey struct{ agreementID, additionID int }

// key returns the addition l is mapped to.
func (l Line) key() additionKey { return additionKey{l.AgreementID, l.AdditionID} }
