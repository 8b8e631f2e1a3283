package cwsandbox

import (
	"fmt"
	"strings"
)

// setting is one row of a security role: the add, edit, delete and
// inquire levels ("None", "My" or "All") of one module function.
type setting struct {
	id               int
	module, function string
	levels           map[string]string
}

// functions are the module functions every role has a row for, in
// sortOrder. Identifiers are invented: ConnectWise's are not public, so
// clients must match on names.
var functions = []struct{ module, function string }{
	{"Companies", "Company Maintenance"},
	{"Companies", "Contacts"},
	{"Companies", "Manage Attachments"},
	{"Finance", "Agreements"},
	{"Procurement", "Product Catalog"},
	{"Service Desk", "Service Tickets"},
	{"System", "Member Maintenance"},
	{"System", "Security Roles"},
	{"System", "Table Setup"},
}

// demoGrants is what the integration role allows: the rights DESIGN.md
// asks the partner to grant, plus inquire on the catalog and setup tables.
var demoGrants = map[string]map[string]string{
	"Companies/Company Maintenance": {"inquire": "All"},
	"Companies/Contacts":            {"inquire": "All"},
	"Companies/Manage Attachments":  {"add": "All", "inquire": "All"},
	"Finance/Agreements":            {"inquire": "All", "edit": "All"},
	"Procurement/Product Catalog":   {"inquire": "All"},
	"Service Desk/Service Tickets":  {"add": "All", "inquire": "All"},
	"System/Table Setup":            {"inquire": "All"},
}

var levelNames = []string{"add", "edit", "delete", "inquire"}

// Role ids of the seeded security roles.
const (
	AdminRoleID       = 1
	IntegrationRoleID = 2
)

// seedRoles creates the Admin role (everything) and the integration role
// the API member holds.
func (s *Sandbox) seedRoles() {
	roles := s.coll("system/securityroles")
	roles.insert(map[string]any{"name": "Admin", "roleType": "Admin", "adminFlag": true, "inactiveFlag": false})
	roles.insert(map[string]any{"name": "psabridge Integration", "roleType": "Custom", "adminFlag": false, "inactiveFlag": false})
	s.roleID = IntegrationRoleID
	for role := AdminRoleID; role <= IntegrationRoleID; role++ {
		for i, f := range functions {
			st := &setting{id: role*100 + i + 1, module: f.module, function: f.function, levels: map[string]string{}}
			for _, l := range levelNames {
				st.levels[l] = "All"
				if role == IntegrationRoleID {
					st.levels[l] = grantOf(f.module+"/"+f.function, l)
				}
			}
			s.rights[role] = append(s.rights[role], st)
		}
	}
}

func grantOf(key, level string) string {
	if v, ok := demoGrants[key][level]; ok {
		return v
	}
	return "None"
}

// SetRight changes one level of the API member's role while the sandbox
// runs, as a partner fixing the role in ConnectWise would. level is add,
// edit, delete or inquire; value is "None", "My" or "All". It panics on an
// unknown module function or level, which is a mistake in the caller.
func (s *Sandbox) SetRight(module, function, level, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.setRight(module, function, level, value); err != nil {
		panic("cwsandbox: " + err.Error())
	}
}

func (s *Sandbox) setRight(module, function, level, value string) error {
	level = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(level)), "level")
	if !containsFold(levelNames, level) {
		return fmt.Errorf("unknown level %q: want add, edit, delete or inquire", level)
	}
	st := s.settingOf(s.roleID, module, function)
	if st == nil {
		return fmt.Errorf("unknown module function %q / %q", module, function)
	}
	v := canonicalLevel(value)
	if !strings.EqualFold(strings.TrimSpace(value), v) {
		return fmt.Errorf("unknown value %q: want None, My or All", value)
	}
	st.levels[level] = v
	return nil
}

func canonicalLevel(v string) string {
	for _, l := range []string{"None", "My", "All"} {
		if strings.EqualFold(strings.TrimSpace(v), l) {
			return l
		}
	}
	return "None"
}

func containsFold(list []string, s string) bool {
	for _, e := range list {
		if strings.EqualFold(e, s) {
			return true
		}
	}
	return false
}

func (s *Sandbox) settingOf(role int, module, function string) *setting {
	for _, st := range s.rights[role] {
		if strings.EqualFold(st.module, strings.TrimSpace(module)) &&
			strings.EqualFold(st.function, strings.TrimSpace(function)) {
			return st
		}
	}
	return nil
}

// allowed reports whether the API member's role grants r at level All.
func (s *Sandbox) allowed(r right) bool {
	if r.module == "" {
		return true
	}
	st := s.settingOf(s.roleID, r.module, r.function)
	return st != nil && st.levels[r.level] == "All"
}

// row renders a setting in the SecurityRoleSetting shape.
func (st *setting) row() map[string]any {
	return map[string]any{
		"id":                        float64(st.id),
		"moduleName":                st.module,
		"moduleIdentifier":          identifierOf(st.module),
		"moduleDescription":         st.module,
		"moduleFunctionName":        st.function,
		"moduleFunctionIdentifier":  identifierOf(st.module + " " + st.function),
		"moduleFunctionDescription": st.function,
		"addLevel":                  st.levels["add"],
		"editLevel":                 st.levels["edit"],
		"deleteLevel":               st.levels["delete"],
		"inquireLevel":              st.levels["inquire"],
		"myAllFlag":                 true,
		"reportFlag":                false,
		"restrictFlag":              false,
		"customFlag":                false,
		"sortOrder":                 float64(st.id % 100),
	}
}

func identifierOf(name string) string {
	return strings.NewReplacer(" ", "", "&", "").Replace(name)
}

// roleRows returns a role's settings rows, nil for an unknown role.
func (s *Sandbox) roleRows(role int) []map[string]any {
	var rows []map[string]any
	for _, st := range s.rights[role] {
		rows = append(rows, st.row())
	}
	return rows
}

// mySecurityRows returns the API member's effective rights.
func (s *Sandbox) mySecurityRows() []map[string]any {
	rows := s.roleRows(s.roleID)
	for _, row := range rows {
		row["member"] = map[string]any{"id": float64(apiMemberID), "identifier": apiMemberIdentifier, "name": apiMemberName}
	}
	return rows
}
