package mapping

import (
	"strings"

	"github.com/psabridge/psabridge/internal/cwm"
)

// maxWordCompanies bounds how many companies a word may appear in and
// still pick fuzzy candidates: a word in thousands of names ("dental")
// says little and would make matching quadratic.
const maxWordCompanies = 200

// companyIndex finds eligible ConnectWise companies by id, identifier,
// normalised name, domain and word.
type companyIndex struct {
	opts         Options
	byID         map[int]cwm.Company
	byIdentifier map[string][]cwm.Company
	byName       map[string][]cwm.Company
	byDomain     map[string][]int
	byWord       map[string][]int
	names        map[int]string          // normalised, by company id
	domains      map[int]map[string]bool // by company id
}

// index indexes the eligible companies of cw.
func (m *Matcher) index(cw []cwm.Company) *companyIndex {
	ix := &companyIndex{opts: m.Options,
		byID: make(map[int]cwm.Company), byIdentifier: make(map[string][]cwm.Company),
		byName: make(map[string][]cwm.Company), byDomain: make(map[string][]int),
		byWord: make(map[string][]int), names: make(map[int]string),
		domains: make(map[int]map[string]bool)}
	for _, c := range cw {
		if m.eligible(c) {
			ix.add(c, domainKeys(append([]string{c.Website}, m.ContactDomains[c.ID]...)...))
		}
	}

	return ix
}

// add indexes one company with its domains.
func (ix *companyIndex) add(c cwm.Company, domains []string) {
	ix.byID[c.ID] = c
	if id := strings.ToLower(strings.TrimSpace(c.Identifier)); id != "" {
		ix.byIdentifier[id] = append(ix.byIdentifier[id], c)
	}
	n := Normalize(c.Name)
	ix.names[c.ID] = n
	if n != "" {
		ix.byName[n] = append(ix.byName[n], c)
	}
	for _, w := range distinctWords(n) {
		ix.byWord[w] = append(ix.byWord[w], c.ID)
	}
	ix.domains[c.ID] = make(map[string]bool, len(domains))
	for _, d := range domains {
		ix.domains[c.ID][d] = true
		ix.byDomain[d] = append(ix.byDomain[d], c.ID)
	}
}

// candidates returns the ids of the companies that share a domain, the
// name or a distinctive word with a platform company.
func (ix *companyIndex) candidates(name string, domains []string) map[int]bool {
	out := make(map[int]bool)
	for _, d := range domains {
		for _, id := range ix.byDomain[d] {
			out[id] = true
		}
	}
	for _, c := range ix.byName[name] {
		out[c.ID] = true
	}
	for _, w := range distinctWords(name) {
		if ids := ix.byWord[w]; len(ids) <= maxWordCompanies {
			for _, id := range ids {
				out[id] = true
			}
		}
	}

	return out
}

// distinctWords returns the words of a normalised name that can pick
// candidates: two letters or more, each once.
func distinctWords(name string) []string {
	var out []string
	for _, w := range strings.Fields(name) {
		if len(w) >= 2 && !containsFold(out, w) {
			out = append(out, w)
		}
	}

	return out
}
