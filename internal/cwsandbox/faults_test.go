package cwsandbox

import (
	"net/http"
	"testing"
)

func TestFaults(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	f.sb.InjectFault(Fault{Method: "GET", Path: "company/companies", Status: 429, RetryAfter: 7})
	f.sb.InjectFault(Fault{Path: "company/companies", Status: 503})
	a := f.call(t, http.MethodGet, "/company/companies", nil)
	if a.status != 429 || a.header.Get("Retry-After") != "7" {
		t.Errorf("first call = %d Retry-After %q, want 429 and 7", a.status, a.header.Get("Retry-After"))
	}
	if a := f.call(t, http.MethodGet, "/company/companies", nil); a.status != 503 {
		t.Errorf("second call = %d, want 503", a.status)
	}
	wantStatus(t, f.call(t, http.MethodGet, "/company/companies", nil), http.StatusOK)

	f.sb.InjectFault(Fault{Method: "POST", Path: "service/tickets", AfterHandling: true})
	body := map[string]any{"summary": "lost answer", "company": map[string]any{"id": 2}}
	if a := f.call(t, http.MethodPost, "/service/tickets", body); a.status != http.StatusGatewayTimeout {
		t.Errorf("POST with a lost answer = %d, want 504", a.status)
	}
	if n := len(f.sb.Records("service/tickets")); n != 1 {
		t.Errorf("%d tickets stored, want the one whose answer was lost", n)
	}
}

func TestDemoSeed(t *testing.T) {
	t.Parallel()
	sb, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	clients := 0
	for _, dc := range DemoCompanies() {
		if !dc.Prospect && !dc.Deleted {
			clients++
		}
		if len(dc.Identifier) > 30 {
			t.Errorf("%s: identifier longer than 30", dc.Name)
		}
	}
	if clients < 45 {
		t.Errorf("%d client companies, want at least 45", clients)
	}
	perCompany := map[float64]int{}
	for _, c := range sb.Records("company/contacts") {
		perCompany[c["company"].(map[string]any)["id"].(float64)]++
	}
	for id := 2; id < 2+len(DemoCompanies()); id++ {
		if n := perCompany[float64(id)]; n < 2 || n > 7 {
			t.Errorf("company %d has %d contacts", id, n)
		}
	}
	sat := 0
	for _, ad := range sb.Records("finance/agreements/{id}/additions") {
		if ad["product"].(map[string]any)["identifier"] == "SAT-USER" && ad["cancelledDate"] == nil {
			sat++
		}
	}
	if sat < 40 {
		t.Errorf("%d ongoing SAT-USER additions, want one per client with an agreement", sat)
	}
}
