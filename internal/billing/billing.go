package billing

import (
	"context"
	"errors"

	"github.com/psabridge/psabridge/internal/cwm"
)

// Agreements is what billing reads and writes in ConnectWise.
type Agreements interface {
	// AgreementsByID returns the agreements with the given ids; an id with
	// no agreement is left out.
	AgreementsByID(ctx context.Context, ids []int) ([]cwm.Agreement, error)
	// Additions returns all additions of an agreement, cancelled included.
	Additions(ctx context.Context, agreementID int) ([]cwm.Addition, error)
	// UpdateAddition writes a new quantity to an addition and returns the
	// addition as ConnectWise stored it.
	UpdateAddition(ctx context.Context, agreementID, additionID int,
		u Update) (*cwm.Addition, error)
}

// Update is one quantity change sent to ConnectWise.
type Update struct {
	Quantity float64
	// Prorate asks ConnectWise to prorate the change over the current
	// period (prorateCurrentPeriodFlag); false bills it from the next
	// invoice.
	Prorate bool
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

// The effective-date policies a partner can choose.
const (
	// EffectiveImmediate applies a change now, prorated when asked.
	EffectiveImmediate = "immediate"
	// EffectiveNextInvoice bills a change from the next invoice on, never
	// prorated.
	//
	// TODO: a change dated to a chosen future day (cancel the addition on
	// that day and add a new one) is not offered; a partner who wants the
	// change to start on the 1st must push on the 1st (a monthly schedule).
	EffectiveNextInvoice = "next-invoice"
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
	CWCompanyID       int // 0 when the company is not mapped
	AgreementID       int // 0 when billing is not mapped
	AdditionID        int // 0 when billing is not mapped
	Count             int
}

// Change is what billing plans for, and after Push did to, one Line.
type Change struct {
	Line
	Old    float64 // the addition's quantity when previewed
	New    float64 // the quantity to write; after a push, what ConnectWise kept
	Action string  // ActionUpdate, ActionUnchanged or ActionSkipped
	Reason string  // why the line is skipped, or a note on an update
	// Drift reports that the quantity in ConnectWise differs from the one
	// psabridge last pushed: someone changed it by hand.
	Drift  bool
	Pushed bool  // Push wrote the quantity and ConnectWise kept it
	Err    error // reading or writing ConnectWise failed for this line
}

// Summary counts the changes of a preview or push by outcome.
type Summary struct {
	Update, Unchanged, Skipped int // as planned
	Drift                      int // lines whose quantity was changed by hand
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
		if c.Drift {
			s.Drift++
		}
		if c.Pushed {
			s.Pushed++
		} else if c.Action == ActionUpdate && c.Err != nil {
			s.Failed++
		}
	}

	return s
}

// AdditionKey identifies an addition.
type AdditionKey struct{ AgreementID, AdditionID int }

// key returns the addition l is mapped to.
func (l Line) key() AdditionKey { return AdditionKey{l.AgreementID, l.AdditionID} }
