package web

import (
	"fmt"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what the platform sends. ConnectWise caps a company name at
// 50 characters, but the platform's own names may be longer: the mapping
// keeps them whole and billing shortens nothing it sends, so 200 is room
// without letting a page grow without bound. An e-mail address is at most
// 254 characters (RFC 5321) and a domain 253 (RFC 1035). A file name is
// at most 255 characters, as on the file systems mail clients save to.
const (
	maxCWNameLen     = 50
	maxFileNameLen   = 255
	maxNameLen       = 200
	maxExternalIDLen = 100
	maxEmailLen      = 254
	maxDomainLen     = 253
	maxDomains       = 100
)

// checkText refuses an empty (when required), over-long or control-character
// value of field; the limit counts characters, not bytes.
func checkText(field, value string, limit int, required bool) error {
	switch {
	case required && strings.TrimSpace(value) == "":
		return invalidField(field, "%s is required", field)
	case !utf8.ValidString(value):
		return invalidField(field, "%s is not valid UTF-8", field)
	case utf8.RuneCountInString(value) > limit:
		return invalidField(field, "%s is over %d characters", field, limit)
	case strings.IndexFunc(value, unicode.IsControl) >= 0:
		return invalidField(field, "%s holds a control character (such as a NUL or a line break)", field)
	}
	return nil
}

// checkEmail refuses anything that is not shaped like local@domain.
func checkEmail(field, value string) error {
	if err := checkText(field, value, maxEmailLen, true); err != nil {
		return err
	}
	local, domain, ok := strings.Cut(value, "@")
	if !ok || local == "" || domain == "" || strings.ContainsAny(value, " \u00a0") {
		return invalidField(field, "%s must be an e-mail address such as someone@example.com", field)
	}
	return nil
}

// checkDomain refuses a domain that is not dot-separated labels of ASCII
// letters, digits and hyphens of at most 63 characters; international
// names are sent in their xn-- form.
func checkDomain(field, value string) error {
	if err := checkText(field, value, maxDomainLen, true); err != nil {
		return err
	}
	for _, label := range strings.Split(strings.TrimSuffix(value, "."), ".") {
		if label == "" || len(label) > 63 || strings.IndexFunc(label, notHostChar) >= 0 {
			return invalidField(field, "%s must be a domain such as example.com (international names in xn-- form)", field)
		}
	}
	return nil
}

func notHostChar(r rune) bool {
	return !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
}

// invalidField is a 422 invalid_field refusal of field.
func invalidField(field, format string, args ...any) error {
	return &fieldError{status: http.StatusUnprocessableEntity, field: field, msg: fmt.Sprintf(format, args...)}
}

// atIndex names field i of a bulk body, as [3].name, and says which item
// the message is about.
func atIndex(err error, noun string, i int) error {
	if fe, ok := err.(*fieldError); ok {
		return &fieldError{status: fe.status, field: fmt.Sprintf("[%d].%s", i, fe.field),
			msg: fmt.Sprintf("%s %d: %s", noun, i, fe.msg)}
	}
	return err
}

// checkCompany applies the limits to one platform company.
func checkCompany(c companyJSON) error {
	if err := checkText("external_id", c.ExternalID, maxExternalIDLen, true); err != nil {
		return err
	}
	if err := checkText("name", c.Name, maxNameLen, true); err != nil {
		return err
	}
	if len(c.Domains) > maxDomains {
		return invalidField("domains", "domains lists over %d domains", maxDomains)
	}
	for _, d := range c.Domains {
		if err := checkDomain("domains", d); err != nil {
			return err
		}
	}
	return nil
}

// checkUser applies the limits to one end user.
func checkUser(u userJSON) error {
	if err := checkEmail("email", u.Email); err != nil {
		return err
	}
	if err := checkText("name", u.Name, maxNameLen, false); err != nil {
		return err
	}
	return checkText("company_external_id", u.CompanyExternalID, maxExternalIDLen, false)
}
