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
)

// PlatformCompany is a client company as the security-awareness platform
// knows it.
type PlatformCompany struct {
	ID         int64
	ExternalID string // the platform's own key; may equal a CW identifier
	Name       string
	Domains    []string // e-mail domains; not used for matching yet
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

	Method     string  // MethodKept, MethodIdentifier, MethodName or ""
	Confidence float64 // 1.0 for kept, identifier and exact-name matches
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

// Propose matches each platform company to a live ConnectWise company. kept
// holds mappings the partner confirmed earlier (platform company id to
// ConnectWise company id); they win over any automatic match while their
// ConnectWise company is live. Then an external id equal to a company
// identifier (case-insensitive) wins, then an exact normalised name. Deleted
// companies are never proposed, two live candidates are never chosen
// between, and two platform companies matched by name to the same
// ConnectWise company are both left for the partner. Proposals come back in
// the order of platform.
func Propose(platform []PlatformCompany, cw []cwm.Company, kept map[int64]int) []Proposal {
	ix := newCompanyIndex(cw)
	out := make([]Proposal, 0, len(platform))
	for _, pc := range platform {
		out = append(out, ix.propose(pc, kept))
	}
	markNameConflicts(out)

	return out
}

// companyIndex finds live ConnectWise companies by id, identifier and
// normalised name.
type companyIndex struct {
	byID         map[int]cwm.Company
	byIdentifier map[string][]cwm.Company
	byName       map[string][]cwm.Company
}

// newCompanyIndex indexes the companies of cw that are not deleted.
func newCompanyIndex(cw []cwm.Company) *companyIndex {
	ix := &companyIndex{
		byID:         make(map[int]cwm.Company),
		byIdentifier: make(map[string][]cwm.Company),
		byName:       make(map[string][]cwm.Company),
	}
	for _, c := range cw {
		if c.DeletedFlag {
			continue
		}
		ix.byID[c.ID] = c
		if id := strings.ToLower(strings.TrimSpace(c.Identifier)); id != "" {
			ix.byIdentifier[id] = append(ix.byIdentifier[id], c)
		}
		if n := Normalize(c.Name); n != "" {
			ix.byName[n] = append(ix.byName[n], c)
		}
	}

	return ix
}

// propose finds the company for one platform company.
func (ix *companyIndex) propose(pc PlatformCompany, kept map[int64]int) Proposal {
	p := Proposal{PlatformCompanyID: pc.ID, ExternalID: pc.ExternalID, PlatformName: pc.Name}
	stale := ""
	if cwID, ok := kept[pc.ID]; ok {
		if c, live := ix.byID[cwID]; live {
			return matched(p, c, MethodKept)
		}
		stale = fmt.Sprintf("the confirmed ConnectWise company %d is deleted or gone", cwID)
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

// match tries the external id, then the name.
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
	switch cs := ix.byName[name]; {
	case name == "":
		p.Reason = "the platform company has no name to match"
	case len(cs) == 0:
		p.Reason = fmt.Sprintf("no ConnectWise company named %q", pc.Name)
	case len(cs) == 1:
		return matched(p, cs[0], MethodName)
	default:
		p.Reason = fmt.Sprintf("ambiguous: %d ConnectWise companies named %q", len(cs), pc.Name)
	}

	return p
}

// matched fills p with company c found by method.
func matched(p Proposal, c cwm.Company, method string) Proposal {
	p.CWCompanyID = c.ID
	p.CWCompanyIdentifier = c.Identifier
	p.CWCompanyName = c.Name
	p.Method = method
	p.Confidence = 1.0
	p.Applied = true

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
		if n := claims[p.CWCompanyID]; p.Applied && p.Method == MethodName && n > 1 {
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
