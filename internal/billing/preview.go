package billing

import (
	"context"
	"fmt"
	"time"

	"github.com/psabridge/psabridge/internal/cwm"
)

// Preview plans the change for every line, reading each mapped addition
// from ConnectWise once. A line is skipped, with a Reason, when it is not
// mapped, its count is negative, its addition is cancelled or cannot be
// read (Err holds the cause), or several lines share one addition (pushing
// them would overwrite each other). The error is only for a cancelled ctx.
func Preview(ctx context.Context, a Agreements, lines []Line) ([]Change, error) {
	return preview(ctx, a, lines, time.Now())
}

// preview is Preview at a given time.
func preview(ctx context.Context, a Agreements, lines []Line, now time.Time) ([]Change, error) {
	shared := make(map[additionKey]int)
	for _, l := range lines {
		shared[l.key()]++
	}

	read := make(map[additionKey]readResult)
	out := make([]Change, 0, len(lines))
	for _, l := range lines {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("previewing billing: %w", err)
		}
		c := Change{Line: l}
		if reason := lineProblem(l); reason != "" {
			out = append(out, skip(c, reason))
			continue
		}
		r, ok := read[l.key()]
		if !ok {
			r = readAddition(ctx, a, l)
			read[l.key()] = r
		}
		out = append(out, plan(c, r, shared[l.key()], now))
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("previewing billing: %w", err)
	}

	return out, nil
}

// readResult is one addition read, or why it could not be.
type readResult struct {
	addition *cwm.Addition
	err      error
}

// readAddition reads the addition l is mapped to.
func readAddition(ctx context.Context, a Agreements, l Line) readResult {
	ad, err := a.Addition(ctx, l.AgreementID, l.AdditionID)
	if err == nil && ad == nil {
		err = fmt.Errorf("addition %d not returned", l.AdditionID)
	}
	if err != nil {
		err = fmt.Errorf("reading addition %d of agreement %d: %w", l.AdditionID, l.AgreementID, err)
	}

	return readResult{ad, err}
}

// lineProblem says why a line cannot be billed before reading ConnectWise.
func lineProblem(l Line) string {
	switch {
	case l.AgreementID == 0 || l.AdditionID == 0:
		return "not mapped to an agreement addition"
	case l.Count < 0:
		return fmt.Sprintf("negative user count %d", l.Count)
	}

	return ""
}

// plan decides the change for a mapped line from its addition read.
func plan(c Change, r readResult, sharers int, now time.Time) Change {
	if r.err != nil {
		c.Err = r.err
		return skip(c, "the agreement addition could not be read")
	}
	c.Old = r.addition.Quantity
	c.New = float64(c.Count)

	switch {
	case sharers > 1:
		return skip(c, fmt.Sprintf("%d companies are mapped to agreement addition %d: "+
			"map each to its own addition", sharers, c.AdditionID))
	case cancelledBy(r.addition, now):
		return skip(c, fmt.Sprintf("the agreement addition was cancelled on %s: map an ongoing one",
			r.addition.CancelledDate))
	case c.Old == c.New:
		c.Action = ActionUnchanged
	default:
		c.Action = ActionUpdate
	}

	return c
}

// skip marks c skipped for reason.
func skip(c Change, reason string) Change {
	c.Action = ActionSkipped
	c.Reason = reason
	c.New = c.Old

	return c
}

// cancelledBy reports whether ad stopped billing at or before now. A
// cancelled date that cannot be read counts as cancelled: billing must not
// write to an addition whose state it cannot tell.
func cancelledBy(ad *cwm.Addition, now time.Time) bool {
	if ad.CancelledDate == "" {
		return false
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, ad.CancelledDate); err == nil {
			return !now.Before(t)
		}
	}

	return true
}
