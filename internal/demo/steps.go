package demo

import (
	"context"
	"errors"
	"fmt"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/outbound"
	"github.com/psabridge/psabridge/internal/store"
)

const partnerSlug = "demo"

func (r *run) startConnectWise() error {
	if r.cfg.ConnectWise == nil {
		if err := r.startSandbox(); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(r.out, "ConnectWise: using %s\n", r.cfg.ConnectWise.URL)
	}
	policy := outbound.Policy{}
	if r.cfg.Policy != nil {
		policy = *r.cfg.Policy
	}
	policy.Allow(r.cfg.ConnectWise.URL)
	r.hc = integration.NewHTTPClient(&policy)
	return nil
}

func (r *run) startSandbox() error {
	srv, err := cwsandbox.Start("127.0.0.1:0", cwsandbox.Config{Seed: "demo"})
	if err != nil {
		return fmt.Errorf("starting the ConnectWise sandbox: %w", err)
	}
	r.sandbox = srv
	company, public, private, client := srv.Sandbox.Credentials()
	r.cfg.ConnectWise = &integration.ConnectInput{
		CompanyID: company, URL: srv.URL, PublicKey: public, PrivateKey: private, ClientID: client,
	}
	fmt.Fprintf(r.out, "ConnectWise sandbox: %s (company %s)\n", srv.URL, company)
	return nil
}

func (r *run) openStore(ctx context.Context) error {
	st, err := store.Open(ctx, store.Config{DataDir: r.cfg.DataDir})
	if err != nil {
		return fmt.Errorf("opening the data folder %s: %w", r.cfg.DataDir, err)
	}
	r.store = st
	p, err := st.PartnerBySlug(ctx, partnerSlug)
	if errors.Is(err, store.ErrNotFound) {
		p, err = st.CreatePartner(ctx, partnerSlug, "Demo MSP")
	}
	if err != nil {
		return fmt.Errorf("creating the demo partner: %w", err)
	}
	r.partner = p
	fmt.Fprintf(r.out, "psabridge: data in %s, partner %q\n", r.cfg.DataDir, p.Slug)
	return nil
}

func (r *run) seedPlatform(ctx context.Context) error {
	companies, users := 0, 0
	for _, pc := range platformCompanies(cwsandbox.DemoCompanies()) {
		pc.PartnerID = r.partner.ID
		saved, err := r.store.UpsertPlatformCompany(ctx, pc.PlatformCompany)
		if err != nil {
			return fmt.Errorf("saving platform company %q: %w", pc.Name, err)
		}
		companies++
		for _, u := range pc.Users {
			u.PartnerID, u.CompanyID = r.partner.ID, saved.ID
			if _, err := r.store.UpsertEndUser(ctx, u); err != nil {
				return fmt.Errorf("saving end user %s: %w", u.Email, err)
			}
			users++
		}
	}
	fmt.Fprintf(r.out, "platform: %d client companies, %d end users\n", companies, users)
	return nil
}

func (r *run) connect(ctx context.Context) error {
	in := *r.cfg.ConnectWise
	conn, err := integration.Dial(ctx, r.hc, in)
	if err != nil {
		return fmt.Errorf("connecting to ConnectWise: %w", err)
	}
	if err := integration.Save(ctx, r.store, r.partner.ID, in, conn.Site); err != nil {
		return fmt.Errorf("saving the connection: %w", err)
	}
	r.audit(ctx, "connect", "connected to "+conn.Site.APIBaseURL)
	r.conn = conn
	fmt.Fprintf(r.out, "connected: company %s at %s (API %s, codebase %s)\n",
		in.CompanyID, conn.Site.LoginURL, conn.Site.APIBaseURL, conn.Site.Codebase)
	return nil
}

func (r *run) checkPermissions(ctx context.Context) error {
	rep, err := integration.CheckPermissions(ctx, r.conn.Client)
	if err != nil {
		return fmt.Errorf("checking permissions: %w", err)
	}
	fmt.Fprintf(r.out, "permissions of API member %s (role %s):\n", rep.Member, rep.Role)
	for _, f := range rep.Features {
		fmt.Fprintf(r.out, "  %-13s %s\n", f.Feature, okText(f.OK))
		for _, m := range f.Missing {
			fmt.Fprintf(r.out, "    missing %s\n      %s\n", m.Right, m.Remediation)
		}
	}
	if rep.DefaultBoard.OK {
		fmt.Fprintf(r.out, "  default board %q (id %d) ok\n", rep.DefaultBoard.Name, rep.DefaultBoard.ID)
	} else {
		fmt.Fprintf(r.out, "  default board missing\n    %s\n", rep.DefaultBoard.Remediation)
	}
	r.audit(ctx, "permissions.check", fmt.Sprintf("billing ok=%v service_desk ok=%v",
		rep.Feature(integration.FeatureBilling).OK, rep.Feature(integration.FeatureServiceDesk).OK))

	features := store.Features{
		Billing: rep.Feature(integration.FeatureBilling).OK, ServiceDesk: rep.Feature(integration.FeatureServiceDesk).OK,
	}
	r.boardID = rep.DefaultBoard.ID
	return r.store.SetFeatures(ctx, r.partner.ID, features)
}

func okText(ok bool) string {
	if ok {
		return "ok"
	}
	return "MISSING RIGHTS"
}

func (r *run) audit(ctx context.Context, action, detail string) {
	err := r.store.Audit(ctx, store.AuditEntry{PartnerID: r.partner.ID, Actor: "demo", Action: action, Detail: detail})
	if err != nil {
		fmt.Fprintf(r.cfg.Stderr, "warning: writing the audit log: %v\n", err)
	}
}
