package cwsandbox

import "fmt"

// seedAgreement gives a company its managed-services agreement with a
// SAT-USER addition. Some companies get extra lines that a careless
// addition lookup would pick: an EDR addition, a cancelled SAT-USER line,
// or a second agreement.
func (s *Sandbox) seedAgreement(i int, dc DemoCompany, company, contact map[string]any) {
	rec := map[string]any{"name": "Managed Services", "type": map[string]any{"id": 1, "name": "Managed Services"},
		"company": company, "contact": contact, "startDate": "2024-01-01T00:00:00Z", "noEndingDateFlag": true,
		"cancelledFlag": false, "agreementStatus": "Active", "billingCycle": map[string]any{"id": 1, "name": "Monthly"},
		"prorateFlag": false, "billTime": "Billable", "billExpenses": "Billable", "billProducts": "Billable"}
	if dc.Agreement == "cancelled" {
		rec["cancelledFlag"] = true
		rec["agreementStatus"] = "Cancelled"
		rec["dateCancelled"] = "2024-09-30T00:00:00Z"
		rec["reasonCancelled"] = "Client left"
	}
	ag := s.add("finance/agreements", rec)
	id, _ := intOf(ag["id"])
	s.seedAddition(id, 1, float64(5+(i*7)%40), "")
	if i%4 == 0 {
		s.seedAddition(id, 2, float64(3+i%9), "")
	}
	if dc.Identifier == "Contoso" {
		s.seedAddition(id, 1, 12, "2024-06-30T00:00:00Z")
	}
	if dc.Identifier == "Fabrikam" {
		rec := map[string]any{"name": "Backup Services", "type": map[string]any{"id": 2, "name": "Block Time"},
			"company": company, "contact": contact, "startDate": "2024-03-01T00:00:00Z", "noEndingDateFlag": true,
			"cancelledFlag": false, "agreementStatus": "Active"}
		backup, _ := intOf(s.add("finance/agreements", rec)["id"])
		s.seedAddition(backup, 3, 40, "")
	}
}

func (s *Sandbox) seedAddition(agreementID, productID int, qty float64, cancelled string) {
	product := s.coll("procurement/catalog").find(productID)
	price, _ := product["price"].(float64)
	cost, _ := product["cost"].(float64)
	ag := s.coll("finance/agreements").find(agreementID)
	rec := map[string]any{"product": map[string]any{"id": productID, "identifier": product["identifier"]},
		"quantity": qty, "lessIncluded": 0, "unitPrice": price, "unitCost": cost, "billCustomer": "Billable",
		"effectiveDate": "2024-01-01T00:00:00Z", "taxableFlag": false, "agreementId": agreementID,
		"description": product["description"], "billedQuantity": qty, "extPrice": qty * price, "extCost": qty * cost,
		"margin": qty * (price - cost), "agreementStatus": ag["agreementStatus"], "uom": "Each"}
	if cancelled != "" {
		rec["cancelledDate"] = cancelled
	}
	s.add(additions, rec)
}

// AddCompanies adds n active client companies named "Bulk Company 00001"
// and so on, for paging tests, and returns their ids.
func (s *Sandbox) AddCompanies(n int) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]int, 0, n)
	start := len(s.coll("company/companies").rows)
	for i := range n {
		rec := s.add("company/companies", map[string]any{"identifier": fmt.Sprintf("Bulk%05d", start+i),
			"name": fmt.Sprintf("Bulk Company %05d", start+i), "status": map[string]any{"id": 1, "name": "Active"},
			"types": []any{map[string]any{"id": 1, "name": "Client"}}, "addressLine1": "1 Bulk Road", "deletedFlag": false})
		id, _ := intOf(rec["id"])
		ids = append(ids, id)
	}
	return ids
}
