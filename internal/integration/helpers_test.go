package integration_test

import (
	"testing"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/outbound"
	"github.com/psabridge/psabridge/internal/store"
)

// fixture is a sandbox, a store with one partner, and the service between
// them, allowed to reach the sandbox.
type fixture struct {
	sandbox *cwsandbox.Server
	store   store.Store
	partner store.Partner
	svc     *integration.Service
	input   integration.ConnectInput
}

func newFixture(t *testing.T, cfg cwsandbox.Config) *fixture {
	t.Helper()
	cfg.Seed = "demo"
	srv, err := cwsandbox.Start("127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	st, err := store.Open(t.Context(), store.Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p, err := st.CreatePartner(t.Context(), "acme-msp", "Acme MSP")
	if err != nil {
		t.Fatal(err)
	}
	policy := &outbound.Policy{}
	policy.Allow(srv.URL)
	company, public, private, client := srv.Sandbox.Credentials()
	return &fixture{
		sandbox: srv, store: st, partner: p,
		svc:   &integration.Service{Store: st, Policy: policy, Actor: "test"},
		input: integration.ConnectInput{CompanyID: company, URL: srv.URL, PublicKey: public, PrivateKey: private, ClientID: client},
	}
}

func (f *fixture) control() cwsandbox.Control {
	return cwsandbox.Control{URL: f.sandbox.URL, Token: f.sandbox.ControlToken}
}

func (f *fixture) connect(t *testing.T) integration.PermissionReport {
	t.Helper()
	rep, err := f.svc.Connect(t.Context(), f.partner.ID, f.input)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

const lure = "From: \"IT Helpdesk\" <it-support@paypa1-secure.example>\r\n" +
	"To: alex@acme-corp.example\r\nSubject: Your mailbox is full\r\n" +
	"Message-ID: <lure-1@paypa1-secure.example>\r\nDate: Thu, 03 Dec 2026 09:00:00 +0000\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n\r\nVerify at https://paypa1-secure.example/login now.\r\n"

// seedReporter maps the sandbox's first client company and returns the
// e-mail address of an end user there.
func seedReporter(t *testing.T, f *fixture) string {
	t.Helper()
	ctx := t.Context()
	c, err := f.store.UpsertPlatformCompany(ctx, storeCompany(f.partner.ID))
	must(t, err)
	email := cwsandbox.DemoCompanies()[0].ContactEmails[0]
	_, err = f.store.UpsertEndUser(ctx, store.EndUser{PartnerID: f.partner.ID, CompanyID: c.ID, Email: email, Active: true, Billable: true})
	must(t, err)
	must(t, f.store.SaveMapping(ctx, storeMapping(f.partner.ID, c.ID)))
	return email
}

func storeCompany(partnerID int64) store.PlatformCompany {
	return store.PlatformCompany{PartnerID: partnerID, ExternalID: "p-1", Name: "Acme Corp", Domains: []string{"acme-corp.example"}}
}

func storeMapping(partnerID, companyID int64) store.Mapping {
	return store.Mapping{PartnerID: partnerID, PlatformCompanyID: companyID, CWCompanyID: 2, CWCompanyName: "Acme Corporation", Method: "manual", Confidence: 1}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func contains(rights []integration.Right, r integration.Right) bool {
	for _, x := range rights {
		if x == r {
			return true
		}
	}
	return false
}

func findMissing(fc integration.FeatureCheck, r integration.Right) *integration.Missing {
	for i, m := range fc.Missing {
		if m.Right == r {
			return &fc.Missing[i]
		}
	}
	return nil
}

func assertAudited(t *testing.T, f *fixture, actions ...string) {
	t.Helper()
	log, err := f.store.AuditLog(t.Context(), f.partner.ID)
	must(t, err)
	have := map[string]bool{}
	for _, e := range log {
		have[e.Action] = true
	}
	for _, a := range actions {
		if !have[a] {
			t.Errorf("audit log lacks %q: %v", a, have)
		}
	}
}
