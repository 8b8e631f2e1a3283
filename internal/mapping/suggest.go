package mapping

import (
	"context"
	"fmt"
)

// DomainDirectory is a Directory that can also read the e-mail domains of
// every company's contacts, which matching uses as evidence.
type DomainDirectory interface {
	// ContactDomains returns the domains of active contacts by company id.
	ContactDomains(ctx context.Context) (map[int][]string, error)
}

// Suggest proposes a mapping for every platform company with the default
// Options; see Matcher.Suggest.
func Suggest(ctx context.Context, d Directory, platform []PlatformCompany, kept map[int64]int,
	productIdentifier string) ([]Proposal, error) {
	return (&Matcher{}).Suggest(ctx, d, platform, kept, productIdentifier)
}

// Suggest proposes a mapping for every platform company, reading the
// ConnectWise companies (and, when d is a DomainDirectory and
// ContactDomains is nil, their contacts' domains) through d, and for each
// applied proposal chooses the agreement addition of productIdentifier
// (DefaultProduct when empty). A proposal whose addition cannot be chosen
// keeps its company and says why in AdditionReason. kept is as for Propose.
func (m *Matcher) Suggest(ctx context.Context, d Directory, platform []PlatformCompany,
	kept map[int64]int, productIdentifier string) ([]Proposal, error) {
	companies, err := d.Companies(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing companies: %w", err)
	}
	mm := *m
	if dd, ok := d.(DomainDirectory); ok && mm.ContactDomains == nil {
		if mm.ContactDomains, err = dd.ContactDomains(ctx); err != nil {
			return nil, fmt.Errorf("listing contact domains: %w", err)
		}
	}

	ps := mm.Propose(platform, companies, kept)
	for i := range ps {
		if err := chooseFor(ctx, d, &ps[i], productIdentifier); err != nil {
			return nil, err
		}
		if m.Progress != nil {
			m.Progress(i+1, len(ps))
		}
	}

	return ps, nil
}

// chooseFor fills the agreement and addition of an applied proposal.
//
// TODO: this reads the agreements of each company and the additions of
// each active agreement, two or more calls per company; at the client's
// paced rate 10,000 companies take tens of minutes. Reading all active
// agreements in one forward-only walk would halve it.
func chooseFor(ctx context.Context, d Directory, p *Proposal, product string) error {
	if !p.Applied {
		return nil
	}
	agreementID, additionID, reason, err := ChooseAddition(ctx, d, p.CWCompanyID, product)
	if err != nil {
		return fmt.Errorf("choosing the addition for company %d: %w", p.CWCompanyID, err)
	}
	p.AgreementID, p.AdditionID, p.AdditionReason = agreementID, additionID, reason

	return nil
}
