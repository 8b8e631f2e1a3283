package cwm

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Maximum lengths of the string fields psabridge writes, as the ConnectWise
// API enforces them (400 MaxLengthField when exceeded). ConnectWise runs on
// .NET: a length counts UTF-16 code units, so a character outside the Basic
// Multilingual Plane (most emoji) counts twice. FitLength cuts to them.
const (
	MaxTicketSummary       = 100
	MaxTicketExternalXRef  = 100
	MaxTicketContactName   = 62
	MaxTicketContactEmail  = 250
	MaxTicketContactPhone  = 20
	MaxCompanyIdentifier   = 30
	MaxCompanyName         = 50
	MaxContactFirstName    = 30
	MaxContactLastName     = 30
	MaxCommunicationValue  = 250
	MaxAgreementName       = 100
	MaxAdditionInvoiceText = 6000
)

// FieldLimit is the longest value ConnectWise accepts for one string field
// of one model, in UTF-16 code units.
type FieldLimit struct {
	// Model is the API's model name, e.g. "Ticket".
	Model string
	// Field is the JSON member, e.g. "summary".
	Field string
	// Max is the maximum length.
	Max int
}

// FieldLimits is the one table of field limits formatting code uses. The
// values come from the API's model definitions
// (../shared/cw-openapi/cw-manage-subset.openapi.json, checked by a test)
// except the contact names, which the subset lacks and ConnectWise's
// contact screen enforces.
var FieldLimits = []FieldLimit{
	{"Ticket", "summary", MaxTicketSummary},
	{"Ticket", "externalXRef", MaxTicketExternalXRef},
	{"Ticket", "contactName", MaxTicketContactName},
	{"Ticket", "contactEmailAddress", MaxTicketContactEmail},
	{"Ticket", "contactPhoneNumber", MaxTicketContactPhone},
	{"Company", "identifier", MaxCompanyIdentifier},
	{"Company", "name", MaxCompanyName},
	{"Contact", "firstName", MaxContactFirstName},
	{"Contact", "lastName", MaxContactLastName},
	{"ContactCommunication", "value", MaxCommunicationValue},
	{"Agreement", "name", MaxAgreementName},
	{"Addition", "invoiceDescription", MaxAdditionInvoiceText},
}

// MaxLength returns the limit of model's field from FieldLimits, or 0 when
// the table has none.
func MaxLength(model, field string) int {
	for _, l := range FieldLimits {
		if l.Model == model && l.Field == field {
			return l.Max
		}
	}
	return 0
}

// LengthOf is the length of s as ConnectWise counts it: UTF-16 code units.
// An invalid byte counts as one unit (it will travel as U+FFFD).
func LengthOf(s string) int {
	n := 0
	for _, r := range s {
		if r == utf8.RuneError {
			n++
			continue
		}
		n += utf16.RuneLen(r)
	}
	return n
}

// FitLength shortens s to at most limit UTF-16 code units, cutting on a
// character boundary and ending with "…" when it cut anything. A limit below
// 1 returns s unchanged.
func FitLength(s string, limit int) string {
	if limit < 1 || LengthOf(s) <= limit {
		return s
	}
	const ellipsis = "…"
	budget := limit - LengthOf(ellipsis)
	var b strings.Builder
	used := 0
	for _, r := range s {
		n := max(utf16.RuneLen(r), 1)
		if used+n > budget {
			break
		}
		b.WriteRune(r)
		used += n
	}
	return strings.TrimRight(b.String(), " ") + ellipsis
}
