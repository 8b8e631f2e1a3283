package cwsandbox

import (
	"fmt"
	"strings"
)

// refRule says which collection a reference field points into. Scoped
// rules (a ticket's status) look only among the children of the record's
// board.
type refRule struct {
	field, coll, scope string
}

// references lists the reference fields the sandbox checks on writes.
var references = map[string][]refRule{
	"Ticket": {
		{field: "company", coll: "company/companies"},
		{field: "board", coll: "service/boards"},
		{field: "status", coll: "service/boards/{id}/statuses", scope: "board"},
		{field: "type", coll: "service/boards/{id}/types", scope: "board"},
		{field: "priority", coll: "service/priorities"},
		{field: "source", coll: "service/sources"},
		{field: "contact", coll: "company/contacts"},
		{field: "agreement", coll: "finance/agreements"},
	},
	"Contact":   {{field: "company", coll: "company/companies"}},
	"Agreement": {{field: "company", coll: "company/companies"}, {field: "contact", coll: "company/contacts"}},
	"Addition":  {{field: "product", coll: "procurement/catalog"}},
	"Company":   {{field: "defaultContact", coll: "company/contacts"}},
}

// resolveRefs checks every reference of rec and rewrites it as ConnectWise
// returns it: the id plus the target's identifier or name.
func (s *Sandbox) resolveRefs(name, resource string, rec map[string]any) []fieldError {
	var errs []fieldError
	for _, rule := range references[name] {
		ref, ok := rec[rule.field].(map[string]any)
		if !ok {
			continue
		}
		target := s.findRef(rule, ref, rec)
		if target == nil {
			errs = append(errs, fieldError{Code: "NotFound", Resource: resource, Field: rule.field + "/id",
				Message: fmt.Sprintf("%s %s not found.", rule.field, describeRef(ref))})
			continue
		}
		rec[rule.field] = refTo(target)
	}
	return errs
}

func (s *Sandbox) findRef(rule refRule, ref, rec map[string]any) map[string]any {
	scopeID := -1
	if rule.scope != "" {
		scopeID, _ = intOf(lookup(rec, []string{rule.scope, "id"}))
	}
	coll := s.coll(rule.coll)
	for _, cand := range coll.rows {
		if scopeID >= 0 && !coll.childOf(cand, scopeID) {
			continue
		}
		if refMatches(ref, cand) {
			return cand
		}
	}
	return nil
}

// refMatches compares by id when the reference has one, else by
// identifier, else by name.
func refMatches(ref, cand map[string]any) bool {
	if id, ok := intOf(ref["id"]); ok && id != 0 {
		cid, _ := intOf(cand["id"])
		return cid == id
	}
	for _, k := range []string{"identifier", "name"} {
		if v, ok := ref[k].(string); ok && v != "" {
			cv, _ := cand[k].(string)
			return strings.EqualFold(v, cv)
		}
	}
	return false
}

func describeRef(ref map[string]any) string {
	for _, k := range []string{"id", "identifier", "name"} {
		if v, ok := ref[k]; ok && v != nil {
			return fmt.Sprintf("%v", v)
		}
	}
	return "(empty)"
}

// refTo builds the reference object ConnectWise embeds for a record.
func refTo(target map[string]any) map[string]any {
	ref := map[string]any{"id": target["id"]}
	for _, k := range []string{"identifier", "name"} {
		if v, ok := target[k]; ok {
			ref[k] = v
		}
	}
	if _, ok := target["firstName"]; ok {
		ref["name"] = strings.TrimSpace(text(target["firstName"]) + " " + text(target["lastName"]))
	}
	return ref
}
