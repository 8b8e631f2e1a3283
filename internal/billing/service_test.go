package billing_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/psabridge/psabridge/internal/billing"
	"github.com/psabridge/psabridge/internal/store"
)

// serviceFixture is a partner in a fresh store, mapped to one addition in
// a sandbox, with a billing service at a settable clock.
type serviceFixture struct {
	cw      *cw
	st      store.Store
	partner store.Partner
	company store.PlatformCompany
	ag, add int
	now     time.Time
	svc     *billing.Service
}

func newServiceFixture(t *testing.T) *serviceFixture {
	t.Helper()
	f := &serviceFixture{cw: newCW(t), now: time.Date(2025, 6, 12, 7, 0, 0, 0, time.UTC)}
	st, err := store.Open(t.Context(), store.Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatalf("opening the store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	f.st = st
	f.partner = must(t, func() (store.Partner, error) {
		return st.CreatePartner(t.Context(), "acme", "Acme MSP")
	})
	f.company = must(t, func() (store.PlatformCompany, error) {
		return st.UpsertPlatformCompany(t.Context(), store.PlatformCompany{PartnerID: f.partner.ID,
			ExternalID: "c1", Name: "Contoso"})
	})
	cwCompany := f.cw.company("Contoso")
	f.ag = f.cw.agreement(cwCompany, false)
	f.add = f.cw.addition(f.ag, 1, "")
	noErr(t, st.SaveMapping(t.Context(), store.Mapping{PartnerID: f.partner.ID,
		PlatformCompanyID: f.company.ID, CWCompanyID: cwCompany, AgreementID: f.ag,
		AdditionID: f.add, Method: "manual", Confidence: 1}))
	f.svc = &billing.Service{Store: st, Now: func() time.Time { return f.now },
		Connect: func(context.Context, int64) (billing.Agreements, error) { return f.cw.psa, nil }}

	return f
}

// users gives the company n active, billable users u0@…, u1@…
func (f *serviceFixture) users(t *testing.T, n int) {
	t.Helper()
	for i := range n {
		_, err := f.st.UpsertEndUser(t.Context(), store.EndUser{PartnerID: f.partner.ID,
			CompanyID: f.company.ID, Email: "u" + string(rune('0'+i)) + "@contoso.example",
			Active: true, Billable: true})
		noErr(t, err)
	}
}

func must[T any](t *testing.T, f func() (T, error)) T {
	t.Helper()
	v, err := f()
	noErr(t, err)
	return v
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestServiceCountsExcludedAndPushedUsers(t *testing.T) {
	t.Parallel()
	f := newServiceFixture(t)
	f.users(t, 4)
	noErr(t, f.st.SetUserExcluded(t.Context(), f.partner.ID, "U1@contoso.example", true))

	lines := must(t, func() ([]billing.Line, error) { return f.svc.Lines(t.Context(), f.partner.ID) })
	if len(lines) != 1 || lines[0].Count != 3 {
		t.Fatalf("Lines() = %+v, want one line counting 3 of 4 users", lines)
	}
	noErr(t, f.st.SetPushedCount(t.Context(), f.partner.ID, f.company.ID, 40))
	lines = must(t, func() ([]billing.Line, error) { return f.svc.Lines(t.Context(), f.partner.ID) })
	if lines[0].Count != 40 {
		t.Errorf("Lines() count = %d with a pushed count of 40, want 40", lines[0].Count)
	}
}

func TestServicePushRecordsHistoryAndDetectsDrift(t *testing.T) {
	t.Parallel()
	f := newServiceFixture(t)
	f.users(t, 3)

	_, err := f.svc.Push(t.Context(), f.partner.ID, "admin@acme")
	noErr(t, err)
	f.cw.handEdit(t, f.ag, f.add, 9)
	f.users(t, 5)
	preview := must(t, func() ([]billing.Change, error) {
		return f.svc.Preview(t.Context(), f.partner.ID)
	})

	history := must(t, func() ([]store.BillingChange, error) {
		return f.st.BillingChanges(t.Context(), f.partner.ID)
	})
	want := []store.BillingChange{{PartnerID: f.partner.ID, PlatformCompanyID: f.company.ID,
		AgreementID: f.ag, AdditionID: f.add, OldQuantity: 1, NewQuantity: 3,
		Result: store.BillingResultOK, Actor: "admin@acme", At: f.now}}
	if diff := cmp.Diff(want, history, ignoreID); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	if c := preview[0]; !c.Drift || c.Action != billing.ActionSkipped ||
		!strings.Contains(c.Reason, "pushed 3, now 9") {
		t.Errorf("preview after a hand change = %+v, want drift skipped", c)
	}
	if q := f.cw.quantity(t, f.add); q != 9 {
		t.Errorf("quantity = %v, want the hand-changed 9 kept", q)
	}
}

func TestRunDueAfterMissingThreeDays(t *testing.T) {
	t.Parallel()
	f := newServiceFixture(t)
	f.users(t, 2)
	b := store.DefaultBillingSettings(f.partner.ID)
	b.Schedule, b.Hour = billing.ScheduleDaily, 6
	noErr(t, f.st.SaveBillingSettings(t.Context(), b))
	noErr(t, f.st.MarkBillingRun(t.Context(), f.partner.ID, f.now.Add(-time.Hour)))

	// Down from the 12th at 07:00 to the 15th at 10:00, then checking
	// every 15 minutes until midnight.
	var runs []billing.RunResult
	for f.now = time.Date(2025, 6, 15, 10, 0, 0, 0, time.UTC); f.now.Day() == 15; f.now = f.now.Add(15 * time.Minute) {
		rs, err := f.svc.RunDue(t.Context(), f.now)
		noErr(t, err)
		runs = append(runs, rs...)
	}

	if len(runs) != 1 || runs[0].Err != nil || runs[0].Summary.Pushed != 1 {
		t.Fatalf("RunDue over the day = %+v, want one successful run", runs)
	}
	history := must(t, func() ([]store.BillingChange, error) {
		return f.st.BillingChanges(t.Context(), f.partner.ID)
	})
	if len(history) != 1 || history[0].Actor != billing.ScheduleActor {
		t.Errorf("history = %+v, want one scheduled change", history)
	}
}
