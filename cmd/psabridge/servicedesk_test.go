package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/psabridge/psabridge/internal/integration"
)

// TestServiceDeskSettingsAndOptions lists ConnectWise's choices, saves a
// valid set, and is refused a type of another board.
func TestServiceDeskSettingsAndOptions(t *testing.T) {
	t.Parallel()
	common := connectForTest(t)

	out := mustRun(t, append([]string{"servicedesk", "options", "--board", "2", "--json"}, common...)...)
	var opts struct {
		Boards  []struct{ ID int } `json:"boards"`
		BoardID int                `json:"board_id"`
		Types   []struct {
			ID   int    `json:"id"`
			Name string `json:"name"`
		} `json:"types"`
		Priorities []struct{ ID int } `json:"priorities"`
		Sources    []struct{ ID int } `json:"sources"`
	}
	if err := json.Unmarshal([]byte(lastLine(out)), &opts); err != nil {
		t.Fatalf("options --json = %q: %v", out, err)
	}
	if opts.BoardID != 2 || len(opts.Boards) != 3 || len(opts.Types) != 3 || opts.Types[1].Name != "Malware" ||
		len(opts.Priorities) != 4 || len(opts.Sources) != 4 {
		t.Errorf("options = %+v; want board 2's three types, 3 boards, 4 priorities and 4 sources", opts)
	}

	out = mustRun(t, append([]string{"servicedesk", "settings", "--board", "2", "--type", "5",
		"--priority", "2", "--source", "4", "--simulation", "ticket_closed", "--simulation-header", "X-Sim", "--json"},
		common...)...)
	var got map[string]any
	if err := json.Unmarshal([]byte(lastLine(out)), &got); err != nil {
		t.Fatalf("settings --json = %q: %v", out, err)
	}
	want := map[string]any{"board_id": 2.0, "type_id": 5.0, "subtype_id": 0.0, "item_id": 0.0,
		"priority_id": 2.0, "source_id": 4.0, "simulation_handling": "ticket_closed", "simulation_header": "X-Sim"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("settings (-want +got):\n%s", diff)
	}

	code, _, errOut := cli(t, append([]string{"servicedesk", "settings", "--board", "1"}, common...)...)
	if code != 1 || !strings.Contains(errOut, "type 5 is not a type of service board 1") {
		t.Errorf("moving to board 1 keeping type 5 = %d %q; want refused naming the type", code, errOut)
	}
	code, _, errOut = cli(t, append([]string{"servicedesk", "settings", "--simulation", "drop"}, common...)...)
	if code != 2 || !strings.Contains(errOut, "ticket, ticket_closed or record_only") {
		t.Errorf("--simulation drop = %d %q; want a usage error", code, errOut)
	}
	out = mustRun(t, append([]string{"servicedesk", "settings"}, common...)...)
	if !strings.Contains(out, "board 2; type 5;") || !strings.Contains(out, "(X-Sim) ticket_closed") {
		t.Errorf("settings after refusals = %q; want the saved ones unchanged", out)
	}
}

// TestOptionsJSONListsEmptyNotNull keeps a board without subtypes or
// items, or a ConnectWise without boards, from printing null to scripts.
func TestOptionsJSONListsEmptyNotNull(t *testing.T) {
	t.Parallel()
	raw, err := json.Marshal(emptyNotNull(integration.ServiceDeskOptions{BoardID: 3}))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"boards":[],"board_id":3,"types":[],"subtypes":[],"items":[],"priorities":[],"sources":[]}`
	if diff := cmp.Diff(want, string(raw)); diff != "" {
		t.Errorf("options --json (-want +got):\n%s", diff)
	}
}
