package mapping

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/psabridge/psabridge/internal/cwm"
)

// likeName is the name similarity from which names count as alike: below
// it unrelated two-word names score by chance (Jaro-Winkler gives about
// 0.6 to "Heron Robotics" and "Saffron Consulting").
const likeName = 0.75

// candidate is one ConnectWise company scored for a platform company.
type candidate struct {
	company  cwm.Company
	score    float64
	method   string
	evidence string
}

// score rates every candidate company, best first (ties by id).
func (ix *companyIndex) score(name string, domains []string) []candidate {
	var out []candidate
	for id := range ix.candidates(name, domains) {
		out = append(out, ix.rate(ix.byID[id], name, domains))
	}
	slices.SortFunc(out, func(a, b candidate) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.company.ID, b.company.ID)
	})

	return out
}

// rate scores one company on its name and domains. A shared domain with a
// like name is strong evidence; an equal name with no domains to compare
// is enough; alike names alone are only a suggestion; and domains on both
// sides that differ count against, so a namesake is not taken for the
// company.
func (ix *companyIndex) rate(c cwm.Company, name string, domains []string) candidate {
	sim := similarity(name, ix.names[c.ID])
	shared := sharedDomain(ix.domains[c.ID], domains)
	nameEv := fmt.Sprintf("name similarity %.2f", sim)
	if sim == 1 {
		nameEv = "name equal after normalising"
	}
	switch {
	case shared != "" && sim >= likeName:
		return candidate{c, 0.95 + 0.05*sim, MethodDomain, "domain " + shared + "; " + nameEv}
	case shared != "":
		return candidate{c, 0.8, MethodDomain, "domain " + shared + " only; " + nameEv}
	case len(domains) > 0 && len(ix.domains[c.ID]) > 0:
		return candidate{c, 0.6 * sim, methodOf(sim), nameEv + "; e-mail domains differ"}
	case sim == 1:
		return candidate{c, 1, MethodName, nameEv}
	}

	return candidate{c, min(0.85, 0.9*sim), MethodFuzzy, nameEv}
}

func methodOf(sim float64) string {
	if sim == 1 {
		return MethodName
	}

	return MethodFuzzy
}

// sharedDomain returns a domain of domains that the company has, or "".
func sharedDomain(company map[string]bool, domains []string) string {
	for _, d := range domains {
		if company[d] {
			return d
		}
	}

	return ""
}

// decide turns the scored candidates into the proposal: applied when the
// best is confident and clearly ahead, a suggestion otherwise.
func (ix *companyIndex) decide(p Proposal, pc PlatformCompany, cs []candidate) Proposal {
	if len(cs) == 0 {
		p.Reason = fmt.Sprintf("no ConnectWise company named %q", pc.Name)
		return p
	}
	best := cs[0]
	if len(cs) > 1 && best.score-cs[1].score < ix.opts.margin() {
		p.Reason = ambiguity(pc, cs)
		return p
	}

	p = matched(p, best.company, best.method)
	p.Confidence, p.Evidence = round2(best.score), best.evidence
	if best.score < ix.opts.threshold() {
		p.Applied = false
		p.Reason = fmt.Sprintf("suggestion only: confidence %.2f is below %.2f (%s)",
			best.score, ix.opts.threshold(), best.evidence)
	}

	return p
}

// ambiguity explains two candidates too close to choose between.
func ambiguity(pc PlatformCompany, cs []candidate) string {
	a, b := cs[0], cs[1]
	if a.score == 1 && b.score == 1 && a.method == MethodName && b.method == MethodName {
		n := 0
		for _, c := range cs {
			if c.score == 1 {
				n++
			}
		}
		return fmt.Sprintf("ambiguous: %d ConnectWise companies named %q", n, pc.Name)
	}

	return fmt.Sprintf("ambiguous: %q (%.2f, %s) and %q (%.2f, %s) are too close: choose one",
		a.company.Name, a.score, a.evidence, b.company.Name, b.score, b.evidence)
}

func round2(f float64) float64 {
	return float64(int(f*100+0.5)) / 100
}

// String describes a candidate, for debugging.
func (c candidate) String() string {
	return strings.Join([]string{c.company.Name, fmt.Sprintf("%.2f", c.score), c.evidence}, " ")
}
