package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/cwsandbox"
)

// TestBillingPageViewer checks that a viewer may read the billing
// settings but neither sees a form to change them nor can post one.
func TestBillingPageViewer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, cwsandbox.Config{Seed: "empty"})
	p, _ := e.partner(t, "a")
	viewer := addViewer(t, e, p.ID, "viewer@example.com")
	before, err := e.st.BillingSettings(t.Context(), p.ID)
	if err != nil {
		t.Fatal(err)
	}

	res, body := viewer.do(t, "POST", "/billing/settings", url.Values{"schedule": {"daily"},
		"time_zone": {"UTC"}, "effective": {"immediate"}, "product": {"Changed"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer's POST /billing/settings = %d, want 403", res.StatusCode)
	}
	if after, _ := e.st.BillingSettings(t.Context(), p.ID); after.Product != before.Product || after.Schedule != before.Schedule {
		t.Errorf("a viewer changed the settings: %+v, was %+v", after, before)
	}

	_, body = viewer.do(t, "GET", "/billing", nil)
	if strings.Contains(body, `action="/billing/settings"`) || strings.Contains(body, `<input name="product"`) {
		t.Errorf("a viewer's billing page shows the settings form:\n%s", body)
	}
	if !strings.Contains(body, `id="settings"`) || !strings.Contains(body, before.Schedule) {
		t.Errorf("a viewer's billing page: want the settings shown read-only:\n%s", body)
	}
	admin := e.signIn(t, "a-admin@example.com")
	if _, body := admin.do(t, "GET", "/billing", nil); !strings.Contains(body, `action="/billing/settings"`) {
		t.Error("an administrator's billing page: want the settings form")
	}
}
