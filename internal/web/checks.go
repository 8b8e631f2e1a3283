package web

import "strings"

// CheckEmail applies the web's rule for an e-mail address to value, so
// the command line accepts and refuses the addresses the web does. The
// error names the field email and says what an address looks like.
func CheckEmail(value string) error {
	return checkEmail("email", strings.TrimSpace(value))
}

// CheckTokenName applies the web's rule for an API token's name to
// value: required, at most 100 characters, no control characters.
func CheckTokenName(value string) error {
	return checkText("name", strings.TrimSpace(value), maxTokenNameLen, true)
}
