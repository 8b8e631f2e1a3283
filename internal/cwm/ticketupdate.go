package cwm

import (
	"context"
	"errors"
	"net/http"
	"strconv"
)

// Update applies ops to a ticket with PATCH and returns the ticket as
// ConnectWise stored it. Paths are top-level field names ("status"). A
// PATCH made only of replace operations is retried like a read; any other
// is sent once.
func (s *TicketsService) Update(ctx context.Context, id int, ops []PatchOperation) (*Ticket, *Response, error) {
	if len(ops) == 0 {
		return nil, nil, errors.New("updating ticket: no patch operations given")
	}
	if onlyReplaces(ops) {
		ctx = withIdempotent(ctx)
	}
	return sendJSON[Ticket](ctx, s.client, http.MethodPatch, ticketsPath+"/"+strconv.Itoa(id), ops)
}
