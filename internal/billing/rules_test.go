package billing_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/psabridge/psabridge/internal/billing"
	"github.com/psabridge/psabridge/internal/store"
)

// testNow is the fixed clock the billing tests run at.
var testNow = time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)

// outcome is the part of a Change the rule tests compare.
type outcome struct {
	Action string
	Old    float64
	New    float64
	Reason string
	Drift  bool
	Pushed bool
}

func outcomes(cs []billing.Change) []outcome {
	out := make([]outcome, len(cs))
	for i, c := range cs {
		out[i] = outcome{c.Action, c.Old, c.New, c.Reason, c.Drift, c.Pushed}
	}

	return out
}

// rulesFixture is a sandbox holding one company per billing rule and the
// lines mapped to them.
type rulesFixture struct {
	cw    *cw
	lines []billing.Line
	adds  map[string]int // addition ids by case name
}

func newRulesFixture(t *testing.T) *rulesFixture {
	t.Helper()
	c := newCW(t)
	f := &rulesFixture{cw: c, adds: map[string]int{}}
	addLine := func(name string, count, agreementID, additionID int) {
		l := billing.Line{PlatformCompanyID: int64(len(f.lines) + 1), CompanyName: name,
			AgreementID: agreementID, AdditionID: additionID, Count: count}
		if agreementID != 0 {
			l.CWCompanyID = 1
		}
		f.lines = append(f.lines, l)
		f.adds[name] = additionID
	}

	ag := c.agreement(c.company("Grows"), false)
	addLine("grows", 8, ag, c.addition(ag, 5, ""))
	ag = c.agreement(c.company("Two Lines"), false)
	addLine("two ongoing additions", 9, ag, c.addition(ag, 4, ""))
	c.addition(ag, 2, "2026-01-01T00:00:00Z") // cancelled only from the future: still ongoing
	ag = c.agreement(c.company("Left"), true)
	addLine("cancelled agreement", 3, ag, c.addition(ag, 7, ""))
	ag = c.agreement(c.company("Steady"), false)
	addLine("unchanged", 6, ag, c.addition(ag, 6, ""))
	ag = c.agreement(c.company("Edited"), false)
	addLine("hand-changed", 11, ag, c.addition(ag, 12, ""))
	addLine("unmapped", 4, 0, 0)
	ag = c.agreement(c.company("Ended Line"), false)
	c.addition(ag, 1, "")
	addLine("cancelled addition", 2, ag, c.addition(ag, 3, "2025-01-31T00:00:00Z"))

	return f
}

// planner returns a planner at testNow that last pushed 10 to the
// hand-changed addition.
func (f *rulesFixture) planner(overwrite bool) *billing.Planner {
	ag := f.lines[4].AgreementID
	return &billing.Planner{Agreements: f.cw.psa, Product: "SAT-USER", OverwriteDrift: overwrite,
		LastPushed: map[billing.AdditionKey]float64{{AgreementID: ag,
			AdditionID: f.adds["hand-changed"]}: 10},
		Prorate: true, Now: func() time.Time { return testNow }}
}

func TestPreviewRulesAgainstSandbox(t *testing.T) {
	t.Parallel()
	f := newRulesFixture(t)

	got, err := f.planner(false).Preview(t.Context(), f.lines)

	if err != nil {
		t.Fatalf("Preview() error = %v", err)
	}
	want := []outcome{
		{Action: billing.ActionUpdate, Old: 5, New: 8},
		{Action: billing.ActionSkipped, Old: 4, New: 4, Reason: "ambiguous: 2 ongoing SAT-USER " +
			"additions on agreement 2: choose one with map set"},
		{Action: billing.ActionSkipped, Reason: "agreement 3 is cancelled: map an active agreement"},
		{Action: billing.ActionUnchanged, Old: 6, New: 6},
		{Action: billing.ActionSkipped, Old: 12, New: 12, Drift: true, Reason: "changed by hand in " +
			"ConnectWise since the last push (pushed 10, now 12): not overwritten unless drift " +
			"overwrite is chosen"},
		{Action: billing.ActionSkipped, Reason: "not mapped to a ConnectWise company"},
		{Action: billing.ActionSkipped, Old: 3, New: 3, Reason: "the agreement addition was " +
			"cancelled on 2025-01-31T00:00:00Z: map an ongoing one"},
	}
	if diff := cmp.Diff(want, outcomes(got)); diff != "" {
		t.Errorf("Preview() mismatch (-want +got):\n%s", diff)
	}
	if calls := f.cw.sb.Calls(); calls["PATCH /finance/agreements/{id}/additions/{id}"] != 0 {
		t.Errorf("Preview() wrote to ConnectWise: %v", calls)
	}
}

func TestPushAppliesOnlyChangesWithMinimumCalls(t *testing.T) {
	t.Parallel()
	f := newRulesFixture(t)
	p := f.planner(false)
	changes, err := p.Preview(t.Context(), f.lines)
	if err != nil {
		t.Fatalf("Preview() error = %v", err)
	}
	f.cw.sb.ResetCalls()

	got := p.Push(t.Context(), changes)

	if !got[0].Pushed || got[0].Err != nil {
		t.Errorf("Push() row 0 = %+v, want pushed", got[0])
	}
	wantQ := map[string]float64{"grows": 8, "two ongoing additions": 4,
		"cancelled agreement": 7, "unchanged": 6, "hand-changed": 12, "cancelled addition": 3}
	for name, q := range wantQ {
		if got := f.cw.quantity(t, f.adds[name]); got != q {
			t.Errorf("quantity of %s = %v after push, want %v", name, got, q)
		}
	}
	wantCalls := map[string]int{"PATCH /finance/agreements/{id}/additions/{id}": 1}
	if diff := cmp.Diff(wantCalls, f.cw.sb.Calls()); diff != "" {
		t.Errorf("calls of the push (-want +got):\n%s", diff)
	}
	if prorate := f.cw.field(t, f.adds["grows"], "prorateCurrentPeriodFlag"); prorate != true {
		t.Errorf("prorateCurrentPeriodFlag = %v, want true as the partner chose", prorate)
	}
}

func TestPreviewReadsEachAgreementOnce(t *testing.T) {
	t.Parallel()
	f := newRulesFixture(t)
	f.cw.sb.ResetCalls()

	if _, err := f.planner(false).Preview(t.Context(), f.lines); err != nil {
		t.Fatalf("Preview() error = %v", err)
	}

	// 6 agreements mapped, 1 cancelled: one batched agreement read, then
	// the additions of each of the 5 active agreements once.
	want := map[string]int{"GET /finance/agreements": 1,
		"GET /finance/agreements/{id}/additions": 5}
	if diff := cmp.Diff(want, f.cw.sb.Calls()); diff != "" {
		t.Errorf("calls of the preview (-want +got):\n%s", diff)
	}
}

func TestPushOverwritesDriftWhenChosen(t *testing.T) {
	t.Parallel()
	f := newRulesFixture(t)
	p := f.planner(true)
	p.Effective = billing.EffectiveNextInvoice
	changes, err := p.Preview(t.Context(), f.lines)
	if err != nil {
		t.Fatalf("Preview() error = %v", err)
	}

	got := p.Push(t.Context(), changes)

	want := outcome{Action: billing.ActionUpdate, Old: 12, New: 11, Drift: true, Pushed: true,
		Reason: "changed by hand in ConnectWise since the last push (pushed 10)"}
	if diff := cmp.Diff(want, outcomes(got)[4]); diff != "" {
		t.Errorf("hand-changed line (-want +got):\n%s", diff)
	}
	if q := f.cw.quantity(t, f.adds["hand-changed"]); q != 11 {
		t.Errorf("hand-changed quantity = %v, want 11", q)
	}
	if prorate := f.cw.field(t, f.adds["grows"], "prorateCurrentPeriodFlag"); prorate != false {
		t.Errorf("prorateCurrentPeriodFlag = %v, want false for next-invoice", prorate)
	}
	wantSummary := billing.Summary{Update: 2, Unchanged: 1, Skipped: 4, Drift: 1, Pushed: 2}
	if diff := cmp.Diff(wantSummary, billing.Summarize(got)); diff != "" {
		t.Errorf("Summarize() (-want +got):\n%s", diff)
	}
}

// ignoreID compares billing changes without their ids.
var ignoreID = cmpopts.IgnoreFields(store.BillingChange{}, "ID")
