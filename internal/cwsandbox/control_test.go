package cwsandbox

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestControlAPI(t *testing.T) {
	t.Parallel()
	srv, err := Start("127.0.0.1:0", Config{Seed: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ctx := t.Context()

	wrong := Control{URL: srv.URL, Token: "not-the-token"}
	if err := wrong.SetDefaultBoard(ctx, 0); err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("SetDefaultBoard with a wrong token = %v; want 401", err)
	}

	ctl := Control{URL: srv.URL, Token: srv.ControlToken}
	if err := ctl.SetRight(ctx, RightChange{"Finance", "Agreements", "edit", "None"}); err != nil {
		t.Fatal(err)
	}
	if got := level(t, srv, "Finance", "Agreements", "editLevel"); got != "None" {
		t.Errorf("mySecurity Finance/Agreements editLevel = %q after the change, want None", got)
	}
	if err := ctl.SetRight(ctx, RightChange{"Finance", "Nope", "edit", "All"}); err == nil {
		t.Error("SetRight on an unknown function succeeded")
	}
	if err := ctl.SetRight(ctx, RightChange{"Finance", "Agreements", "edit", "Bogus"}); err == nil {
		t.Error("SetRight with an unknown value succeeded")
	}

	if err := ctl.SetDefaultBoard(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if _, ok := srv.Sandbox.myMember()["serviceDefaultBoard"]; ok {
		t.Error("the member still has a default board after removing it")
	}
	if err := ctl.SetDefaultBoard(ctx, 999); err == nil {
		t.Error("SetDefaultBoard(999) succeeded on an unknown board")
	}
	if err := ctl.SetDefaultBoard(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if b := srv.Sandbox.myMember()["serviceDefaultBoard"].(map[string]any); b["id"] != float64(2) {
		t.Errorf("default board = %v, want 2", b)
	}
}

// level reads one level of the API member's rights through the control
// API's role listing.
func level(t *testing.T, srv *Server, module, function, field string) string {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+ControlPrefix+"role", nil)
	req.Header.Set("Authorization", "Bearer "+srv.ControlToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var rows []map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r["moduleName"] == module && r["moduleFunctionName"] == function {
			s, _ := r[field].(string)
			return s
		}
	}
	t.Fatalf("no row %s/%s", module, function)
	return ""
}
