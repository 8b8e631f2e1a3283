package cwsandbox

import (
	"fmt"
	"strings"
)

// seedTime is the date every seeded record carries, so the seed is the
// same on every run.
const seedTime = "2025-01-06T09:00:00Z"

var seedInfo = map[string]any{"dateEntered": seedTime, "enteredBy": "admin1", "lastUpdated": seedTime, "updatedBy": "admin1"}

// add inserts a seeded record with fixed _info and returns it.
func (s *Sandbox) add(key string, rec map[string]any) map[string]any {
	rec["_info"] = seedInfo
	return s.coll(key).insert(rec)
}

// seedSetup creates what every sandbox has: security roles, members,
// boards, priorities, sources, the catalog and allowed file types.
func (s *Sandbox) seedSetup() {
	s.seedRoles()
	s.seedBoards()
	for i, name := range []string{"Priority 1 - Emergency Response", "Priority 2 - Quick Response", "Priority 3 - Normal Response", "Priority 4 - Schedule Maintenance"} {
		s.add("service/priorities", map[string]any{"name": name, "color": []string{"Red", "Orange", "Green", "Blue"}[i],
			"sortOrder": i + 1, "defaultFlag": i == 2, "level": fmt.Sprintf("Priority %d", i+1)})
	}
	for _, name := range []string{"Email", "Phone", "Portal", "Phishing button"} {
		s.add("service/sources", map[string]any{"name": name, "defaultFlag": name == "Email"})
	}
	s.seedCatalog()
	s.seedMembers()
	for _, ext := range allowedTypes {
		s.add("system/allowedfiletypes", map[string]any{"fileType": ext, "sizeLimit": uploadLimitMB})
	}
}

func (s *Sandbox) seedBoards() {
	boards := []struct {
		name    string
		project bool
		types   []string
	}{
		{"Service Desk", false, []string{"Phishing report", "Incident", "Service Request"}},
		{"Security Incidents", false, []string{"Phishing report", "Malware", "Account Compromise"}},
		{"Projects", true, []string{"Project Task"}},
	}
	for _, b := range boards {
		board := s.add("service/boards", map[string]any{"name": b.name, "projectFlag": b.project, "inactiveFlag": false,
			"location": map[string]any{"id": 1, "name": "Main"}, "department": map[string]any{"id": 1, "name": "Services"}})
		ref := refTo(board)
		for i, st := range []string{"New", "In Progress", "Waiting on Client", ">Closed"} {
			s.add(statuses, map[string]any{"name": st, "board": ref, "sortOrder": i, "defaultFlag": i == 0,
				"closedStatus": st == ">Closed", "inactive": false, "displayOnBoard": true})
		}
		for i, t := range b.types {
			s.add(types, map[string]any{"name": t, "board": ref, "category": "Reactive", "defaultFlag": i == 0, "inactiveFlag": false})
		}
	}
	if !s.cfg.NoDefaultBoard {
		s.defaultBoard = s.coll("service/boards").find(1)
	}
}

func (s *Sandbox) seedCatalog() {
	items := []struct {
		identifier, description string
		price, cost             float64
		inactive                bool
	}{
		{"SAT-USER", "Security Awareness Training", 3.5, 1.25, false},
		{"EDR-DEVICE", "Endpoint Detection and Response", 6, 2.5, false},
		{"M365-BACKUP", "Microsoft 365 Backup", 2.75, 1, false},
		{"SAT-USER-LEGACY", "Security Awareness (legacy plan)", 3, 1.25, true},
	}
	for _, it := range items {
		s.add("procurement/catalog", map[string]any{"identifier": it.identifier, "description": it.description,
			"customerDescription": it.description, "price": it.price, "cost": it.cost, "inactiveFlag": it.inactive,
			"productClass": "Agreement", "recurringFlag": true, "billableOption": "Billable",
			"type": map[string]any{"id": 1, "name": "Service"}, "subcategory": map[string]any{"id": 1, "name": "Security"}})
	}
}

func (s *Sandbox) seedMembers() {
	role := refTo(s.coll("system/securityroles").find(s.roleID))
	admin := refTo(s.coll("system/securityroles").find(AdminRoleID))
	members := s.coll("system/members")
	s.add("system/members", map[string]any{"identifier": "admin1", "firstName": "Avery", "lastName": "Admin",
		"licenseClass": "F", "securityRole": admin, "inactiveFlag": false, "officeEmail": "admin1@demo-msp.example",
		"hireDate": "2020-01-06T00:00:00Z", "defaultEmail": "Office", "defaultPhone": "Office"})
	members.nextID = apiMemberID - 1
	m := s.myMember()
	delete(m, "id")
	m["hireDate"] = "2025-01-06T00:00:00Z"
	m["defaultPhone"] = "Office"
	s.add("system/members", m)
	api := s.coll("system/apiMembers")
	api.nextID = apiMemberID - 1
	apiRec := map[string]any{"identifier": apiMemberIdentifier, "name": apiMemberName, "inactiveFlag": false,
		"securityRole": role, "emailAddress": "psabridge@demo-msp.example", "excludedServiceBoardIds": []any{}}
	if s.defaultBoard != nil {
		apiRec["serviceDefaultBoard"] = refTo(s.defaultBoard)
	}
	s.add("system/apiMembers", apiRec)
}

// seedDemo creates the MSP's own company and its client companies with
// contacts, agreements and additions.
func (s *Sandbox) seedDemo() {
	s.add("company/companies", map[string]any{"identifier": "DemoMSP", "name": "psabridge Demo MSP",
		"status": map[string]any{"id": 1, "name": "Active"}, "types": []any{map[string]any{"id": 3, "name": "Owner"}},
		"addressLine1": "1 Service Way", "city": "Springfield", "website": "https://demo-msp.example", "deletedFlag": false})
	for i, dc := range DemoCompanies() {
		s.seedCompany(i, dc)
	}
	s.seedSharedContact()
}

func (s *Sandbox) seedCompany(i int, dc DemoCompany) {
	status := map[string]any{"id": 1, "name": "Active"}
	if dc.Inactive {
		status = map[string]any{"id": 2, "name": "Inactive"}
	}
	typ := map[string]any{"id": 1, "name": "Client"}
	if dc.Prospect {
		typ = map[string]any{"id": 2, "name": "Prospect"}
	}
	company := s.add("company/companies", map[string]any{"identifier": dc.Identifier, "name": dc.Name,
		"status": status, "types": []any{typ}, "addressLine1": fmt.Sprintf("%d Market Street", 10+i),
		"city": "Springfield", "phoneNumber": fmt.Sprintf("555-01%02d", i), "website": "https://www." + dc.Domain,
		"deletedFlag": dc.Deleted})
	if dc.Deleted {
		company["dateDeleted"] = "2024-11-30T17:00:00Z"
		company["deletedBy"] = "admin1"
	}
	first := s.seedContacts(i, dc, refTo(company))
	company["defaultContact"] = refTo(first)
	if dc.Agreement != "none" {
		s.seedAgreement(i, dc, refTo(company), refTo(first))
	}
}

// seedContacts adds two to six contacts with e-mail addresses on the
// company's domain and returns the default one.
func (s *Sandbox) seedContacts(i int, dc DemoCompany, company map[string]any) map[string]any {
	var first map[string]any
	for j := range contactCount(i) {
		fn, ln, email := demoContact(i, j, dc.Domain)
		items := []any{map[string]any{"id": 1, "type": map[string]any{"id": 1, "name": "Email"},
			"value": email, "defaultFlag": true, "communicationType": "Email", "domain": "@" + dc.Domain}}
		if j%2 == 1 {
			items = append(items, map[string]any{"id": 2, "type": map[string]any{"id": 2, "name": "Direct"},
				"value": fmt.Sprintf("555-02%02d%d", i, j), "defaultFlag": true, "communicationType": "Phone"})
		}
		c := s.add("company/contacts", map[string]any{"firstName": fn, "lastName": ln, "company": company,
			"inactiveFlag": j == 4, "defaultFlag": j == 0, "communicationItems": items})
		if j == 0 {
			first = c
		}
	}
	return first
}

// contactCount is how many contacts the i-th demo company has.
func contactCount(i int) int { return 2 + i%5 }

// demoContact names the j-th contact of the i-th demo company.
func demoContact(i, j int, domain string) (first, last, email string) {
	first, last = firstNames[(i*3+j)%len(firstNames)], lastNames[(i*7+j*5)%len(lastNames)]
	return first, last, emailLocal(first, last) + "@" + domain
}

func emailLocal(first, last string) string {
	r := strings.NewReplacer("'", "", "í", "i", "ó", "o", "é", "e", "á", "a")
	return strings.ToLower(r.Replace(first) + "." + r.Replace(last))
}

// seedSharedContact adds one person who is a contact at two companies
// with the same address, as happens with outside consultants.
func (s *Sandbox) seedSharedContact() {
	for _, id := range []int{2, 8} {
		company := refTo(s.coll("company/companies").find(id))
		s.add("company/contacts", map[string]any{"firstName": "Pat", "lastName": "Consultant", "company": company,
			"inactiveFlag": false, "communicationItems": []any{map[string]any{"id": 1, "type": map[string]any{"id": 1, "name": "Email"},
				"value": "pat@consultants.example", "defaultFlag": true, "communicationType": "Email"}}})
	}
}
