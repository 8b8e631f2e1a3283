package integration

import (
	"context"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/servicedesk"
)

// PSA adapts the ConnectWise client to the interfaces the service desk,
// mapping and billing own.
type PSA struct {
	Client *cwm.Client
}

// FindTicketByXRef implements servicedesk.PSA.
func (p PSA) FindTicketByXRef(ctx context.Context, key string) (*cwm.Ticket, error) {
	return p.Client.Tickets.FindByExternalXRef(ctx, key)
}

// CreateTicket implements servicedesk.PSA.
func (p PSA) CreateTicket(ctx context.Context, t *cwm.Ticket) (*cwm.Ticket, error) {
	created, _, err := p.Client.Tickets.Create(ctx, t)
	return created, err
}

// FindContact implements servicedesk.PSA.
func (p PSA) FindContact(ctx context.Context, companyID int, email string) (*cwm.Contact, error) {
	contacts, err := p.Client.Contacts.FindByEmail(ctx, companyID, email)
	if err != nil || len(contacts) == 0 {
		return nil, err
	}
	for _, c := range contacts {
		if !c.InactiveFlag {
			return &c, nil
		}
	}
	return nil, nil
}

// Company implements servicedesk.PSA.
func (p PSA) Company(ctx context.Context, id int) (*cwm.Company, error) {
	c, _, err := p.Client.Companies.Get(ctx, id)
	return c, err
}

// UploadDocument implements servicedesk.PSA.
func (p PSA) UploadDocument(ctx context.Context, ticketID int, d servicedesk.Document) (*cwm.Document, error) {
	doc, _, err := p.Client.Documents.Upload(ctx, &cwm.DocumentUploadRequest{
		RecordType: "Ticket", RecordID: ticketID, Title: d.Title, FileName: d.Name, Content: d.Content,
	})
	return doc, err
}

// Companies implements mapping.Directory: every company, deleted ones
// included, narrowed to the fields matching uses, with forward-only paging.
func (p PSA) Companies(ctx context.Context) ([]cwm.Company, error) {
	return collect(p.Client.Companies.All(ctx, &cwm.ListOptions{ForwardOnly: true,
		Fields: []string{"id", "identifier", "name", "status", "types", "website", "deletedFlag", "defaultContact"},
	}))
}

// Agreements implements mapping.Directory.
func (p PSA) Agreements(ctx context.Context, companyID int) ([]cwm.Agreement, error) {
	return collect(p.Client.Agreements.All(ctx, &cwm.ListOptions{
		Conditions: cwm.Eq("company/id", companyID).String(),
	}))
}

// Additions implements mapping.Directory.
func (p PSA) Additions(ctx context.Context, agreementID int) ([]cwm.Addition, error) {
	return collect(p.Client.Agreements.AllAdditions(ctx, agreementID, nil))
}

// Addition implements billing.Agreements.
func (p PSA) Addition(ctx context.Context, agreementID, additionID int) (*cwm.Addition, error) {
	adds, _, err := p.Client.Agreements.ListAdditions(ctx, agreementID, &cwm.ListOptions{
		Conditions: cwm.Eq("id", additionID).String(),
	})
	if err != nil {
		return nil, err
	}
	if len(adds) == 0 {
		return nil, &cwm.Error{StatusCode: 404, Code: "NotFound", Message: "addition not found on the agreement"}
	}
	return &adds[0], nil
}

// SetAdditionQuantity implements billing.Agreements.
func (p PSA) SetAdditionQuantity(ctx context.Context, agreementID, additionID int, quantity float64) (*cwm.Addition, error) {
	a, _, err := p.Client.Agreements.UpdateAddition(ctx, agreementID, additionID,
		[]cwm.PatchOperation{{Op: "replace", Path: "quantity", Value: quantity}})
	return a, err
}

func collect[T any](seq func(func(T, error) bool)) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// TicketDocuments implements servicedesk.PSA.
func (p PSA) TicketDocuments(ctx context.Context, ticketID int) ([]cwm.Document, error) {
	return collect(p.Client.Documents.All(ctx, "Ticket", ticketID, nil))
}
