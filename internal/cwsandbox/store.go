package cwsandbox

import (
	"encoding/json"
	"fmt"
	"strings"
)

// collectionDefs lists every record collection: its list path, model,
// the lower-camel resource name used in validation errors, and for child
// lists the field that holds the parent id.
var collectionDefs = []struct {
	key, schema, resource, parent string
}{
	{"company/companies", "Company", "company", ""},
	{"company/contacts", "Contact", "contact", ""},
	{"finance/agreements", "Agreement", "agreement", ""},
	{"finance/agreements/{id}/additions", "Addition", "addition", "agreementId"},
	{"procurement/catalog", "CatalogItem", "catalogItem", ""},
	{"service/boards", "Board", "board", ""},
	{"service/boards/{id}/statuses", "BoardStatus", "boardStatus", "board/id"},
	{"service/boards/{id}/types", "BoardType", "boardType", "board/id"},
	{"service/priorities", "Priority", "priority", ""},
	{"service/sources", "Source", "source", ""},
	{"service/tickets", "Ticket", "ticket", ""},
	{"service/tickets/{id}/notes", "ServiceNote", "serviceNote", "ticketId"},
	{"system/members", "Member", "member", ""},
	{"system/apiMembers", "ApiMember", "apiMember", ""},
	{"system/securityroles", "SecurityRole", "securityRole", ""},
	{"system/allowedfiletypes", "AllowedFileType", "allowedFileType", ""},
}

func newCollections() map[string]*collection {
	m := map[string]*collection{}
	for _, d := range collectionDefs {
		c := &collection{schema: d.schema, resource: d.resource}
		if d.parent != "" {
			c.parent = strings.Split(d.parent, "/")
		}
		m[strings.ToLower(d.key)] = c
	}
	return m
}

// coll returns a collection by its templated list path.
func (s *Sandbox) coll(key string) *collection {
	c := s.colls[strings.ToLower(key)]
	if c == nil {
		panic(fmt.Sprintf("cwsandbox: no collection %q", key))
	}
	return c
}

// Insert stores a record in a collection as given, assigning the next id,
// and returns that id. Tests use it to set up data the seed lacks; unlike a
// POST it neither validates nor fills defaults.
func (s *Sandbox) Insert(collection string, rec map[string]any) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	stored := s.coll(templatePath(collection)).insert(rec)
	id, _ := intOf(stored["id"])
	return id
}

// normalize gives a record the shape decoded JSON has: numbers as float64,
// nested objects as map[string]any, slices as []any.
func normalize(rec map[string]any) map[string]any {
	b, err := json.Marshal(rec)
	if err != nil {
		panic(fmt.Sprintf("cwsandbox: encoding record: %v", err))
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		panic(fmt.Sprintf("cwsandbox: decoding record: %v", err))
	}
	return out
}

func deepCopy[T any](v T) T {
	return any(copyValue(v)).(T)
}

func copyValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = copyValue(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = copyValue(e)
		}
		return s
	}
	return v
}
