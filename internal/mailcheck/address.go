package mailcheck

import (
	"net/mail"
	"regexp"
	"strings"

	"github.com/jhillyerd/enmime/v2"
)

// addrRE finds something shaped like an e-mail address in free text.
var addrRE = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+`)

// looseAddrRE finds addresses in headers the address parser refused:
// any local part without blanks or brackets ("reply-[x]@host", `""@host`).
var looseAddrRE = regexp.MustCompile(`[^\s<>(),;:@]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+`)

// displayAddrRE finds an address-like token in a display name, including
// truncated ones ("Service@intl-Pay...") made to look like an address.
var displayAddrRE = regexp.MustCompile(`[^\s<>(),;:@"']+@[^\s<>(),;:@"']+`)

// addressList parses an address header tolerantly. When the header cannot
// be parsed, the addresses found in it are returned with a defect.
func addressList(env *enmime.Envelope, name string) ([]Address, string) {
	value := env.GetHeader(name)
	if strings.TrimSpace(value) == "" {
		return nil, ""
	}
	list, err := enmime.ParseAddressList(value)
	if err == nil && len(list) > 1 && strings.Count(value, "<") == 1 && !strings.Contains(value, ",") {
		// The parser split `a@x <b@y>` into two mailboxes: an unquoted
		// address used as a display name.
		return fallbackAddresses(value), name + " header has an unquoted address as display name"
	}
	if err == nil {
		return convertAddresses(list), ""
	}

	return fallbackAddresses(value), name + " header not parsable as addresses: " + err.Error()
}

// angleAddrRE finds an address in angle brackets and what precedes it.
var angleAddrRE = regexp.MustCompile(`^([^<]*)<([^<>\s]+@[^<>\s]+)>`)

// fallbackAddresses digs addresses out of a header the parser refused.
// "name <addr>" keeps its name even when the name itself is malformed
// (an unquoted address as display name, a stray quote).
func fallbackAddresses(value string) []Address {
	if m := angleAddrRE.FindStringSubmatch(strings.TrimSpace(value)); m != nil {
		return []Address{{Name: strings.Trim(m[1], " \t\"'"), Address: m[2]}}
	}
	var out []Address
	for _, a := range looseAddrRE.FindAllString(value, 20) {
		out = append(out, Address{Address: a})
	}
	if len(out) == 1 {
		out[0].Name = displayNameFallback(value, out[0].Address)
	}
	return out
}

// convertAddresses copies parsed addresses, dropping empty ones (a group
// such as "Undisclosed recipients:;" yields none).
func convertAddresses(list []*mail.Address) []Address {
	out := make([]Address, 0, len(list))
	for _, a := range list {
		if a == nil || a.Address == "" && a.Name == "" {
			continue
		}
		out = append(out, Address{Name: strings.TrimSpace(a.Name), Address: a.Address})
	}
	return out
}

// displayNameFallback returns what surrounds addr in an unparsable header,
// stripped of brackets and quotes, as the display name.
func displayNameFallback(value, addr string) string {
	name := strings.Replace(value, addr, "", 1)
	name = strings.Trim(name, " \t\"'<>:")
	return strings.TrimSpace(strings.TrimSuffix(name, "<>"))
}

// firstAddress returns the first address of a header, or nil.
func firstAddress(env *enmime.Envelope, name string) (*Address, string) {
	list, defect := addressList(env, name)
	if len(list) == 0 {
		return nil, defect
	}
	return &list[0], defect
}

// returnPath reads the top-most Return-Path without its angle brackets.
func returnPath(env *enmime.Envelope) string {
	v := strings.TrimSpace(env.GetHeader("Return-Path"))
	if m := addrRE.FindString(v); m != "" {
		return m
	}
	return strings.Trim(v, "<> ")
}

// domainOf returns the lower-case domain of an address, or "".
func domainOf(addr string) string {
	i := strings.LastIndex(addr, "@")
	if i < 0 {
		return ""
	}
	return strings.ToLower(strings.Trim(addr[i+1:], " .>"))
}
