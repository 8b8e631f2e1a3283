package mapping

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/psabridge/psabridge/internal/cwm"
)

// fakeDirectory serves fixed companies, agreements and additions and counts
// the reads.
type fakeDirectory struct {
	companies  []cwm.Company
	agreements map[int][]cwm.Agreement // by company id
	additions  map[int][]cwm.Addition  // by agreement id
	fail       error                   // returned by Additions when set
	reads      map[int]int             // Additions calls by agreement id
}

func (f *fakeDirectory) Companies(ctx context.Context) ([]cwm.Company, error) {
	return f.companies, ctx.Err()
}

func (f *fakeDirectory) Agreements(ctx context.Context, companyID int) ([]cwm.Agreement, error) {
	return f.agreements[companyID], ctx.Err()
}

func (f *fakeDirectory) Additions(ctx context.Context, agreementID int) ([]cwm.Addition, error) {
	if f.reads == nil {
		f.reads = make(map[int]int)
	}
	f.reads[agreementID]++
	if f.fail != nil {
		return nil, f.fail
	}

	return f.additions[agreementID], ctx.Err()
}

// testNow is the fixed clock the addition tests run at.
var testNow = time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)

// sat is an addition of the default product.
func sat(id int, cancelled string) cwm.Addition {
	return cwm.Addition{ID: id, Product: &cwm.Reference{ID: 1, Identifier: "SAT-USER"},
		CancelledDate: cancelled}
}

func TestChooseAddition(t *testing.T) {
	t.Parallel()
	other := cwm.Addition{ID: 99, Product: &cwm.Reference{ID: 2, Identifier: "BACKUP"}}
	tests := []struct {
		name       string
		agreements []cwm.Agreement
		additions  map[int][]cwm.Addition
		product    string
		want       [2]int
		wantReason string
		wantReads  map[int]int
	}{{
		name:       "one ongoing addition",
		agreements: []cwm.Agreement{{ID: 1, AgreementStatus: "Active"}},
		additions:  map[int][]cwm.Addition{1: {other, sat(10, "")}},
		want:       [2]int{1, 10},
	}, {
		name: "cancelled agreement skipped",
		agreements: []cwm.Agreement{
			{ID: 1, CancelledFlag: true, AgreementStatus: "Active"},
			{ID: 2, AgreementStatus: "Cancelled"},
			{ID: 3, AgreementStatus: "Active"},
		},
		additions: map[int][]cwm.Addition{1: {sat(10, "")}, 2: {sat(20, "")}, 3: {sat(30, "")}},
		want:      [2]int{3, 30},
		wantReads: map[int]int{3: 1},
	}, {
		name: "expired agreement skipped",
		agreements: []cwm.Agreement{
			{ID: 1, AgreementStatus: "Expired"},
			{ID: 2, AgreementStatus: "Active", EndDate: "2025-06-14T00:00:00Z"},
			{ID: 3, AgreementStatus: "Active", EndDate: "2025-06-15T00:00:00Z"},
			{ID: 4, AgreementStatus: "Active", EndDate: "2020-01-01T00:00:00Z", NoEndingDate: true},
		},
		additions: map[int][]cwm.Addition{1: {sat(10, "")}, 2: {sat(20, "")},
			3: {sat(30, "")}, 4: {other}},
		want:      [2]int{3, 30},
		wantReads: map[int]int{3: 1, 4: 1},
	}, {
		name:       "cancelled addition skipped",
		agreements: []cwm.Agreement{{ID: 1}},
		additions: map[int][]cwm.Addition{1: {
			sat(10, "2025-06-01T00:00:00Z"), sat(11, "2025-06-15T12:00:00Z"), sat(12, ""),
		}},
		want: [2]int{1, 12},
	}, {
		name:       "future cancelled date counts as ongoing",
		agreements: []cwm.Agreement{{ID: 1}},
		additions:  map[int][]cwm.Addition{1: {sat(10, "2025-07-01T00:00:00Z"), sat(11, "2024-01-01")}},
		want:       [2]int{1, 10},
	}, {
		name:       "two ongoing additions",
		agreements: []cwm.Agreement{{ID: 1}, {ID: 2}},
		additions:  map[int][]cwm.Addition{1: {sat(10, "")}, 2: {sat(20, "2026-01-01T00:00:00Z")}},
		wantReason: "2 ongoing additions for SAT-USER: choose one",
	}, {
		name:       "none ongoing",
		agreements: []cwm.Agreement{{ID: 1}},
		additions:  map[int][]cwm.Addition{1: {other, sat(10, "2025-01-01T00:00:00Z")}},
		wantReason: "no ongoing addition for SAT-USER on 1 active agreement(s)",
	}, {
		name:       "no active agreement",
		agreements: []cwm.Agreement{{ID: 1, AgreementStatus: "Expired"}},
		wantReason: "no active agreement",
	}, {
		name:       "configured product, case-insensitive",
		agreements: []cwm.Agreement{{ID: 1}},
		additions:  map[int][]cwm.Addition{1: {other, sat(10, "")}},
		product:    "backup",
		want:       [2]int{1, 99},
	}, {
		name:       "unreadable end date not trusted",
		agreements: []cwm.Agreement{{ID: 1, EndDate: "soon"}},
		additions:  map[int][]cwm.Addition{1: {sat(10, "")}},
		wantReason: "no active agreement",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := &fakeDirectory{agreements: map[int][]cwm.Agreement{42: tt.agreements},
				additions: tt.additions}

			agr, add, reason, err := chooseAddition(t.Context(), d, 42, tt.product, testNow)

			if err != nil {
				t.Fatalf("chooseAddition() error = %v", err)
			}
			if got := [2]int{agr, add}; got != tt.want || reason != tt.wantReason {
				t.Errorf("chooseAddition() = %v, %q; want %v, %q", got, reason, tt.want, tt.wantReason)
			}
			if tt.wantReads != nil {
				if diff := cmp.Diff(tt.wantReads, d.reads); diff != "" {
					t.Errorf("additions read (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestChooseAdditionError(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	d := &fakeDirectory{agreements: map[int][]cwm.Agreement{42: {{ID: 7}}}, fail: boom}

	_, _, _, err := ChooseAddition(t.Context(), d, 42, "")

	if !errors.Is(err, boom) {
		t.Fatalf("ChooseAddition() error = %v, want it to wrap %v", err, boom)
	}
	if want := "listing additions of agreement 7: boom"; err.Error() != want {
		t.Errorf("ChooseAddition() error = %q, want %q", err, want)
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	d := &fakeDirectory{
		companies: testCompanies,
		agreements: map[int][]cwm.Agreement{
			2: {{ID: 100, NoEndingDate: true}},
			5: {{ID: 500}},
		},
		additions: map[int][]cwm.Addition{
			100: {sat(1000, "")},
			500: {sat(5000, ""), sat(5001, "")},
		},
	}
	platform := []PlatformCompany{
		{ID: 1, Name: "Acme"}, {ID: 2, ExternalID: "INITECH", Name: "Initech"}, {ID: 3, Name: "Nobody"},
	}

	got, err := Suggest(t.Context(), d, platform, nil, "")

	if err != nil {
		t.Fatalf("Suggest() error = %v", err)
	}
	type billing struct {
		CWCompanyID, AgreementID, AdditionID int
		AdditionReason                       string
	}
	var gotBilling []billing
	for _, p := range got {
		b := billing{p.CWCompanyID, p.AgreementID, p.AdditionID, p.AdditionReason}
		gotBilling = append(gotBilling, b)
	}
	want := []billing{
		{2, 100, 1000, ""},
		{5, 0, 0, "2 ongoing additions for SAT-USER: choose one"},
		{0, 0, 0, ""},
	}
	if diff := cmp.Diff(want, gotBilling); diff != "" {
		t.Errorf("Suggest() billing mismatch (-want +got):\n%s", diff)
	}
}

func TestSuggestCompaniesError(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	_, err := Suggest(ctx, &fakeDirectory{}, nil, nil, "")

	if !errors.Is(err, context.Canceled) {
		t.Errorf("Suggest() error = %v, want context.Canceled", err)
	}
}
