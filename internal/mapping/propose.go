package mapping

import (
	"fmt"
	"strings"

	"github.com/psabridge/psabridge/internal/cwm"
)

// The methods by which a Proposal found its ConnectWise company.
const (
	// MethodKept means the partner confirmed this mapping earlier.
	MethodKept = "kept"
	// MethodIdentifier means the platform external id equals the
	// ConnectWise company identifier.
	MethodIdentifier = "identifier"
	// MethodName means the normalised names are equal.
	MethodName = "name"
	// MethodDomain means an e-mail domain of the platform company is the
	// ConnectWise company's website or its contacts' domain.
	MethodDomain = "domain"
	// MethodFuzzy means the names are alike but not equal.
	MethodFuzzy = "fuzzy"
)

// PlatformCompany is a client company as the security-awareness platform
// knows it.
type PlatformCompany struct {
	ID         int64
	ExternalID string // the platform's own key; may equal a CW identifier
	Name       string
	Domains    []string // e-mail domains of its users
}

// Proposal is the suggested ConnectWise company (and, once ChooseAddition
// has run, agreement addition) for one platform company.
type Proposal struct {
	PlatformCompanyID int64
	ExternalID        string
	PlatformName      string

	CWCompanyID         int // 0 when no company was found
	CWCompanyIdentifier string
	CWCompanyName       string
	AgreementID         int
	AdditionID          int

	Method     string  // one of the Method constants, or "" when nothing matched
	Confidence float64 // 0 to 1; 1.0 for kept, identifier and exact-name matches
	// Evidence says what the match rests on, for the partner to judge.
	Evidence string
	// Applied reports whether the proposal is certain enough to be saved
	// without the partner confirming it.
	Applied bool
	// Reason says why the proposal is not applied, or why no company was
	// found; empty when Applied.
	Reason string
	// AdditionReason says why no agreement addition was chosen; empty when
	// one was, or when choosing was not attempted.
	AdditionReason string
}

// Propose matches each platform company to a live ConnectWise company
// with the default Options and no contact domains; see Matcher.Propose.
func Propose(platform []PlatformCompany, cw []cwm.Company, kept map[int64]int) []Proposal {
	return (&Matcher{}).Propose(platform, cw, kept)
}

// Matcher matches platform companies to ConnectWise companies.
type Matcher struct {
	Options
	// ContactDomains are the e-mail domains of each ConnectWise company's
	// contacts, by company id: evidence beside its website.
	ContactDomains map[int][]string
	// Progress, when set, is told how many proposals Suggest has chosen an
	// addition for, out of how many.
	Progress func(done, total int)
}

// Propose matches each platform company to an eligible ConnectWise company
// (not deleted, not of an excluded type or status). kept holds mappings the
// partner confirmed earlier (platform company id to ConnectWise company
// id); they win while their company is eligible. Then an external id equal
// to a company identifier (case-insensitive) wins. Otherwise every company
// sharing an e-mail domain, the normalised name or a distinctive word is
// scored on domain and name evidence; the best is applied only when its
// confidence reaches the threshold and no runner-up comes within the
// margin. Two platform companies matched to one ConnectWise company are
// both left for the partner. Proposals come back in the order of platform.
func (m *Matcher) Propose(platform []PlatformCompany, cw []cwm.Company,
	kept map[int64]int) []Proposal {
	ix := m.index(cw)
	out := make([]Proposal, 0, len(platform))
	for _, pc := range platform {
		out = append(out, ix.propose(pc, kept))
	}
	markNameConflicts(out)

	return out
}

// propose finds the company for one platform company.
func (ix *companyIndex) propose(pc PlatformCompany, kept map[int64]int) Proposal {
	p := Proposal{PlatformCompanyID: pc.ID, ExternalID: pc.ExternalID, PlatformName: pc.Name}
	stale := ""
	if cwID, ok := kept[pc.ID]; ok {
		if c, live := ix.byID[cwID]; live {
			return matched(p, c, MethodKept)
		}
		stale = fmt.Sprintf("the confirmed ConnectWise company %d is deleted, gone or not "+
			"a client", cwID)
	}

	p = ix.match(p, pc)
	if stale != "" {
		// The partner chose a company before; a new match replaces their
		// choice only once they confirm it.
		p.Applied = false
		p.Reason = joinReasons(stale, p.Reason)
	}

	return p
}

// match tries the external id, then the scored candidates.
func (ix *companyIndex) match(p Proposal, pc PlatformCompany) Proposal {
	if id := strings.ToLower(strings.TrimSpace(pc.ExternalID)); id != "" {
		switch cs := ix.byIdentifier[id]; len(cs) {
		case 0:
		case 1:
			return matched(p, cs[0], MethodIdentifier)
		default:
			p.Reason = fmt.Sprintf("ambiguous: %d ConnectWise companies have identifier %q",
				len(cs), pc.ExternalID)
			return p
		}
	}

	name := Normalize(pc.Name)
	if name == "" && len(pc.Domains) == 0 {
		p.Reason = "the platform company has no name to match"
		return p
	}

	return ix.decide(p, pc, ix.score(name, domainKeys(pc.Domains...)))
}

// matched fills p with company c found by method.
func matched(p Proposal, c cwm.Company, method string) Proposal {
	p.CWCompanyID = c.ID
	p.CWCompanyIdentifier = c.Identifier
	p.CWCompanyName = c.Name
	p.Method = method
	p.Confidence = 1.0
	p.Applied = true
	if method == MethodIdentifier {
		p.Evidence = fmt.Sprintf("identifier %q", c.Identifier)
	} else if method == MethodKept {
		p.Evidence = "confirmed earlier"
	}

	return p
}

// markNameConflicts unapplies name matches whose ConnectWise company is
// also claimed by another applied proposal: two platform companies billed
// into one ConnectWise company is a decision for the partner.
func markNameConflicts(ps []Proposal) {
	claims := make(map[int]int)
	for _, p := range ps {
		if p.Applied {
			claims[p.CWCompanyID]++
		}
	}
	for i, p := range ps {
		automatic := p.Method != MethodKept && p.Method != MethodIdentifier
		if n := claims[p.CWCompanyID]; p.Applied && automatic && n > 1 {
			ps[i].Applied = false
			ps[i].Reason = fmt.Sprintf("conflict: %d platform companies match ConnectWise company %q",
				n, p.CWCompanyName)
		}
	}
}

// joinReasons joins the non-empty reasons with "; ".
func joinReasons(reasons ...string) string {
	var kept []string
	for _, r := range reasons {
		if r != "" {
			kept = append(kept, r)
		}
	}

	return strings.Join(kept, "; ")
}
