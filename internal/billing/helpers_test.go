package billing_test

import (
	"testing"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
)

// cw is an empty ConnectWise sandbox and a client signed in to it.
type cw struct {
	sb     *cwsandbox.Sandbox
	client *cwm.Client
	psa    integration.PSA
}

// newCW starts an empty sandbox on a loopback port for one test.
func newCW(t *testing.T) *cw {
	t.Helper()
	srv, err := cwsandbox.Start("127.0.0.1:0", cwsandbox.Config{Seed: "empty"})
	if err != nil {
		t.Fatalf("starting the sandbox: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	co, pub, priv, cid := srv.Sandbox.Credentials()
	c, err := cwm.NewClient(cwm.Config{BaseURL: srv.APIURL(), MaxRetries: -1,
		Credentials: cwm.Credentials{CompanyID: co, PublicKey: pub, PrivateKey: priv, ClientID: cid}})
	if err != nil {
		t.Fatalf("creating the client: %v", err)
	}

	return &cw{sb: srv.Sandbox, client: c, psa: integration.PSA{Client: c}}
}

// company inserts a client company and returns its id.
func (c *cw) company(name string) int {
	return c.sb.Insert("company/companies", map[string]any{"identifier": name, "name": name,
		"status": map[string]any{"id": 1, "name": "Active"}, "deletedFlag": false,
		"types": []any{map[string]any{"id": 1, "name": "Client"}}})
}

// agreement inserts an agreement of company; cancelled ones carry the
// flag and status ConnectWise gives them.
func (c *cw) agreement(companyID int, cancelled bool) int {
	status := "Active"
	if cancelled {
		status = "Cancelled"
	}
	return c.sb.Insert("finance/agreements", map[string]any{"name": "Managed Services",
		"company": map[string]any{"id": companyID}, "noEndingDateFlag": true,
		"cancelledFlag": cancelled, "agreementStatus": status,
		"startDate": "2024-01-01T00:00:00Z"})
}

// addition inserts a SAT-USER addition with quantity q, cancelled from
// cancelled when that is not empty.
func (c *cw) addition(agreementID int, q float64, cancelled string) int {
	rec := map[string]any{"agreementId": agreementID, "quantity": q,
		"product": map[string]any{"id": 1, "identifier": "SAT-USER"}, "billCustomer": "Billable",
		"effectiveDate": "2024-01-01T00:00:00Z"}
	if cancelled != "" {
		rec["cancelledDate"] = cancelled
	}
	return c.sb.Insert("finance/agreements/{id}/additions", rec)
}

// quantity returns an addition's quantity as the sandbox holds it.
func (c *cw) quantity(t *testing.T, additionID int) float64 {
	t.Helper()
	return c.field(t, additionID, "quantity").(float64)
}

// field returns one field of an addition as the sandbox holds it.
func (c *cw) field(t *testing.T, additionID int, name string) any {
	t.Helper()
	for _, rec := range c.sb.Records("finance/agreements/{id}/additions") {
		if rec["id"] == float64(additionID) {
			return rec[name]
		}
	}
	t.Fatalf("addition %d not in the sandbox", additionID)
	return nil
}

// handEdit changes an addition's quantity the way a person in ConnectWise
// would, through the API.
func (c *cw) handEdit(t *testing.T, agreementID, additionID int, q float64) {
	t.Helper()
	_, _, err := c.client.Agreements.UpdateAddition(t.Context(), agreementID, additionID,
		[]cwm.PatchOperation{{Op: "replace", Path: "quantity", Value: q}})
	if err != nil {
		t.Fatalf("changing addition %d by hand: %v", additionID, err)
	}
}
