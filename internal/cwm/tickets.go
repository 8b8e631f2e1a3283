package cwm

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strconv"
)

// TicketsService creates and reads service tickets (service/tickets) and
// their notes.
type TicketsService service

const ticketsPath = "service/tickets"

// Create creates a ticket and returns it as ConnectWise stored it. The POST
// is never sent twice. When its outcome is unknown (a timeout, a reset or
// a redirect after sending) and the ticket has an ExternalXRef, Create
// looks the ticket up by it and returns the one found. Otherwise the error
// carries ErrMaybeCreated: look the ticket up before creating it again.
func (s *TicketsService) Create(ctx context.Context, t *Ticket) (*Ticket, *Response, error) {
	if t == nil {
		return nil, nil, errors.New("creating ticket: no ticket given")
	}
	created, resp, err := sendJSON[Ticket](ctx, s.client, http.MethodPost, ticketsPath, t)
	if err == nil || !errors.Is(err, ErrMaybeCreated) || t.ExternalXRef == "" {
		return created, resp, err
	}
	found, findResp, findErr := s.findByXRef(ctx, t.ExternalXRef)
	if findErr != nil || found == nil {
		return nil, resp, err
	}
	return found, findResp, nil
}

// Get fetches the ticket with the given id.
func (s *TicketsService) Get(ctx context.Context, id int) (*Ticket, *Response, error) {
	return getOne[Ticket](ctx, s.client, ticketsPath+"/"+strconv.Itoa(id))
}

// List fetches one page of tickets.
func (s *TicketsService) List(ctx context.Context, opts *ListOptions) ([]Ticket, *Response, error) {
	return listPage[Ticket](ctx, s.client, ticketsPath, nil, opts)
}

// All yields every ticket matching opts, across all pages.
func (s *TicketsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Ticket, error] {
	return listAll[Ticket](ctx, s.client, ticketsPath, nil, opts)
}

// FindByExternalXRef returns the ticket whose externalXRef is key, the
// oldest one should there be several, or nil and no error when none has it.
func (s *TicketsService) FindByExternalXRef(ctx context.Context, key string) (*Ticket, error) {
	if key == "" {
		return nil, errors.New("finding ticket: external reference is empty")
	}
	t, _, err := s.findByXRef(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("finding ticket by external reference: %w", err)
	}
	return t, nil
}

func (s *TicketsService) findByXRef(ctx context.Context, key string) (*Ticket, *Response, error) {
	opts := &ListOptions{
		Conditions: Eq("externalXRef", key).String(),
		OrderBy:    "id asc",
		PageSize:   1,
	}
	tickets, resp, err := s.List(ctx, opts)
	if err != nil || len(tickets) == 0 {
		return nil, resp, err
	}
	return &tickets[0], resp, nil
}

// AddNote adds a note to a ticket. Set one of DetailDescriptionFlag,
// InternalAnalysisFlag or a resolution flag: ConnectWise may reject a note
// with none. The POST is never retried.
func (s *TicketsService) AddNote(ctx context.Context, ticketID int,
	n *ServiceNote) (*ServiceNote, *Response, error) {
	if n == nil {
		return nil, nil, errors.New("adding ticket note: no note given")
	}
	path := fmt.Sprintf("%s/%d/notes", ticketsPath, ticketID)
	return sendJSON[ServiceNote](ctx, s.client, http.MethodPost, path, n)
}

// Count returns how many tickets match the conditions of opts.
func (s *TicketsService) Count(ctx context.Context, opts *ListOptions) (int, *Response, error) {
	return countRows(ctx, s.client, ticketsPath, nil, opts)
}
