package billing

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/mapping"
)

// Planner previews and pushes billing with a partner's choices. The zero
// value of each optional field is the default named in its comment.
type Planner struct {
	// Agreements reads and writes ConnectWise. Required.
	Agreements Agreements
	// Product, when set, is the catalog identifier every billed addition
	// must have. Default "": the mapped addition's own product.
	Product string
	// LastPushed is the quantity psabridge last pushed to each addition;
	// a different quantity in ConnectWise is drift. Default nil: no drift
	// is detected.
	LastPushed map[AdditionKey]float64
	// OverwriteDrift lets Push replace a quantity changed by hand. Default
	// false: such lines are skipped.
	OverwriteDrift bool
	// Effective is EffectiveImmediate (default) or EffectiveNextInvoice.
	Effective string
	// Prorate prorates an immediate change over the current period.
	Prorate bool
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Preview plans the change for every line with default choices; see
// Planner.Preview.
func Preview(ctx context.Context, a Agreements, lines []Line) ([]Change, error) {
	return (&Planner{Agreements: a}).Preview(ctx, lines)
}

// Preview plans the change for every line. It reads the mapped agreements
// in one batch and each agreement's additions once, and writes nothing. A
// line is skipped, with a Reason, when it is not mapped, its count is
// negative, its agreement is cancelled, expired or gone, its addition is
// cancelled, gone or one of several ongoing lines of its product on the
// agreement, several lines share its addition, or its quantity was changed
// by hand since the last push (unless OverwriteDrift). Reading failures go
// to the lines' Err. The error is only for a cancelled ctx.
func (p *Planner) Preview(ctx context.Context, lines []Line) ([]Change, error) {
	now := p.now()
	r := p.read(ctx, lines)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("previewing billing: %w", err)
	}

	shared := make(map[AdditionKey]int)
	for _, l := range lines {
		shared[l.key()]++
	}
	out := make([]Change, 0, len(lines))
	for _, l := range lines {
		c := Change{Line: l}
		if reason := lineProblem(l); reason != "" {
			out = append(out, skip(c, reason))
			continue
		}
		out = append(out, p.plan(c, r, shared[l.key()], now))
	}

	return out, nil
}

func (p *Planner) now() time.Time {
	if p.Now == nil {
		return time.Now()
	}

	return p.Now()
}

// lineProblem says why a line cannot be billed before reading ConnectWise.
func lineProblem(l Line) string {
	switch {
	case l.CWCompanyID == 0 && l.AgreementID == 0:
		return "not mapped to a ConnectWise company"
	case l.AgreementID == 0 || l.AdditionID == 0:
		// TODO: the mapping does not keep why auto-mapping chose no
		// addition (two ongoing, none, no active agreement), so the preview
		// cannot repeat it; map auto shows it.
		return "no agreement addition mapped: run map auto, or map set with --addition"
	case l.Count < 0:
		return fmt.Sprintf("negative user count %d", l.Count)
	}

	return ""
}

// plan decides the change for a mapped line from what was read.
func (p *Planner) plan(c Change, r *readings, sharers int, now time.Time) Change {
	ad, reason, err := r.addition(c.Line, now)
	if ad == nil {
		c.Err = err
		return skip(c, reason)
	}
	c.Old, c.New = ad.Quantity, float64(c.Count)
	if reason := p.additionProblem(ad, r.additions[c.AgreementID], sharers, now); reason != "" {
		return skip(c, reason)
	}

	last, pushed := p.LastPushed[c.key()]
	c.Drift = pushed && last != c.Old
	switch {
	case c.Old == c.New:
		c.Action = ActionUnchanged
	case c.Drift && !p.OverwriteDrift:
		return skip(c, fmt.Sprintf("changed by hand in ConnectWise since the last push "+
			"(pushed %g, now %g): not overwritten unless drift overwrite is chosen", last, c.Old))
	default:
		c.Action = ActionUpdate
	}
	if c.Drift {
		c.Reason = fmt.Sprintf("changed by hand in ConnectWise since the last push (pushed %g)", last)
	}

	return c
}

// additionProblem says why an addition read from ConnectWise must not be
// written.
func (p *Planner) additionProblem(ad *cwm.Addition, siblings []cwm.Addition, sharers int,
	now time.Time) string {
	product := productOf(ad)
	switch {
	case sharers > 1:
		return fmt.Sprintf("%d companies are mapped to agreement addition %d: "+
			"map each to its own addition", sharers, ad.ID)
	case p.Product != "" && !strings.EqualFold(product, p.Product):
		return fmt.Sprintf("the agreement addition is for %s, not %s: map the %s addition",
			product, p.Product, p.Product)
	case !mapping.AdditionOngoing(*ad, product, now):
		return fmt.Sprintf("the agreement addition was cancelled on %s: map an ongoing one",
			ad.CancelledDate)
	}
	if n := ongoing(siblings, product, now); n > 1 {
		return fmt.Sprintf("ambiguous: %d ongoing %s additions on agreement %d: choose one "+
			"with map set", n, product, ad.AgreementID)
	}

	return ""
}

// productOf returns the catalog identifier of an addition's product.
func productOf(ad *cwm.Addition) string {
	if ad.Product == nil {
		return ""
	}

	return strings.TrimSpace(ad.Product.Identifier)
}

// ongoing counts the additions of product still billing at now.
func ongoing(adds []cwm.Addition, product string, now time.Time) int {
	n := 0
	for _, ad := range adds {
		if mapping.AdditionOngoing(ad, product, now) {
			n++
		}
	}

	return n
}

// skip marks c skipped for reason.
func skip(c Change, reason string) Change {
	c.Action = ActionSkipped
	c.Reason = reason
	c.New = c.Old

	return c
}

// agreementIDs returns the distinct agreements of the lines that can be
// billed, in ascending order.
func agreementIDs(lines []Line) []int {
	var ids []int
	for _, l := range lines {
		if lineProblem(l) == "" {
			ids = append(ids, l.AgreementID)
		}
	}
	slices.Sort(ids)

	return slices.Compact(ids)
}
