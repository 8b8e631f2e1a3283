package billing

import (
	"context"
	"fmt"
	"time"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/mapping"
)

// readings are the agreements and additions a preview read, and what
// failed.
type readings struct {
	agreements    map[int]cwm.Agreement
	agreementsErr error
	additions     map[int][]cwm.Addition // by agreement id
	additionsErr  map[int]error
}

// read fetches the agreements of the lines in one batch, then the
// additions of every agreement that can be billed, once each.
func (p *Planner) read(ctx context.Context, lines []Line) *readings {
	r := &readings{agreements: make(map[int]cwm.Agreement),
		additions: make(map[int][]cwm.Addition), additionsErr: make(map[int]error)}
	ids := agreementIDs(lines)
	if len(ids) == 0 {
		return r
	}
	ags, err := p.Agreements.AgreementsByID(ctx, ids)
	if err != nil {
		r.agreementsErr = fmt.Errorf("reading agreements: %w", err)
		return r
	}
	for _, a := range ags {
		r.agreements[a.ID] = a
	}

	now := p.now()
	for _, id := range ids {
		if a, ok := r.agreements[id]; !ok || !mapping.AgreementActive(a, now) || ctx.Err() != nil {
			continue
		}
		adds, err := p.Agreements.Additions(ctx, id)
		if err != nil {
			r.additionsErr[id] = fmt.Errorf("reading additions of agreement %d: %w", id, err)
		}
		r.additions[id] = adds
	}

	return r
}

// addition finds a line's addition, or says why it cannot be billed.
func (r *readings) addition(l Line, now time.Time) (*cwm.Addition, string, error) {
	if r.agreementsErr != nil {
		return nil, "the agreement could not be read", r.agreementsErr
	}
	a, ok := r.agreements[l.AgreementID]
	switch {
	case !ok:
		return nil, fmt.Sprintf("agreement %d not found in ConnectWise: map another", l.AgreementID),
			nil
	case !mapping.AgreementActive(a, now):
		return nil, fmt.Sprintf("agreement %d is %s: map an active agreement", a.ID,
			agreementState(a)), nil
	case r.additionsErr[l.AgreementID] != nil:
		return nil, "the agreement addition could not be read", r.additionsErr[l.AgreementID]
	}
	for _, ad := range r.additions[l.AgreementID] {
		if ad.ID == l.AdditionID {
			ad.AgreementID = l.AgreementID
			return &ad, "", nil
		}
	}

	return nil, fmt.Sprintf("addition %d not found on agreement %d: map another", l.AdditionID,
		l.AgreementID), nil
}

// agreementState names why an agreement is not active.
func agreementState(a cwm.Agreement) string {
	switch {
	case a.CancelledFlag:
		return "cancelled"
	case a.AgreementStatus != "":
		return "not active (" + a.AgreementStatus + ", ends " + a.EndDate + ")"
	}

	return "ended (" + a.EndDate + ")"
}
