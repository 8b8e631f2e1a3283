package mapping

import (
	"context"
	"fmt"
)

// Suggest proposes a mapping for every platform company, reading the
// ConnectWise companies through d, and for each applied proposal chooses the
// agreement addition of productIdentifier (DefaultProduct when empty). A
// proposal whose addition cannot be chosen keeps its company and says why
// in AdditionReason. kept is as for Propose.
func Suggest(ctx context.Context, d Directory, platform []PlatformCompany, kept map[int64]int,
	productIdentifier string) ([]Proposal, error) {
	companies, err := d.Companies(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing companies: %w", err)
	}

	ps := Propose(platform, companies, kept)
	for i := range ps {
		if err := chooseFor(ctx, d, &ps[i], productIdentifier); err != nil {
			return nil, err
		}
	}

	return ps, nil
}

// chooseFor fills the agreement and addition of an applied proposal.
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
