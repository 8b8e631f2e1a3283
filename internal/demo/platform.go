package demo

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/psabridge/psabridge/internal/cwsandbox"
	"github.com/psabridge/psabridge/internal/store"
)

// platformCompany is a client company as the security-awareness platform
// knows it, with its end users.
type platformCompany struct {
	store.PlatformCompany
	Users []store.EndUser
}

// platformOnly are client companies the platform has and ConnectWise does
// not: auto-mapping must leave them unmapped.
var platformOnly = []struct{ name, domain string }{
	{"Harbor Point Marina", "harborpoint.example"},
	{"Blue Heron Veterinary Clinic", "blueheron-vet.example"},
}

// platformCompanies derives the platform's client companies from the
// sandbox's demo MSP, naming each the way a different system would: other
// case, suffix dropped or added, "&" spelt out, accents lost.
func platformCompanies(seed []cwsandbox.DemoCompany) []platformCompany {
	var out []platformCompany
	seen := map[string]bool{}
	for i, c := range seed {
		if c.Deleted || c.Prospect || c.Inactive || seen[strings.ToLower(c.Name)] {
			continue
		}
		seen[strings.ToLower(c.Name)] = true
		out = append(out, newPlatformCompany(len(out), vary(i, c.Name), c.Domain, c.ContactEmails))
	}
	for _, p := range platformOnly {
		out = append(out, newPlatformCompany(len(out), p.name, p.domain, nil))
	}
	return out
}

func newPlatformCompany(n int, name, domain string, contacts []string) platformCompany {
	pc := platformCompany{PlatformCompany: store.PlatformCompany{
		ExternalID: fmt.Sprintf("plat-%04d", n+1), Name: name, Domains: []string{domain},
	}}
	pc.Users = endUsers(n, domain, contacts)
	return pc
}

// firstNames and lastNames make end users; deterministic so every run of the
// demo bills the same counts.
var (
	firstNames = []string{"Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery", "Quinn"}
	lastNames  = []string{"Nguyen", "Okafor", "Schmidt", "García", "Kowalski", "Haddad", "Larsen", "Dubois", "Ito", "Murphy"}
)

// endUsers are the company's users: every ConnectWise contact (so their
// reports find their contact) and a few more who are not contacts (so their
// reports fall back to the company's default contact). One user is inactive
// and one is not billable, so billable counts differ from head counts.
func endUsers(n int, domain string, contacts []string) []store.EndUser {
	var users []store.EndUser
	for _, email := range contacts {
		users = append(users, store.EndUser{Email: email, Active: true, Billable: true})
	}
	extra := 3 + n%6
	for i := 0; i < extra; i++ {
		first, last := firstNames[(n+i)%len(firstNames)], lastNames[(n*3+i)%len(lastNames)]
		users = append(users, store.EndUser{
			Name:     first + " " + last,
			Email:    strings.ToLower(fmt.Sprintf("%s.%s%d@%s", first, asciiFold(last), i, domain)),
			Active:   i != 1,
			Billable: i != 2,
		})
	}
	return users
}

// vary renames a ConnectWise company the way another system would.
func vary(i int, name string) string {
	switch i % 5 {
	case 0:
		return strings.ToUpper(name)
	case 1:
		return dropSuffix(name)
	case 2:
		if strings.Contains(name, "&") {
			return strings.ReplaceAll(name, "&", "and")
		}
		return dropSuffix(name)
	case 3:
		return asciiFold(name)
	default:
		return strings.TrimPrefix(strings.ToLower(name), "the ")
	}
}

func dropSuffix(name string) string {
	for _, s := range []string{", Inc.", " Inc.", " Inc", " LLC", " Ltd", " Limited", " GmbH", " Pty Ltd"} {
		if strings.HasSuffix(name, s) {
			return strings.TrimSuffix(name, s)
		}
	}
	return name + " LLC"
}

func asciiFold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}
