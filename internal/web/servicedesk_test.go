package web

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/store"
)

// In the demo seed the API member's default board is 1; board 2 is
// "Security Incidents", whose types are 4 to 6; priority 2 and source 4
// exist.
const (
	deskSecurityBoard = 2
	deskMalwareType   = 5
)

// deskEnv is a partner connected to the sandbox, with its administrator
// signed in.
func deskEnv(t *testing.T) (*env, store.Partner, string, *browser) {
	t.Helper()
	e := newEnv(t, cwsandbox.Config{Seed: "demo"})
	p, token := e.partner(t, "a")
	conn, _ := json.Marshal(connectJSON{CompanyID: e.connect.CompanyID, URL: e.connect.URL,
		PublicKey: e.connect.PublicKey, PrivateKey: e.connect.PrivateKey})
	if res, body := apiCall(t, e.srv.URL, token, "PUT", "/api/v1/connection", "application/json", conn); res.StatusCode != http.StatusOK {
		t.Fatalf("connecting: %d %s", res.StatusCode, body)
	}
	return e, p, token, e.signIn(t, "a-admin@example.com")
}

var optionRE = regexp.MustCompile(`<option value="(\d+)"[^>]*>([^<]*)</option>`)

// selectOptions returns the id → text of the options of the select named
// name, without its "not chosen" option.
func selectOptions(t *testing.T, page, name string) map[string]string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `<select id="f-`+name+`"`)
	if !ok {
		t.Fatalf("no select %s in the page", name)
	}
	rest, _, _ = strings.Cut(rest, "</select>")
	out := map[string]string{}
	for _, m := range optionRE.FindAllStringSubmatch(rest, -1) {
		if m[1] != "0" {
			out[m[1]] = html.UnescapeString(m[2])
		}
	}
	return out
}

func choiceMap(cs []choiceJSON) map[string]string {
	out := map[string]string{}
	for _, c := range cs {
		name := c.Name
		if c.Inactive {
			name += " (inactive)"
		}
		out[itoa(c.ID)] = name
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestServiceDeskPageListsConnectWiseChoices(t *testing.T) {
	t.Parallel()
	e, _, token, admin := deskEnv(t)
	payload := `<script>alert("board")</script> & <b>Co</b>`
	e.sandbox.Sandbox.Insert("service/boards", map[string]any{"name": payload, "inactiveFlag": false})

	for _, board := range []string{"", "2"} {
		path, apiPath := "/servicedesk", "/api/v1/servicedesk/options"
		if board != "" {
			path, apiPath = path+"?board="+board, apiPath+"?board="+board
		}
		res, page := admin.do(t, "GET", path, nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s = %d\n%s", path, res.StatusCode, page)
		}
		res, raw := apiCall(t, e.srv.URL, token, "GET", apiPath, "", nil)
		var want serviceDeskOptionsJSON
		if res.StatusCode != http.StatusOK || json.Unmarshal(raw, &want) != nil {
			t.Fatalf("GET %s = %d %s", apiPath, res.StatusCode, raw)
		}
		if len(want.Boards) < 2 || len(want.Types) == 0 || len(want.Priorities) == 0 || len(want.Sources) == 0 {
			t.Fatalf("the sandbox offers too little to test with: %+v", want)
		}
		for name, list := range map[string][]choiceJSON{"board_id": want.Boards, "type_id": want.Types,
			"subtype_id": want.SubTypes, "item_id": want.Items, "priority_id": want.Priorities, "source_id": want.Sources} {
			if diff := cmp.Diff(choiceMap(list), selectOptions(t, page, name)); diff != "" {
				t.Errorf("GET %s: the %s choices differ from ConnectWise's (-want +got):\n%s", path, name, diff)
			}
		}
		if strings.Contains(page, payload) || !strings.Contains(page, "&lt;script&gt;alert(") {
			t.Errorf("GET %s: the board name is not escaped", path)
		}
	}
	_, page := admin.do(t, "GET", "/servicedesk?board=2", nil)
	if types := selectOptions(t, page, "type_id"); types[itoa(deskMalwareType)] == "" {
		t.Errorf("board 2's types %v lack type %d", types, deskMalwareType)
	}
}

func TestServiceDeskPageSaveAndRefusal(t *testing.T) {
	t.Parallel()
	e, p, _, admin := deskEnv(t)
	stored := func() store.ServiceDeskSettings {
		t.Helper()
		d, err := e.st.ServiceDeskSettings(t.Context(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	defaults := store.DefaultServiceDeskSettings(p.ID)

	// Type 5 belongs to board 2, not to the default board 1.
	res, page := admin.do(t, "POST", "/servicedesk", url.Values{"action": {"save"}, "board_id": {"0"},
		"type_id": {itoa(deskMalwareType)}, "simulation_handling": {"ticket"}, "simulation_header": {"X-Sim"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("POST = %d", res.StatusCode)
	}
	beside := regexp.MustCompile(`id="e-type_id">([^<]*)<`).FindStringSubmatch(page)
	if beside == nil || !strings.Contains(beside[1], "type 5 is not a type of service board 1") {
		t.Errorf("the refusal is not beside the type field: %v\n%s", beside, page)
	}
	if !strings.Contains(page, `role="alert" id="error">Not saved`) {
		t.Error("the page does not say at the top that nothing was saved")
	}
	if diff := cmp.Diff(defaults, stored()); diff != "" {
		t.Errorf("a refused save stored settings (-want +got):\n%s", diff)
	}

	res, page = admin.do(t, "POST", "/servicedesk", url.Values{"action": {"save"}, "board_id": {"2"},
		"type_id": {"5"}, "simulation_handling": {"ticket"}, "simulation_header": {"bad header:"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(page, `id="e-simulation_header"`) {
		t.Errorf("a header with a colon: %d, no error beside the header", res.StatusCode)
	}
	if diff := cmp.Diff(defaults, stored()); diff != "" {
		t.Errorf("a refused header was stored (-want +got):\n%s", diff)
	}

	forged := *admin
	forged.csrf = "forged"
	if res, _ := forged.do(t, "POST", "/servicedesk", url.Values{"action": {"save"}, "board_id": {"2"},
		"simulation_handling": {"record_only"}, "simulation_header": {"X-Sim"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a POST without the session's CSRF token = %d, want 403", res.StatusCode)
	}
	if diff := cmp.Diff(defaults, stored()); diff != "" {
		t.Errorf("a forged POST stored settings (-want +got):\n%s", diff)
	}

	// Changing the board lists its types and stores nothing.
	_, page = admin.do(t, "POST", "/servicedesk", url.Values{"action": {"reload"}, "board_id": {"2"},
		"simulation_handling": {"ticket"}, "simulation_header": {"X-Sim"}})
	if types := selectOptions(t, page, "type_id"); types["5"] == "" {
		t.Errorf("after choosing board 2 the types are %v, want board 2's", types)
	}
	if diff := cmp.Diff(defaults, stored()); diff != "" {
		t.Errorf("listing a board's types stored settings (-want +got):\n%s", diff)
	}

	res, page = admin.do(t, "POST", "/servicedesk", url.Values{"action": {"save"}, "board_id": {"2"},
		"type_id": {"5"}, "priority_id": {"2"}, "source_id": {"4"},
		"simulation_handling": {"record_only"}, "simulation_header": {"X-Acme-Sim"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(page, "Service-desk settings saved.") {
		t.Fatalf("a valid save: %d\n%s", res.StatusCode, page)
	}
	want := store.ServiceDeskSettings{PartnerID: p.ID, BoardID: 2, TypeID: 5, PriorityID: 2, SourceID: 4,
		SimulationHandling: store.SimulationRecordOnly, SimulationHeader: "X-Acme-Sim"}
	if diff := cmp.Diff(want, stored()); diff != "" {
		t.Errorf("saved settings (-want +got):\n%s", diff)
	}
	if !regexp.MustCompile(`<option value="5" selected>`).MatchString(page) {
		t.Error("the saved type is not selected on the page")
	}
}

func TestServiceDeskPageViewerReadsOnly(t *testing.T) {
	t.Parallel()
	e, p, _, _ := deskEnv(t)
	hash, err := HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.CreateWebUser(t.Context(), store.WebUser{PartnerID: p.ID, Email: "viewer@example.com",
		PasswordHash: hash, Role: store.RoleViewer}); err != nil {
		t.Fatal(err)
	}
	viewer := e.signIn(t, "viewer@example.com")
	res, page := viewer.do(t, "GET", "/servicedesk", nil)
	if res.StatusCode != http.StatusOK || strings.Contains(page, `id="save"`) || !strings.Contains(page, `name="type_id" disabled`) {
		t.Errorf("a viewer's page: %d, want read-only selects and no save button", res.StatusCode)
	}
	res, _ = viewer.do(t, "POST", "/servicedesk", url.Values{"action": {"save"}, "board_id": {"2"},
		"simulation_handling": {"record_only"}, "simulation_header": {"X-Sim"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer's POST = %d, want 403", res.StatusCode)
	}
	got, err := e.st.ServiceDeskSettings(t.Context(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(store.DefaultServiceDeskSettings(p.ID), got); diff != "" {
		t.Errorf("a viewer's POST changed the settings (-want +got):\n%s", diff)
	}
}

func TestServiceDeskAPIRefusesWithTheField(t *testing.T) {
	t.Parallel()
	e, p, token, _ := deskEnv(t)
	res, raw := apiCall(t, e.srv.URL, token, "PUT", "/api/v1/servicedesk/settings", "application/json",
		[]byte(`{"board_id":0,"type_id":5,"simulation_handling":"ticket","simulation_header":"X-Sim"}`))
	var body errorBody
	if res.StatusCode != http.StatusUnprocessableEntity || json.Unmarshal(raw, &body) != nil {
		t.Fatalf("PUT a type of another board = %d %s, want 422", res.StatusCode, raw)
	}
	if body.Error.Code != "invalid_field" || body.Error.Field != "type_id" {
		t.Errorf("refusal = %+v, want invalid_field on type_id", body.Error)
	}
	got, _ := e.st.ServiceDeskSettings(t.Context(), p.ID)
	if diff := cmp.Diff(store.DefaultServiceDeskSettings(p.ID), got); diff != "" {
		t.Errorf("a refused PUT stored settings (-want +got):\n%s", diff)
	}
}
