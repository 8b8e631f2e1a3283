package cwsandbox

import (
	"time"
)

// defaults fill what ConnectWise fills when a POST leaves a field out.
var defaults = map[string]func(s *Sandbox, c *call, rec map[string]any){
	"service/tickets":                   ticketDefaults,
	"finance/agreements/{id}/additions": func(_ *Sandbox, c *call, rec map[string]any) { rec["agreementId"] = float64(c.ids[0]) },
	"service/tickets/{id}/notes":        noteDefaults,
	"company/companies":                 func(_ *Sandbox, _ *call, rec map[string]any) { setDefault(rec, "deletedFlag", false) },
	"company/contacts":                  func(_ *Sandbox, _ *call, rec map[string]any) { setDefault(rec, "inactiveFlag", false) },
	"finance/agreements": func(_ *Sandbox, _ *call, rec map[string]any) {
		setDefault(rec, "cancelledFlag", false)
		setDefault(rec, "agreementStatus", "Active")
	},
}

func setDefault(rec map[string]any, k string, v any) {
	if rec[k] == nil {
		rec[k] = v
	}
}

// ticketDefaults puts a ticket without a board on the API member's default
// board, in that board's default status, with the default priority.
func ticketDefaults(s *Sandbox, _ *call, rec map[string]any) {
	if rec["board"] == nil && s.defaultBoard != nil {
		rec["board"] = map[string]any{"id": s.defaultBoard["id"]}
	}
	boardID, hasBoard := intOf(lookup(rec, []string{"board", "id"}))
	if rec["status"] == nil && hasBoard {
		if st := s.defaultChild("service/boards/{id}/statuses", boardID); st != nil {
			rec["status"] = map[string]any{"id": st["id"]}
		}
	}
	if rec["priority"] == nil {
		if p := firstWhere(s.coll("service/priorities").rows, "defaultFlag", true); p != nil {
			rec["priority"] = map[string]any{"id": p["id"]}
		}
	}
	setDefault(rec, "recordType", "ServiceTicket")
	setDefault(rec, "severity", "Medium")
	setDefault(rec, "impact", "Medium")
	setDefault(rec, "closedFlag", false)
}

func noteDefaults(s *Sandbox, c *call, rec map[string]any) {
	rec["ticketId"] = float64(c.ids[0])
	setDefault(rec, "internalFlag", false)
	setDefault(rec, "externalFlag", false)
	setDefault(rec, "dateCreated", s.cfg.Now().UTC().Format(time.RFC3339))
	setDefault(rec, "createdBy", apiMemberIdentifier)
	setDefault(rec, "member", map[string]any{"id": float64(apiMemberID), "identifier": apiMemberIdentifier, "name": apiMemberName})
}

func (s *Sandbox) defaultChild(key string, parent int) map[string]any {
	coll := s.coll(key)
	for _, rec := range coll.rows {
		if coll.childOf(rec, parent) && rec["defaultFlag"] == true {
			return rec
		}
	}
	return nil
}

func firstWhere(rows []map[string]any, k string, v any) map[string]any {
	for _, rec := range rows {
		if rec[k] == v {
			return rec
		}
	}
	return nil
}

// finish applies the rules that need resolved references and derives
// computed fields.
func (s *Sandbox) finish(key string, rec map[string]any) []fieldError {
	switch key {
	case "service/tickets":
		return s.finishTicket(rec)
	case "service/tickets/{id}/notes":
		return finishNote(rec)
	case "finance/agreements/{id}/additions":
		s.finishAddition(rec)
	}
	return nil
}

func (s *Sandbox) finishTicket(rec map[string]any) []fieldError {
	if rec["board"] == nil {
		return []fieldError{{Code: "MissingRequiredField", Resource: "ticket", Field: "board",
			Message: "A board is required: the member has no default service board."}}
	}
	contactID, ok := intOf(lookup(rec, []string{"contact", "id"}))
	if !ok {
		return nil
	}
	contact := s.coll("company/contacts").find(contactID)
	setDefault(rec, "contactName", lookup(rec, []string{"contact", "name"}))
	if email := defaultEmail(contact); email != "" {
		setDefault(rec, "contactEmailAddress", email)
	}
	return nil
}

// defaultEmail returns a contact's default e-mail communication item.
func defaultEmail(contact map[string]any) string {
	items, _ := contact["communicationItems"].([]any)
	first := ""
	for _, it := range items {
		m, _ := it.(map[string]any)
		if m["communicationType"] != "Email" {
			continue
		}
		if m["defaultFlag"] == true {
			return text(m["value"])
		}
		if first == "" {
			first = text(m["value"])
		}
	}
	return first
}

func finishNote(rec map[string]any) []fieldError {
	var errs []fieldError
	if empty(rec["text"]) {
		errs = append(errs, fieldError{Code: "MissingRequiredField", Resource: "serviceNote", Field: "text",
			Message: "The text field is required."})
	}
	if rec["detailDescriptionFlag"] != true && rec["internalAnalysisFlag"] != true && rec["resolutionFlag"] != true {
		errs = append(errs, fieldError{Code: "MissingRequiredField", Resource: "serviceNote", Field: "detailDescriptionFlag",
			Message: "One of detailDescriptionFlag, internalAnalysisFlag or resolutionFlag must be true."})
	}
	return errs
}

// finishAddition copies catalog defaults and recomputes the totals.
func (s *Sandbox) finishAddition(rec map[string]any) {
	productID, _ := intOf(lookup(rec, []string{"product", "id"}))
	if item := s.coll("procurement/catalog").find(productID); item != nil {
		setDefault(rec, "description", item["description"])
		setDefault(rec, "unitPrice", item["price"])
		setDefault(rec, "unitCost", item["cost"])
	}
	agreementID, _ := intOf(rec["agreementId"])
	if ag := s.coll("finance/agreements").find(agreementID); ag != nil {
		rec["agreementStatus"] = ag["agreementStatus"]
	}
	qty, _ := rec["quantity"].(float64)
	less, _ := rec["lessIncluded"].(float64)
	price, _ := rec["unitPrice"].(float64)
	cost, _ := rec["unitCost"].(float64)
	rec["billedQuantity"] = qty - less
	rec["extPrice"] = (qty - less) * price
	rec["extCost"] = (qty - less) * cost
	rec["margin"] = (qty - less) * (price - cost)
}

// afterCreate turns a ticket's POST-only texts into its first notes.
func (s *Sandbox) afterCreate(key string, stored, post map[string]any) {
	if key != "service/tickets" {
		return
	}
	flags := map[string]string{
		"initialDescription":      "detailDescriptionFlag",
		"initialInternalAnalysis": "internalAnalysisFlag",
		"initialResolution":       "resolutionFlag",
	}
	for _, field := range []string{"initialDescription", "initialInternalAnalysis", "initialResolution"} {
		txt, _ := post[field].(string)
		if txt == "" {
			continue
		}
		note := map[string]any{"ticketId": stored["id"], "text": txt, flags[field]: true,
			"internalFlag": field == "initialInternalAnalysis", "externalFlag": false,
			"dateCreated": s.cfg.Now().UTC().Format(time.RFC3339), "createdBy": apiMemberIdentifier}
		stampInfo(s, note)
		s.coll("service/tickets/{id}/notes").insert(note)
	}
}
