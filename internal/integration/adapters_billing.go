package integration

import (
	"context"
	"strings"

	"github.com/psabridge/psabridge/internal/billing"
	"github.com/psabridge/psabridge/internal/cwm"
)

// agreementBatch is how many agreement ids one read asks for; it keeps the
// conditions parameter far below URL length limits.
const agreementBatch = 100

// agreementFields are the agreement fields billing decides on.
var agreementFields = []string{"id", "name", "company", "endDate", "noEndingDateFlag",
	"cancelledFlag", "agreementStatus"}

// AgreementsByID implements billing.Agreements: the agreements in batches
// of 100 ids, so a push reads agreements in a few calls, not one each.
func (p PSA) AgreementsByID(ctx context.Context, ids []int) ([]cwm.Agreement, error) {
	var out []cwm.Agreement
	for start := 0; start < len(ids); start += agreementBatch {
		batch := ids[start:min(start+agreementBatch, len(ids))]
		vs := make([]any, len(batch))
		for i, id := range batch {
			vs[i] = id
		}
		got, err := collect(p.Client.Agreements.All(ctx, &cwm.ListOptions{
			Conditions: cwm.In("id", vs...).String(), Fields: agreementFields,
		}))
		if err != nil {
			return out, err
		}
		out = append(out, got...)
	}

	return out, nil
}

// UpdateAddition implements billing.Agreements with one PATCH that sets the
// quantity and whether ConnectWise prorates it over the current period.
func (p PSA) UpdateAddition(ctx context.Context, agreementID, additionID int,
	u billing.Update) (*cwm.Addition, error) {
	a, _, err := p.Client.Agreements.UpdateAddition(ctx, agreementID, additionID,
		[]cwm.PatchOperation{
			{Op: "replace", Path: "quantity", Value: u.Quantity},
			{Op: "replace", Path: "prorateCurrentPeriodFlag", Value: u.Prorate},
		})

	return a, err
}

// CreateAddition implements mapping.AdditionCreator: an addition of the
// catalog product with quantity 0, billing from today, which the next push
// fills in.
func (p PSA) CreateAddition(ctx context.Context, agreementID int, productIdentifier string,
	effectiveDate string) (*cwm.Addition, error) {
	a, _, err := p.Client.Agreements.CreateAddition(ctx, agreementID, &cwm.Addition{
		Product: &cwm.Reference{Identifier: productIdentifier}, BillCustomer: "Billable",
		EffectiveDate: effectiveDate,
	})

	return a, err
}

// ContactDomains implements mapping.DomainDirectory: the e-mail domains of
// every active contact, by company id, read with forward-only paging and
// narrowed fields.
func (p PSA) ContactDomains(ctx context.Context) (map[int][]string, error) {
	out := make(map[int][]string)
	opts := &cwm.ListOptions{ForwardOnly: true, Conditions: cwm.Eq("inactiveFlag", false).String(),
		Fields: []string{"id", "company", "communicationItems"}}
	for c, err := range p.Client.Contacts.All(ctx, opts) {
		if err != nil {
			return out, err
		}
		if c.Company == nil {
			continue
		}
		for _, item := range c.CommunicationItems {
			if _, domain, ok := strings.Cut(item.Value, "@"); ok && item.CommunicationType == "Email" {
				out[c.Company.ID] = append(out[c.Company.ID], strings.ToLower(domain))
			}
		}
	}

	return out, nil
}
