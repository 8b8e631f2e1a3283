package servicedesk

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/mailcheck"
)

// PSA is what the service desk needs from ConnectWise.
type PSA interface {
	// FindTicketByXRef returns the ticket carrying key in externalXRef, or
	// nil when there is none.
	FindTicketByXRef(ctx context.Context, key string) (*cwm.Ticket, error)
	CreateTicket(ctx context.Context, t *cwm.Ticket) (*cwm.Ticket, error)
	// FindContact returns the contact of the company with that e-mail
	// address, or nil when there is none.
	FindContact(ctx context.Context, companyID int, email string) (*cwm.Contact, error)
	Company(ctx context.Context, id int) (*cwm.Company, error)
	UploadDocument(ctx context.Context, ticketID int, d Document) (*cwm.Document, error)
	// TicketDocuments lists the documents already on a ticket.
	TicketDocuments(ctx context.Context, ticketID int) ([]cwm.Document, error)
}

// Ledger remembers which documents of a report were uploaded, so that a
// retried report uploads each document once.
type Ledger interface {
	UploadedDocuments(ctx context.Context, reportID int64) (map[string]bool, error)
	RecordDocument(ctx context.Context, reportID int64, name string, cwDocumentID int) error
}

// Settings are the partner's choices for tickets.
type Settings struct {
	BoardID    int // required: the API member's default board unless the partner chose one
	TypeID     int // optional; must belong to the board
	SubTypeID  int // optional; must belong to the board
	ItemID     int // optional; must belong to the board
	PriorityID int // optional
	SourceID   int // optional
	// AllowedExtensions lists the file extensions the instance accepts
	// (lower case, no dot); other attachments are uploaded zipped. Empty
	// means DefaultAllowedExtensions.
	AllowedExtensions []string
}

// Job is one report to ticket.
type Job struct {
	ReportID      int64
	Key           string // stable key of the report; becomes the ticket's externalXRef
	ReporterEmail string
	CWCompanyID   int
	Result        *mailcheck.Result
	AnalysisJSON  []byte
}

// Outcome is what ticketing a report did.
type Outcome struct {
	TicketID          int
	Created           bool // false when an earlier attempt had already created it
	ContactID         int
	DocumentsUploaded int
}

// Ticketer creates tickets for reports.
type Ticketer struct {
	PSA      PSA
	Ledger   Ledger
	Settings Settings
}

// ErrNoBoard means no service board is configured for tickets.
var ErrNoBoard = errors.New("no service board: set a default service board on the API member " +
	"(System › Members › API Members › the member › Service Default Board) or choose a board")

// XRef is the externalXRef psabridge writes for a report key.
func XRef(key string) string {
	return Truncate("psabridge:"+key, MaxExternalXRef)
}

// Ticket makes sure the report has exactly one ticket with all its
// documents. It is safe to call again after any failure.
func (t *Ticketer) Ticket(ctx context.Context, job Job) (Outcome, error) {
	out, err := t.EnsureTicket(ctx, job)
	if err != nil {
		return out, err
	}
	out.DocumentsUploaded, err = t.UploadDocuments(ctx, job, out.TicketID, !out.Created)
	return out, err
}

// EnsureTicket makes sure the report has exactly one ticket, without its
// documents (see UploadDocuments). It is safe to call again after any
// failure: a ticket an earlier attempt created is found by its key.
func (t *Ticketer) EnsureTicket(ctx context.Context, job Job) (Outcome, error) {
	if t.Settings.BoardID == 0 {
		return Outcome{}, ErrNoBoard
	}
	ticket, created, contactID, err := t.ensureTicket(ctx, job)
	if err != nil {
		return Outcome{}, err
	}
	return Outcome{TicketID: ticket.ID, Created: created, ContactID: contactID}, nil
}

// UploadDocuments uploads the report's documents that the ticket lacks and
// returns how many it uploaded; each is uploaded once however often it is
// called. reused says the ticket may hold documents psabridge did not
// record (it was found again rather than created, or an upload's outcome
// was lost): they are listed first.
func (t *Ticketer) UploadDocuments(ctx context.Context, job Job, ticketID int, reused bool) (int, error) {
	n, err := t.uploadDocuments(ctx, job, ticketID, reused)
	if err != nil {
		return n, fmt.Errorf("uploading documents to ticket %d: %w", ticketID, err)
	}
	return n, nil
}

func (t *Ticketer) ensureTicket(ctx context.Context, job Job) (*cwm.Ticket, bool, int, error) {
	xref := XRef(job.Key)
	existing, err := t.PSA.FindTicketByXRef(ctx, xref)
	if err != nil {
		return nil, false, 0, fmt.Errorf("looking up ticket %s: %w", xref, err)
	}
	if existing != nil {
		return existing, false, refID(existing.Contact), nil
	}

	contact, err := t.contact(ctx, job)
	if err != nil {
		return nil, false, 0, err
	}
	created, err := t.PSA.CreateTicket(ctx, t.newTicket(job, xref, contact))
	if err != nil {
		return nil, false, 0, fmt.Errorf("creating ticket: %w", err)
	}
	return created, true, refID(contact), nil
}

func (t *Ticketer) newTicket(job Job, xref string, contact *cwm.Reference) *cwm.Ticket {
	tk := &cwm.Ticket{
		Summary:            Summary(job.Result),
		Board:              &cwm.Reference{ID: t.Settings.BoardID},
		Company:            &cwm.Reference{ID: job.CWCompanyID},
		Contact:            contact,
		ExternalXRef:       xref,
		InitialDescription: Description(job.Result, job.ReporterEmail),
		Type:               optionalRef(t.Settings.TypeID),
		SubType:            optionalRef(t.Settings.SubTypeID),
		Item:               optionalRef(t.Settings.ItemID),
		Priority:           optionalRef(t.Settings.PriorityID),
		Source:             optionalRef(t.Settings.SourceID),
	}
	if contact == nil && job.ReporterEmail != "" && len(job.ReporterEmail) <= MaxEmail {
		tk.ContactEmailAddress = job.ReporterEmail
	}
	return tk
}

// contact is the reporter's contact at the company, else the company's
// default contact, else none.
func (t *Ticketer) contact(ctx context.Context, job Job) (*cwm.Reference, error) {
	if email := strings.TrimSpace(job.ReporterEmail); email != "" {
		c, err := t.PSA.FindContact(ctx, job.CWCompanyID, email)
		if err != nil {
			return nil, fmt.Errorf("finding contact %s: %w", email, err)
		}
		if c != nil {
			return &cwm.Reference{ID: c.ID}, nil
		}
	}
	company, err := t.PSA.Company(ctx, job.CWCompanyID)
	if err != nil {
		return nil, fmt.Errorf("reading company %d: %w", job.CWCompanyID, err)
	}
	if company.DefaultContact != nil && company.DefaultContact.ID != 0 {
		return &cwm.Reference{ID: company.DefaultContact.ID}, nil
	}
	return nil, nil
}

func optionalRef(id int) *cwm.Reference {
	if id == 0 {
		return nil
	}
	return &cwm.Reference{ID: id}
}

func refID(r *cwm.Reference) int {
	if r == nil {
		return 0
	}
	return r.ID
}
