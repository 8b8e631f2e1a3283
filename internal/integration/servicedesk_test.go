package integration_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/integration"
	"github.com/psabridge/psabridge/internal/store"
)

// In the demo seed, board 2 is "Security Incidents"; its types are 4 to 6
// and its statuses 5 to 8, 8 being ">Closed". Priority 2 is "Priority 2 -
// Quick Response", source 4 "Phishing button".
const (
	securityBoard   = 2
	securityMalware = 5
	closedOnBoard2  = 8
)

func TestServiceDeskSettingsRoundTripAndTicketOnTheChosenBoard(t *testing.T) {
	t.Parallel()
	f := newFixture(t, cwsandbox.Config{})
	ctx := t.Context()
	f.connect(t)
	must(t, f.svc.SetFeature(ctx, f.partner.ID, integration.FeatureServiceDesk, true))
	reporter := seedReporter(t, f)

	want := store.ServiceDeskSettings{PartnerID: f.partner.ID, BoardID: securityBoard, TypeID: securityMalware,
		PriorityID: 2, SourceID: 4, SimulationHandling: store.SimulationTicket, SimulationHeader: "X-Acme-Sim"}
	must(t, f.svc.SaveServiceDeskSettings(ctx, want))
	got, err := f.store.ServiceDeskSettings(ctx, f.partner.ID)
	must(t, err)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stored settings (-want +got):\n%s", diff)
	}

	ticket := processOne(t, f, reporter, lure, integration.StatusTicketed)
	for field, id := range map[string]int{"board": securityBoard, "type": securityMalware, "priority": 2, "source": 4} {
		if got := refID(ticket[field]); got != id {
			t.Errorf("ticket %s = %d, want %d", field, got, id)
		}
	}
	assertAudited(t, f, "servicedesk.settings")
}

func TestServiceDeskSettingsRefusedAtSaveTime(t *testing.T) {
	t.Parallel()
	f := newFixture(t, cwsandbox.Config{})
	f.connect(t)
	base := store.DefaultServiceDeskSettings(f.partner.ID)
	cases := map[string]struct {
		change func(*store.ServiceDeskSettings)
		says   string
	}{
		"type of another board": {func(d *store.ServiceDeskSettings) { d.BoardID, d.TypeID = 1, securityMalware },
			"type 5 is not a type of service board 1"},
		"type of another board than the default": {func(d *store.ServiceDeskSettings) { d.TypeID = securityMalware },
			"type 5 is not a type of service board 1"},
		"unknown board":    {func(d *store.ServiceDeskSettings) { d.BoardID = 99 }, "ConnectWise has no service board 99"},
		"unknown priority": {func(d *store.ServiceDeskSettings) { d.PriorityID = 99 }, "ConnectWise has no priority 99"},
		"unknown source":   {func(d *store.ServiceDeskSettings) { d.SourceID = 99 }, "ConnectWise has no source 99"},
		"unknown handling": {func(d *store.ServiceDeskSettings) { d.SimulationHandling = "drop" }, "simulation handling"},
	}
	for name, tc := range cases {
		d := base
		tc.change(&d)
		err := f.svc.SaveServiceDeskSettings(t.Context(), d)
		if !errors.Is(err, integration.ErrSettingsRefused) || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: error %v; want it refused saying %q", name, err, tc.says)
		}
	}
	got, err := f.store.ServiceDeskSettings(t.Context(), f.partner.ID)
	must(t, err)
	if diff := cmp.Diff(base, got); diff != "" {
		t.Errorf("refused settings were stored (-want +got):\n%s", diff)
	}
}

func TestSimulationHandling(t *testing.T) {
	t.Parallel()
	simulation := "X-Acme-Sim: campaign-7\r\n" + lure
	t.Run("record_only stores without a ticket", func(t *testing.T) {
		t.Parallel()
		f := simulationFixture(t, store.SimulationRecordOnly)
		rep := processSimulation(t, f, simulation, integration.StatusReceived)
		if rep.Reason != integration.SimulationRecordedReason || rep.CWTicketID != 0 {
			t.Errorf("reason %q ticket %d; want the record-only reason and no ticket", rep.Reason, rep.CWTicketID)
		}
		if n := len(f.sandbox.Sandbox.Records("service/tickets")); n != 0 {
			t.Errorf("%d tickets; want none", n)
		}
		if !strings.Contains(string(rep.AnalysisJSON), `"verdict":"simulation"`) {
			t.Errorf("analysis %s; want the simulation verdict stored", rep.AnalysisJSON)
		}
	})
	t.Run("ticket_closed closes the ticket", func(t *testing.T) {
		t.Parallel()
		f := simulationFixture(t, store.SimulationTicketClosed)
		// Closing is an edit, a right the demo's API role lacks.
		must(t, f.control().SetRight(t.Context(), cwsandbox.RightChange{Module: "Service Desk",
			Function: "Service Tickets", Level: "edit", Value: "All"}))
		rep := processSimulation(t, f, simulation, integration.StatusTicketed)
		tk := sandboxTicket(t, f, rep.CWTicketID)
		if got := refID(tk["status"]); got != closedOnBoard2 {
			t.Errorf("ticket status %v; want the board's closed status %d", tk["status"], closedOnBoard2)
		}
	})
	t.Run("ticket_closed without the edit right parks the report", func(t *testing.T) {
		t.Parallel()
		f := simulationFixture(t, store.SimulationTicketClosed)
		// TODO: the permission check does not ask for Service Tickets › Edit
		// when simulations are closed; the report parks until it is granted.
		reporter := seedReporter(t, f)
		c, err := f.svc.Client(t.Context(), f.partner.ID)
		must(t, err)
		reports, err := f.svc.Reports(t.Context(), f.partner.ID, c, 1)
		must(t, err)
		rep, _, err := reports.Receive(t.Context(), "report.eml", []byte(simulation), reporter)
		must(t, err)
		if _, err := reports.Process(t.Context(), rep); err == nil {
			t.Fatal("closing without the edit right succeeded")
		}
		got, err := f.store.Report(t.Context(), rep.ID)
		must(t, err)
		if got.Status != integration.StatusParked {
			t.Errorf("status %q (%s); want parked for the missing right", got.Status, got.Reason)
		}
	})
	t.Run("ticket leaves it open", func(t *testing.T) {
		t.Parallel()
		f := simulationFixture(t, store.SimulationTicket)
		rep := processSimulation(t, f, simulation, integration.StatusTicketed)
		if got := refID(sandboxTicket(t, f, rep.CWTicketID)["status"]); got == closedOnBoard2 {
			t.Error("a simulation handled as ticket was closed")
		}
	})
	t.Run("a report without the header is ticketed open", func(t *testing.T) {
		t.Parallel()
		f := simulationFixture(t, store.SimulationRecordOnly)
		rep := processSimulation(t, f, lure, integration.StatusTicketed)
		if got := refID(sandboxTicket(t, f, rep.CWTicketID)["status"]); got == closedOnBoard2 {
			t.Error("an ordinary report was closed")
		}
	})
}

// simulationFixture is a connected partner with the service desk on,
// ticketing on board 2 and handling simulations marked X-Acme-Sim as told.
func simulationFixture(t *testing.T, handling string) *fixture {
	t.Helper()
	f := newFixture(t, cwsandbox.Config{})
	f.connect(t)
	must(t, f.svc.SetFeature(t.Context(), f.partner.ID, integration.FeatureServiceDesk, true))
	must(t, f.svc.SaveServiceDeskSettings(t.Context(), store.ServiceDeskSettings{PartnerID: f.partner.ID,
		BoardID: securityBoard, SimulationHandling: handling, SimulationHeader: "X-Acme-Sim"}))
	return f
}

func processSimulation(t *testing.T, f *fixture, raw, status string) store.Report {
	t.Helper()
	reporter := seedReporter(t, f)
	c, err := f.svc.Client(t.Context(), f.partner.ID)
	must(t, err)
	reports, err := f.svc.Reports(t.Context(), f.partner.ID, c, 1)
	must(t, err)
	rep, _, err := reports.Receive(t.Context(), "report.eml", []byte(raw), reporter)
	must(t, err)
	if _, err := reports.Process(t.Context(), rep); err != nil {
		t.Fatalf("processing: %v", err)
	}
	got, err := f.store.Report(t.Context(), rep.ID)
	must(t, err)
	if got.Status != status {
		t.Fatalf("status %q (%s); want %q", got.Status, got.Reason, status)
	}
	return got
}

// processOne processes a report through the report jobs' path and returns
// its ticket as the sandbox holds it.
func processOne(t *testing.T, f *fixture, reporter, raw, status string) map[string]any {
	t.Helper()
	rep, _, err := (&integration.Reports{Store: f.store, PartnerID: f.partner.ID}).Receive(t.Context(),
		"report.eml", []byte(raw), reporter)
	must(t, err)
	jobs := &integration.ReportJobs{Service: f.svc}
	must(t, jobs.Work(t.Context(), f.partner.ID, rep.ID, true))
	got, err := f.store.Report(t.Context(), rep.ID)
	must(t, err)
	if got.Status != status {
		t.Fatalf("status %q (%s); want %q", got.Status, got.Reason, status)
	}
	return sandboxTicket(t, f, got.CWTicketID)
}

func sandboxTicket(t *testing.T, f *fixture, id int) map[string]any {
	t.Helper()
	for _, tk := range f.sandbox.Sandbox.Records("service/tickets") {
		if refID(tk) == id {
			return tk
		}
	}
	t.Fatalf("the sandbox has no ticket %d", id)
	return nil
}

// refID is the id of a record or reference the sandbox holds.
func refID(v any) int {
	m, _ := v.(map[string]any)
	switch id := m["id"].(type) {
	case int:
		return id
	case float64:
		return int(id)
	case int64:
		return int(id)
	}
	return 0
}
