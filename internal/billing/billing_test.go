package billing

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/psabridge/psabridge/internal/cwm"
)

// fakeAgreements holds additions by agreement and addition id and records
// every read and write.
type fakeAgreements struct {
	mu        sync.Mutex
	additions map[[2]int]cwm.Addition
	failRead  map[int]error // by addition id
	failSet   map[int]error // by addition id
	ignoreSet map[int]bool  // accepts the PATCH but keeps the old quantity
	reads     map[int]int   // Addition calls by addition id
	patches   []patch
}

// patch is one SetAdditionQuantity call.
type patch struct {
	AgreementID, AdditionID int
	Quantity                float64
}

func newFake(adds ...cwm.Addition) *fakeAgreements {
	f := &fakeAgreements{additions: make(map[[2]int]cwm.Addition), reads: make(map[int]int),
		failRead: make(map[int]error), failSet: make(map[int]error), ignoreSet: make(map[int]bool)}
	for _, ad := range adds {
		f.additions[[2]int{ad.AgreementID, ad.ID}] = ad
	}

	return f
}

func (f *fakeAgreements) Addition(ctx context.Context, agreementID, additionID int) (
	*cwm.Addition, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads[additionID]++
	if err := f.failRead[additionID]; err != nil {
		return nil, err
	}
	ad, ok := f.additions[[2]int{agreementID, additionID}]
	if !ok {
		return nil, errors.New("not found")
	}

	return &ad, ctx.Err()
}

func (f *fakeAgreements) SetAdditionQuantity(ctx context.Context, agreementID, additionID int,
	quantity float64) (*cwm.Addition, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.patches = append(f.patches, patch{agreementID, additionID, quantity})
	if err := f.failSet[additionID]; err != nil {
		return nil, err
	}
	k := [2]int{agreementID, additionID}
	ad := f.additions[k]
	if !f.ignoreSet[additionID] {
		ad.Quantity = quantity
		f.additions[k] = ad
	}

	return &ad, ctx.Err()
}

// testNow is the fixed clock the billing tests run at.
var testNow = time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)

func add(agreementID, id int, quantity float64) cwm.Addition {
	return cwm.Addition{ID: id, AgreementID: agreementID, Quantity: quantity,
		Product: &cwm.Reference{Identifier: "SAT-USER"}}
}

func line(platformID int64, agreementID, additionID, count int) Line {
	return Line{PlatformCompanyID: platformID, CWCompanyID: int(platformID) + 100,
		AgreementID: agreementID, AdditionID: additionID, Count: count}
}

func TestPreview(t *testing.T) {
	t.Parallel()
	cancelledPast := add(5, 50, 9)
	cancelledPast.CancelledDate = "2025-06-01T00:00:00Z"
	cancelledFuture := add(6, 60, 9)
	cancelledFuture.CancelledDate = "2025-07-01T00:00:00Z"
	unreadable := add(7, 70, 1)
	unreadable.CancelledDate = "next week"
	bareFuture := add(8, 80, 2)
	bareFuture.CancelledDate = "2025-06-16"
	f := newFake(add(1, 10, 25), add(2, 20, 30), add(3, 30, 4), cancelledPast, cancelledFuture,
		unreadable, bareFuture)
	f.failRead[40] = errors.New("boom")
	lines := []Line{
		line(1, 1, 10, 25), // unchanged
		line(2, 2, 20, 31), // update
		line(3, 0, 0, 7),   // not mapped
		line(4, 3, 30, 2),  // shared with 5
		line(5, 3, 30, 3),  // shared with 4
		line(6, 4, 40, 1),  // read fails
		line(7, 2, 21, -1), // negative count
		line(8, 5, 50, 10), // addition cancelled
		line(9, 6, 60, 10), // cancelled in the future: still billing
		line(10, 1, 0, 1),  // half mapped
		line(11, 7, 70, 1), // cancelled date unreadable
		line(12, 8, 80, 3), // bare cancelled date in the future
	}

	got, err := preview(t.Context(), f, lines, testNow)

	if err != nil {
		t.Fatalf("preview() error = %v", err)
	}
	shared := "2 companies are mapped to agreement addition 30: map each to its own addition"
	want := []Change{
		{Line: lines[0], Old: 25, New: 25, Action: ActionUnchanged},
		{Line: lines[1], Old: 30, New: 31, Action: ActionUpdate},
		{Line: lines[2], Action: ActionSkipped, Reason: "not mapped to an agreement addition"},
		{Line: lines[3], Old: 4, New: 4, Action: ActionSkipped, Reason: shared},
		{Line: lines[4], Old: 4, New: 4, Action: ActionSkipped, Reason: shared},
		{Line: lines[5], Action: ActionSkipped, Reason: "the agreement addition could not be read"},
		{Line: lines[6], Action: ActionSkipped, Reason: "negative user count -1"},
		{Line: lines[7], Old: 9, New: 9, Action: ActionSkipped, Reason: "the agreement addition " +
			"was cancelled on 2025-06-01T00:00:00Z: map an ongoing one"},
		{Line: lines[8], Old: 9, New: 10, Action: ActionUpdate},
		{Line: lines[9], Action: ActionSkipped, Reason: "not mapped to an agreement addition"},
		{Line: lines[10], Old: 1, New: 1, Action: ActionSkipped, Reason: "the agreement addition " +
			"was cancelled on next week: map an ongoing one"},
		{Line: lines[11], Old: 2, New: 3, Action: ActionUpdate},
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Change{}, "Err")); diff != "" {
		t.Errorf("preview() mismatch (-want +got):\n%s", diff)
	}
	if err := got[5].Err; err == nil || err.Error() != "reading addition 40 of agreement 4: boom" {
		t.Errorf("preview() row 5 Err = %v, want the wrapped read error", err)
	}
	wantReads := map[int]int{10: 1, 20: 1, 30: 1, 40: 1, 50: 1, 60: 1, 70: 1, 80: 1}
	if diff := cmp.Diff(wantReads, f.reads); diff != "" {
		t.Errorf("additions read (-want +got):\n%s", diff)
	}
	if len(f.patches) != 0 {
		t.Errorf("preview() wrote %v, want no writes", f.patches)
	}
}

func TestPreviewCancelledContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	_, err := Preview(ctx, newFake(add(1, 10, 1)), []Line{line(1, 1, 10, 2)})

	if !errors.Is(err, context.Canceled) {
		t.Errorf("Preview() error = %v, want context.Canceled", err)
	}
}

func TestPush(t *testing.T) {
	t.Parallel()
	f := newFake(add(1, 10, 5), add(2, 20, 5), add(3, 30, 5), add(4, 40, 5), add(5, 50, 5))
	boom := errors.New("ConnectWise said no")
	f.failSet[20] = boom
	f.ignoreSet[40] = true
	changes, err := preview(t.Context(), f, []Line{
		line(1, 1, 10, 6), // pushed
		line(2, 2, 20, 7), // fails
		line(3, 3, 30, 5), // unchanged: not pushed
		line(4, 4, 40, 8), // accepted but not kept
		line(5, 5, 50, 9), // pushed after the failures
		line(6, 0, 0, 3),  // skipped: not pushed
	}, testNow)
	if err != nil {
		t.Fatalf("preview() error = %v", err)
	}

	got := Push(t.Context(), f, changes)

	wantPatches := []patch{{1, 10, 6}, {2, 20, 7}, {4, 40, 8}, {5, 50, 9}}
	if diff := cmp.Diff(wantPatches, f.patches); diff != "" {
		t.Errorf("PATCHes sent (-want +got):\n%s", diff)
	}
	type outcome struct {
		Action string
		New    float64
		Pushed bool
		Failed bool
	}
	var outcomes []outcome
	for _, c := range got {
		outcomes = append(outcomes, outcome{c.Action, c.New, c.Pushed, c.Err != nil})
	}
	wantOutcomes := []outcome{
		{ActionUpdate, 6, true, false},
		{ActionUpdate, 7, false, true},
		{ActionUnchanged, 5, false, false},
		{ActionUpdate, 5, false, true},
		{ActionUpdate, 9, true, false},
		{ActionSkipped, 0, false, false},
	}
	if diff := cmp.Diff(wantOutcomes, outcomes); diff != "" {
		t.Errorf("Push() outcomes (-want +got):\n%s", diff)
	}
	if !errors.Is(got[1].Err, boom) {
		t.Errorf("Push() row 1 Err = %v, want it to wrap %v", got[1].Err, boom)
	}
	if !errors.Is(got[3].Err, ErrQuantityNotSet) {
		t.Errorf("Push() row 3 Err = %v, want ErrQuantityNotSet", got[3].Err)
	}
	if changes[0].Pushed || changes[1].Err != nil {
		t.Error("Push() modified its input")
	}
	wantSummary := Summary{Update: 4, Unchanged: 1, Skipped: 1, Pushed: 2, Failed: 2}
	if diff := cmp.Diff(wantSummary, Summarize(got)); diff != "" {
		t.Errorf("Summarize() (-want +got):\n%s", diff)
	}
}

func TestPushRepeatedAddition(t *testing.T) {
	t.Parallel()
	f := newFake(add(1, 10, 5))
	changes := []Change{
		{Line: line(1, 1, 10, 6), Old: 5, New: 6, Action: ActionUpdate},
		{Line: line(2, 1, 10, 7), Old: 5, New: 7, Action: ActionUpdate},
	}

	got := Push(t.Context(), f, changes)

	if diff := cmp.Diff([]patch{{1, 10, 6}}, f.patches); diff != "" {
		t.Errorf("PATCHes sent (-want +got):\n%s", diff)
	}
	if !got[0].Pushed || got[1].Pushed || !errors.Is(got[1].Err, ErrAdditionRepeated) {
		t.Errorf("Push() = %+v, want the first pushed and the second refused", got)
	}
}

func TestPushCancelledContext(t *testing.T) {
	t.Parallel()
	f := newFake(add(1, 10, 5))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	got := Push(ctx, f, []Change{{Line: line(1, 1, 10, 6), Old: 5, New: 6, Action: ActionUpdate}})

	if len(f.patches) != 0 || !errors.Is(got[0].Err, context.Canceled) {
		t.Errorf("Push() sent %v and returned %v, want nothing sent and context.Canceled",
			f.patches, got[0].Err)
	}
}
