package billing

import (
	"context"
	"fmt"
)

// Push writes the quantity of every change Preview marked ActionUpdate,
// with default choices; see Planner.Push.
func Push(ctx context.Context, a Agreements, changes []Change) []Change {
	return (&Planner{Agreements: a}).Push(ctx, changes)
}

// Push writes the quantity of every change Preview marked ActionUpdate, one
// PATCH per addition, and returns the changes with each outcome recorded:
// Pushed and New (the quantity ConnectWise kept) on success, Err on failure.
// A failing row does not stop the others. Rows not marked for update come
// back as they were; the input slice is not modified.
func (p *Planner) Push(ctx context.Context, changes []Change) []Change {
	out := make([]Change, len(changes))
	copy(out, changes)

	done := make(map[AdditionKey]bool)
	for i := range out {
		c := &out[i]
		if c.Action != ActionUpdate {
			continue
		}
		if done[c.key()] {
			c.Err = fmt.Errorf("addition %d of agreement %d: %w", c.AdditionID, c.AgreementID,
				ErrAdditionRepeated)
			continue
		}
		done[c.key()] = true
		p.pushOne(ctx, c)
	}

	return out
}

// pushOne writes one change's quantity and records the outcome in c.
func (p *Planner) pushOne(ctx context.Context, c *Change) {
	if err := ctx.Err(); err != nil {
		c.Err = fmt.Errorf("pushing addition %d: %w", c.AdditionID, err)
		return
	}
	want := c.New
	u := Update{Quantity: want, Prorate: p.Prorate && p.Effective != EffectiveNextInvoice}
	got, err := p.Agreements.UpdateAddition(ctx, c.AgreementID, c.AdditionID, u)
	if err != nil {
		c.Err = fmt.Errorf("setting quantity of addition %d on agreement %d: %w",
			c.AdditionID, c.AgreementID, err)
		return
	}
	if got != nil && got.Quantity != want {
		c.New = got.Quantity
		c.Err = fmt.Errorf("addition %d of agreement %d holds %v, not %v: %w",
			c.AdditionID, c.AgreementID, got.Quantity, want, ErrQuantityNotSet)
		return
	}
	c.Pushed = true
}
