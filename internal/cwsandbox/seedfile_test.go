package cwsandbox

import (
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

const seedJSON = `{
  "company/companies": [
    {"id": 250, "identifier": "OBrien", "name": "O'Brien IT", "status": {"id": 1, "name": "Active"},
     "types": [{"id": 1, "name": "Client"}], "deletedFlag": false, "someNewerField": "kept",
     "_info": {"lastUpdated": "2024-05-01T00:00:00Z"}}
  ],
  "company/contacts": [
    {"id": 9, "firstName": "Siobhán", "lastName": "O'Brien", "company": {"id": 250},
     "communicationItems": [{"id": 1, "type": {"id": 1, "name": "Email"}, "value": "s@obrien.example",
       "communicationType": "Email", "defaultFlag": true}]}
  ],
  "finance/agreements": [
    {"id": 31, "name": "Managed Security", "type": {"id": 1, "name": "Managed Services"},
     "company": {"id": 250}, "contact": {"id": 9}}
  ],
  "finance/agreements/31/additions": [
    {"id": 77, "product": {"id": 1, "identifier": "SAT-USER"}, "quantity": 12, "billCustomer": "Billable"}
  ]
}`

func writeSeed(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSeedFile(t *testing.T) {
	t.Parallel()
	data, err := ReadSeedFile(writeSeed(t, seedJSON))
	if err != nil {
		t.Fatal(err)
	}
	f := newFixture(t, Config{Seed: "empty", SeedData: data})
	var companies []map[string]any
	f.call(t, http.MethodGet, "/company/companies?conditions="+
		`name%3D%22O'Brien%20IT%22`, nil).decode(t, &companies)
	if len(companies) != 1 || companies[0]["id"] != 250.0 || companies[0]["someNewerField"] != "kept" {
		t.Fatalf("companies = %v, want the seeded one with its unknown member", companies)
	}
	adds := f.sb.Records("finance/agreements/31/additions")
	if len(adds) != 1 || adds[0]["agreementId"] != 31.0 || adds[0]["quantity"] != 12.0 {
		t.Errorf("additions = %v, want addition 77 of agreement 31", adds)
	}
	body := map[string]any{"summary": "s", "company": map[string]any{"id": 250}}
	a := f.call(t, http.MethodPost, "/service/tickets", body)
	wantStatus(t, a, http.StatusCreated)
	if len(f.sb.Records("service/boards")) == 0 {
		t.Error("the set-up seed's boards are gone though the file names none")
	}
	if id := f.sb.Insert("company/companies", map[string]any{"name": "Next"}); id != 251 {
		t.Errorf("next company id = %d, want 251 after the seeded 250", id)
	}
}

func TestSeedFileRejects(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"not an object":     `[1,2]`,
		"unknown path":      `{"sales/opportunities": [{"id": 1}]}`,
		"no id":             `{"company/companies": [{"name": "x"}]}`,
		"duplicate id":      `{"company/companies": [{"id": 1}, {"id": 1}]}`,
		"wrong type":        `{"company/companies": [{"id": 1, "name": 5}]}`,
		"child sans parent": `{"finance/agreements/{id}/additions": [{"id": 1}]}`,
	}
	for name, body := range tests {
		data, err := ReadSeedFile(writeSeed(t, body))
		if err == nil {
			_, err = New(Config{Seed: "empty", SeedData: data})
		}
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
