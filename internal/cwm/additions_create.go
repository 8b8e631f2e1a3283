package cwm

import (
	"context"
	"net/http"
)

// CreateAddition adds an addition to an agreement with POST and returns it
// as ConnectWise stored it. The POST is never retried: on an error wrapping
// ErrMaybeCreated, list the agreement's additions before trying again.
func (s *AgreementsService) CreateAddition(ctx context.Context, agreementID int,
	a *Addition) (*Addition, *Response, error) {
	return sendJSON[Addition](ctx, s.client, http.MethodPost, additionsPath(agreementID), a)
}
