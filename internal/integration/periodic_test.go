package integration_test

import (
	"io"
	"log/slog"
	"testing"

	"github.com/psabridge/psabridge/internal/cwsandbox"
)

func TestCheckAllChecksConnectedPartnersOnly(t *testing.T) {
	t.Parallel()
	f := newFixture(t, cwsandbox.Config{})
	f.connect(t)
	if _, err := f.store.CreatePartner(t.Context(), "not-connected", "Not connected"); err != nil {
		t.Fatal(err)
	}
	n, err := f.svc.CheckAll(t.Context(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil || n != 1 {
		t.Fatalf("CheckAll = %d, %v; want 1 partner checked", n, err)
	}
	log, err := f.store.AuditLog(t.Context(), f.partner.ID)
	must(t, err)
	checks := 0
	for _, e := range log {
		if e.Action == "permissions.check" {
			checks++
		}
	}
	if checks != 2 { // one at connect, one now
		t.Errorf("%d permission checks audited; want 2", checks)
	}
}
