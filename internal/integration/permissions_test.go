package integration_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
)

func TestEachMissingRightIsNamedWithItsRemediation(t *testing.T) {
	t.Parallel()
	var all []integration.Right
	seen := map[integration.Right]bool{}
	for _, feature := range []string{integration.FeatureBilling, integration.FeatureServiceDesk} {
		for _, r := range integration.RequiredRights[feature] {
			if !seen[r] {
				seen[r] = true
				all = append(all, r)
			}
		}
	}
	for _, right := range all {
		for _, level := range []string{"None", "My"} {
			t.Run(fmt.Sprintf("%s=%s", right, level), func(t *testing.T) {
				t.Parallel()
				f := newFixture(t, cwsandbox.Config{})
				f.sandbox.Sandbox.SetRight(right.Module, right.Function, right.Level, level)
				rep := f.connect(t)

				wantText := fmt.Sprintf("System › Security Roles › psabridge Integration › %s › %s › %s level → All",
					right.Module, right.Function, strings.ToUpper(right.Level[:1])+right.Level[1:])
				for _, feature := range []string{integration.FeatureBilling, integration.FeatureServiceDesk} {
					fc := rep.Feature(feature)
					needed := contains(integration.RequiredRights[feature], right)
					missing := findMissing(fc, right)
					switch {
					case needed && (fc.OK || missing == nil):
						t.Errorf("%s: ok=%v, missing %v; want %s reported missing", feature, fc.OK, fc.Missing, right)
					case needed && !strings.Contains(missing.Remediation, wantText):
						t.Errorf("%s remediation = %q; want it to contain %q", feature, missing.Remediation, wantText)
					case !needed && !fc.OK:
						t.Errorf("%s is not ok though it does not need %s: %+v", feature, right, fc.Missing)
					}
				}
			})
		}
	}
}

func TestAdminRolePasses(t *testing.T) {
	t.Parallel()
	f := newFixture(t, cwsandbox.Config{Deny: []string{"Finance/Agreements/edit", "Service Desk/Service Tickets/add"}})
	if err := f.sandbox.Sandbox.SetRole(cwsandbox.AdminRoleID); err != nil {
		t.Fatal(err)
	}
	rep := f.connect(t)
	for _, fc := range rep.Features {
		if !fc.OK {
			t.Errorf("%s not ok under the Admin role: %+v", fc.Feature, fc.Missing)
		}
	}
	if rep.Role != "Admin" {
		t.Errorf("role = %q", rep.Role)
	}
}

func TestDefaultBoardCases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(t *testing.T, sb *cwsandbox.Sandbox)
		says  []string
	}{
		{"none", func(t *testing.T, sb *cwsandbox.Sandbox) { must(t, sb.SetDefaultBoard(0)) },
			[]string{"has no default service board", "Service Default Board", "create one"}},
		{"inactive", func(t *testing.T, sb *cwsandbox.Sandbox) { must(t, sb.SetBoardInactive(1, true)) },
			[]string{`"Service Desk" is inactive`, "Service Default Board"}},
		{"excluded", func(t *testing.T, sb *cwsandbox.Sandbox) { sb.SetExcludedBoards(1) },
			[]string{`"Service Desk" is excluded`, "excluded boards"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, cwsandbox.Config{})
			tt.setup(t, f.sandbox.Sandbox)
			rep := f.connect(t)
			if rep.DefaultBoard.OK || rep.Feature(integration.FeatureServiceDesk).OK {
				t.Fatalf("board %+v and service desk ok=%v; want both failing", rep.DefaultBoard, rep.Feature(integration.FeatureServiceDesk).OK)
			}
			for _, s := range tt.says {
				if !strings.Contains(rep.DefaultBoard.Remediation, s) {
					t.Errorf("remediation %q lacks %q", rep.DefaultBoard.Remediation, s)
				}
			}
			if !rep.Feature(integration.FeatureBilling).OK {
				t.Error("billing should not depend on the board")
			}
		})
	}
}

func TestMissingRightRefusesFeatureUntilGrantedThenReplaysParkedWork(t *testing.T) {
	t.Parallel()
	f := newFixture(t, cwsandbox.Config{})
	ctx := t.Context()
	f.connect(t)
	must(t, f.svc.SetFeature(ctx, f.partner.ID, integration.FeatureServiceDesk, true))
	reporter := seedReporter(t, f)

	// The role loses Manage Attachments › Add while a report is on its way:
	// the ticket is created, the upload answers 403, the report is parked.
	must(t, f.control().SetRight(ctx, cwsandbox.RightChange{Module: "Companies", Function: "Manage Attachments", Level: "add", Value: "None"}))
	c, err := f.svc.Client(ctx, f.partner.ID)
	must(t, err)
	reports, err := f.svc.Reports(t.Context(), f.partner.ID, c, 1)
	if err != nil {
		t.Fatal(err)
	}
	rep, _, err := reports.Receive(ctx, "lure.eml", []byte(lure), reporter)
	must(t, err)
	if _, err := reports.Process(ctx, rep); err == nil {
		t.Fatal("processing succeeded without the attachment right")
	}
	parked, err := f.store.Report(ctx, rep.ID)
	must(t, err)
	if parked.Status != integration.StatusParked || !strings.HasPrefix(parked.Reason, integration.ParkedReason) {
		t.Fatalf("report status %q reason %q; want parked for a missing permission", parked.Status, parked.Reason)
	}

	// Switching the feature on again is refused with the missing right.
	must(t, f.svc.SetFeature(ctx, f.partner.ID, integration.FeatureServiceDesk, false))
	err = f.svc.SetFeature(ctx, f.partner.ID, integration.FeatureServiceDesk, true)
	var mre *integration.MissingRightsError
	if !errors.As(err, &mre) || !strings.Contains(err.Error(), "Companies › Manage Attachments › Add (All)") {
		t.Fatalf("enable error = %v; want the missing Manage Attachments › Add right", err)
	}

	// The administrator grants it in ConnectWise; a re-check passes, the
	// feature switches on and the parked report is ticketed, once.
	must(t, f.control().SetRight(ctx, cwsandbox.RightChange{Module: "Companies", Function: "Manage Attachments", Level: "add", Value: "All"}))
	must(t, f.svc.SetFeature(ctx, f.partner.ID, integration.FeatureServiceDesk, true))
	done, err := f.store.Report(ctx, rep.ID)
	must(t, err)
	if done.Status != integration.StatusTicketed {
		t.Fatalf("status %q (%s) after switching on; want the parked report ticketed", done.Status, done.Reason)
	}
	if check, err := f.svc.Check(ctx, f.partner.ID); err != nil || check.Replayed != 0 {
		t.Fatalf("a later check replayed %d (%v); want nothing left to replay", check.Replayed, err)
	}
	if n := len(f.sandbox.Sandbox.Records("service/tickets")); n != 1 {
		t.Errorf("%d tickets; want exactly 1 after the replay", n)
	}
	if docs := f.sandbox.Sandbox.Documents("Ticket", done.CWTicketID); len(docs) < 2 {
		t.Errorf("ticket has %d documents; want the message and the analysis", len(docs))
	}
	assertAudited(t, f, "feature.enable.refused", "reports.replay", "permissions.check")
}

func TestDisconnectKeepsTheMappingAndReconnectFindsIt(t *testing.T) {
	t.Parallel()
	f := newFixture(t, cwsandbox.Config{})
	ctx := t.Context()
	f.connect(t)
	company, err := f.store.UpsertPlatformCompany(ctx, storeCompany(f.partner.ID))
	must(t, err)
	must(t, f.store.SaveMapping(ctx, storeMapping(f.partner.ID, company.ID)))

	must(t, f.svc.Disconnect(ctx, f.partner.ID))
	if _, err := f.svc.Client(ctx, f.partner.ID); !errors.Is(err, integration.ErrNotConnected) {
		t.Fatalf("client after disconnect: %v; want ErrNotConnected", err)
	}
	if _, err := f.svc.Check(ctx, f.partner.ID); !errors.Is(err, integration.ErrNotConnected) {
		t.Errorf("check after disconnect: %v; want ErrNotConnected", err)
	}
	f.connect(t)
	ms, err := f.store.Mappings(ctx, f.partner.ID)
	must(t, err)
	if len(ms) != 1 || ms[0].CWCompanyID != 2 {
		t.Errorf("mappings after reconnect = %+v; want the one kept", ms)
	}
	assertAudited(t, f, "connect", "disconnect")
}

func TestProbesStandInWhenMySecurityIsForbidden(t *testing.T) {
	t.Parallel()
	f := newFixture(t, cwsandbox.Config{Deny: []string{"Finance/Agreements/inquire"}})
	f.sandbox.Sandbox.InjectFault(cwsandbox.Fault{Method: "GET", Path: "/system/mySecurity", Status: 403})
	rep := f.connect(t)
	if rep.Method != "probes" {
		t.Fatalf("method = %q; want probes", rep.Method)
	}
	billing := rep.Feature(integration.FeatureBilling)
	inquire := findMissing(billing, integration.Right{Module: "Finance", Function: "Agreements", Level: "inquire"})
	edit := findMissing(billing, integration.Right{Module: "Finance", Function: "Agreements", Level: "edit"})
	if inquire == nil || strings.Contains(inquire.Remediation, "Not verifiable") {
		t.Errorf("Finance › Agreements › Inquire should be proven missing by its probe: %+v", billing.Missing)
	}
	if edit == nil || !strings.Contains(edit.Remediation, "Not verifiable") {
		t.Errorf("Finance › Agreements › Edit cannot be probed and must say so: %+v", billing.Missing)
	}
	if findMissing(billing, integration.Right{Module: "Companies", Function: "Company Maintenance", Level: "inquire"}) != nil {
		t.Errorf("Company Maintenance › Inquire answered its probe and must not be missing: %+v", billing.Missing)
	}
}

func TestReportsStoredWhileTheServiceDeskIsOffAreTicketedWhenItComesOn(t *testing.T) {
	t.Parallel()
	f := newFixture(t, cwsandbox.Config{})
	ctx := t.Context()
	f.connect(t)
	reporter := seedReporter(t, f)
	off := &integration.Reports{Store: f.store, PartnerID: f.partner.ID} // no Ticketer: the service desk is off
	rep, _, err := off.Receive(ctx, "lure.eml", []byte(lure), reporter)
	must(t, err)
	if _, err := off.Process(ctx, rep); err != nil {
		t.Fatalf("storing while off is not a failure: %v", err)
	}
	held, err := f.store.Report(ctx, rep.ID)
	must(t, err)
	if held.Status != integration.StatusReceived || held.Reason != integration.ServiceDeskOffReason {
		t.Fatalf("while off: status %q reason %q", held.Status, held.Reason)
	}

	must(t, f.svc.SetFeature(ctx, f.partner.ID, integration.FeatureServiceDesk, true))
	done, err := f.store.Report(ctx, rep.ID)
	must(t, err)
	if done.Status != integration.StatusTicketed || len(f.sandbox.Sandbox.Records("service/tickets")) != 1 {
		t.Errorf("after switching on: status %q (%s), %d tickets; want it ticketed once",
			done.Status, done.Reason, len(f.sandbox.Sandbox.Records("service/tickets")))
	}
}
