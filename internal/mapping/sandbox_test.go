package mapping_test

import (
	"testing"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/mapping"
)

// TestSuggestAgainstDemoSandbox maps the demo seed's companies, spelled as
// their names with their domains, through the ConnectWise adapter: live
// clients are applied with their addition, and deleted, prospect and
// inactive companies never are.
func TestSuggestAgainstDemoSandbox(t *testing.T) {
	t.Parallel()
	srv, err := cwsandbox.Start("127.0.0.1:0", cwsandbox.Config{Seed: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	co, pub, priv, cid := srv.Sandbox.Credentials()
	c, err := cwm.NewClient(cwm.Config{BaseURL: srv.APIURL(),
		Credentials: cwm.Credentials{CompanyID: co, PublicKey: pub, PrivateKey: priv, ClientID: cid}})
	if err != nil {
		t.Fatal(err)
	}
	// The first twelve companies and every one that must not be applied:
	// each applied company costs ConnectWise reads, which the client paces.
	var demo []cwsandbox.DemoCompany
	var ids []int
	for i, dc := range cwsandbox.DemoCompanies() {
		if i < 12 || dc.Deleted || dc.Prospect || dc.Inactive {
			demo, ids = append(demo, dc), append(ids, i+2)
		}
	}
	platform := make([]mapping.PlatformCompany, len(demo))
	for i, dc := range demo {
		platform[i] = mapping.PlatformCompany{ID: int64(i + 1), Name: dc.Name,
			Domains: []string{dc.Domain}}
	}

	got, err := mapping.Suggest(t.Context(), integration.PSA{Client: c}, platform, nil, "")

	if err != nil {
		t.Fatalf("Suggest() error = %v", err)
	}
	for i, p := range got {
		dc := demo[i]
		never := dc.Deleted || dc.Prospect || dc.Inactive
		switch {
		case never && p.Applied && p.CWCompanyID == ids[i]:
			t.Errorf("%s (deleted %t, prospect %t, inactive %t) was applied", dc.Name, dc.Deleted,
				dc.Prospect, dc.Inactive)
		case !never && (!p.Applied || p.CWCompanyID != ids[i]):
			t.Errorf("%s = %+v, want applied to company %d", dc.Name, p, ids[i])
		case !never && dc.Agreement == "active" && p.AdditionID == 0:
			t.Errorf("%s has no addition: %s", dc.Name, p.AdditionReason)
		}
	}
}
