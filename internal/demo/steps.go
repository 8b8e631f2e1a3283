package demo

import (
	"context"
	"errors"
	"fmt"

	"github.com/psabridge/psabridge/internal/cwm"
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
	r.policy = &policy
	return nil
}

func (r *run) startSandbox() error {
	deny := fmt.Sprintf("%s/%s/%s", demoDenied.Module, demoDenied.Function, demoDenied.Level)
	srv, err := cwsandbox.Start("127.0.0.1:0", cwsandbox.Config{Seed: "demo", Deny: []string{deny}})
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

// demoDenied is the right the embedded sandbox's role starts without, so
// the demo shows a missing right, its remediation, and the fix.
var demoDenied = cwsandbox.RightChange{Module: "Finance", Function: "Agreements", Level: "edit", Value: "All"}

func (r *run) connect(ctx context.Context) error {
	in := *r.cfg.ConnectWise
	r.svc = &integration.Service{Store: r.store, Policy: r.policy, Actor: "demo", Limits: r.cfg.Limits}
	if r.sandbox != nil {
		// The embedded sandbox is in this process and has no limit to keep
		// to; pacing it like ConnectWise would only make the demo wait.
		r.svc.Limits = cwm.LimiterConfig{RequestsPerSecond: 10000, Burst: 1000, MaxInFlight: 8}
	}
	rep, err := r.svc.Connect(ctx, r.partner.ID, in)
	if err != nil {
		return fmt.Errorf("connecting to ConnectWise: %w", err)
	}
	conn, err := r.store.Connection(ctx, r.partner.ID)
	if err != nil {
		return fmt.Errorf("reading the connection: %w", err)
	}
	if r.client, err = r.svc.Client(ctx, r.partner.ID); err != nil {
		return err
	}
	fmt.Fprintf(r.out, "connected: company %s at %s (API %s)\n", in.CompanyID, conn.LoginURL, conn.APIBaseURL)
	r.printPermissions(rep)
	if r.sandbox != nil && !rep.Feature(integration.FeatureBilling).OK {
		if rep, err = r.grantInSandbox(ctx); err != nil {
			return err
		}
	}
	return r.switchOn(ctx, rep)
}

// grantInSandbox does what the partner's ConnectWise administrator does
// after reading the remediation: grant the right, then re-check.
func (r *run) grantInSandbox(ctx context.Context) (integration.PermissionReport, error) {
	fmt.Fprintf(r.out, "granting %s › %s › Edit → All in the sandbox, as the administrator would in ConnectWise; re-checking\n",
		demoDenied.Module, demoDenied.Function)
	ctl := cwsandbox.Control{URL: r.sandbox.URL, Token: r.sandbox.ControlToken}
	if err := ctl.SetRight(ctx, demoDenied); err != nil {
		return integration.PermissionReport{}, err
	}
	rep, err := r.svc.Check(ctx, r.partner.ID)
	if err != nil {
		return rep, fmt.Errorf("re-checking permissions: %w", err)
	}
	r.printPermissions(rep)
	return rep, nil
}

// switchOn switches on each feature whose rights are in place; the others
// stay off, so nothing is pushed or ticketed for them.
func (r *run) switchOn(ctx context.Context, rep integration.PermissionReport) error {
	for _, feature := range []string{integration.FeatureBilling, integration.FeatureServiceDesk} {
		if !rep.Feature(feature).OK {
			fmt.Fprintf(r.out, "%s stays off until its rights are granted\n", feature)
			continue
		}
		if err := r.svc.SetFeature(ctx, r.partner.ID, feature, true); err != nil {
			return fmt.Errorf("switching %s on: %w", feature, err)
		}
	}
	r.boardID = rep.DefaultBoard.ID
	return nil
}

func (r *run) printPermissions(rep integration.PermissionReport) {
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
