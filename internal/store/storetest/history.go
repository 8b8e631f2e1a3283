package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/psabridge/psabridge/internal/store"
)

// ignoreID compares audit entries without their ids.
var ignoreID = cmpopts.IgnoreFields(store.AuditEntry{}, "ID")

// ignoreChangeID compares billing changes without their ids.
var ignoreChangeID = cmpopts.IgnoreFields(store.BillingChange{}, "ID")

var historyTests = map[string]func(*testing.T, store.Store){
	"BillingChanges": func(t *testing.T, s store.Store) {
		a := createPartner(t, s, "acme")
		b := createPartner(t, s, "globex")
		first := store.BillingChange{PartnerID: a.ID, PlatformCompanyID: 3, AgreementID: 31,
			AdditionID: 77, OldQuantity: 10, NewQuantity: 12.5, Result: "ok", Actor: "schedule",
			At: fixedTime}
		second := first
		second.OldQuantity, second.NewQuantity, second.At = 12.5, 11, fixedTime.AddDate(0, 1, 0)
		second.Result, second.Actor = "error: agreement cancelled", "admin@acme"

		for _, c := range []store.BillingChange{first, second, {PartnerID: b.ID, Result: "ok"}} {
			noErr(t, "AddBillingChange", s.AddBillingChange(t.Context(), c))
		}
		first.At, second.At = fixedTimeStored, fixedTimeStored.AddDate(0, 1, 0)

		got, err := s.BillingChanges(t.Context(), a.ID)
		noErr(t, "BillingChanges", err)
		diff(t, "BillingChanges", []store.BillingChange{second, first}, got, ignoreChangeID)
		if len(got) == 2 && (got[0].ID == 0 || got[0].ID == got[1].ID) {
			t.Errorf("billing change ids %d and %d: want distinct, non-zero", got[0].ID, got[1].ID)
		}
		ofB, err := s.BillingChanges(t.Context(), b.ID)
		noErr(t, "BillingChanges(b)", err)
		if len(ofB) != 1 {
			t.Fatalf("BillingChanges(b) holds %d changes, want 1", len(ofB))
		}
		checkTime(t, "default At", ofB[0].At)
		err = s.AddBillingChange(t.Context(), store.BillingChange{PartnerID: 999})
		wantErr(t, "AddBillingChange of unknown partner", err, store.ErrNotFound)
	},
	"AuditLog": func(t *testing.T, s store.Store) {
		a := createPartner(t, s, "acme")
		b := createPartner(t, s, "globex")
		entries := []store.AuditEntry{
			{PartnerID: a.ID, Actor: "admin@acme", Action: "connect", Detail: "company AcmeMSP",
				At: fixedTime},
			{PartnerID: a.ID, Actor: "admin@acme", Action: "disconnect",
				At: fixedTime.AddDate(0, 0, 1)},
			{PartnerID: b.ID, Actor: "admin@globex", Action: "connect", At: fixedTime},
			{Actor: "cli", Action: "create partner", Detail: "acme", At: fixedTime},
		}
		for _, e := range entries {
			noErr(t, "Audit", s.Audit(t.Context(), e))
		}

		got, err := s.AuditLog(t.Context(), a.ID)
		noErr(t, "AuditLog", err)
		want := []store.AuditEntry{entries[1], entries[0]}
		want[0].At, want[1].At = fixedTimeStored.AddDate(0, 0, 1), fixedTimeStored
		diff(t, "AuditLog", want, got, ignoreID)
		global, err := s.AuditLog(t.Context(), 0)
		noErr(t, "AuditLog(0)", err)
		entries[3].At = fixedTimeStored
		diff(t, "AuditLog(0)", []store.AuditEntry{entries[3]}, global, ignoreID)
		wantErr(t, "Audit of unknown partner",
			s.Audit(t.Context(), store.AuditEntry{PartnerID: 999, Action: "x"}), store.ErrNotFound)
	},
}
