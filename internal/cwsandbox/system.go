package cwsandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// The API member whose keys the sandbox accepts.
const (
	apiMemberID         = 150
	apiMemberIdentifier = "psabridge"
	apiMemberName       = "psabridge Integration"
)

// companyInfo answers the unauthenticated site discovery call. The id is
// compared case-sensitively; an unknown one gets JSON null.
func (s *Sandbox) companyInfo(w http.ResponseWriter, r *http.Request, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[r.Method+" /login/companyinfo/{id}"]++
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if r.Method != http.MethodGet || id != s.cfg.CompanyID {
		_, _ = io.WriteString(w, "null")
		return
	}
	writeJSON(w, map[string]any{
		"CompanyName":   "psabridge Demo MSP",
		"Codebase":      s.cfg.Codebase,
		"VersionCode":   "v2025.1",
		"VersionNumber": "v4.6.95041",
		"CompanyID":     s.cfg.CompanyID,
		"IsCloud":       false,
		"SiteUrl":       r.Host,
	})
}

func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client went away; nothing to do
}

func systemInfo(_ *Sandbox, c *call) error {
	c.json(http.StatusOK, map[string]any{
		"version": "v2025.1.95041", "isCloud": false, "serverTimeZone": "Eastern Standard Time",
		"licenseBits": []any{map[string]any{"name": "Service", "activeFlag": true}},
		"cloudRegion": "NA", "maxWorkFlowRecordsAllowed": 1000,
	})
	return nil
}

// myMember renders the API member in the MyMember shape.
func (s *Sandbox) myMember() map[string]any {
	role := s.coll("system/securityroles").find(s.roleID)
	m := map[string]any{
		"id": float64(apiMemberID), "identifier": apiMemberIdentifier,
		"firstName": "psabridge", "lastName": "Integration", "licenseClass": "A",
		"inactiveFlag": false, "securityRole": refTo(role), "excludedServiceBoardIds": s.excludedBoards(),
		"officeEmail": "psabridge@demo-msp.example", "defaultEmail": "Office",
	}
	if s.defaultBoard != nil {
		m["serviceDefaultBoard"] = refTo(s.defaultBoard)
	}
	return m
}

func myMembers(s *Sandbox, c *call) error {
	c.json(http.StatusOK, s.myMember())
	return nil
}

func mySecurity(s *Sandbox, c *call) error {
	return c.serveList(schemas["MySecurity"], s.mySecurityRows())
}

// roleSettings handles /system/securityRoles/{id}/settings[/{id}].
func roleSettings(s *Sandbox, c *call) error {
	if s.coll("system/securityroles").find(c.ids[0]) == nil {
		return notFound("security role " + strconv.Itoa(c.ids[0]))
	}
	rows := s.roleRows(c.ids[0])
	if len(c.ids) == 1 {
		return c.serveList(schemas["SecurityRoleSetting"], rows)
	}
	for _, row := range rows {
		if id, _ := intOf(row["id"]); id == c.ids[1] {
			c.json(http.StatusOK, row)
			return nil
		}
	}
	return notFound("security role setting " + strconv.Itoa(c.ids[1]))
}

// searchTickets handles POST /service/tickets/search, whose body carries
// the conditions a long query string cannot.
func searchTickets(s *Sandbox, c *call) error {
	var body struct {
		Conditions      string `json:"conditions"`
		ChildConditions string `json:"childConditions"`
		OrderBy         string `json:"orderBy"`
	}
	if err := json.Unmarshal(c.body, &body); err != nil {
		return badRequest("The request body is not a valid JSON object.")
	}
	q := c.r.URL.Query()
	for k, v := range map[string]string{"conditions": body.Conditions, "childConditions": body.ChildConditions, "orderBy": body.OrderBy} {
		if strings.TrimSpace(v) != "" {
			q.Set(k, v)
		}
	}
	c.r.URL.RawQuery = q.Encode()
	return c.serveList(schemas["Ticket"], s.coll("service/tickets").rows)
}
