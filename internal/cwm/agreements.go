package cwm

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strconv"
	"strings"
)

// AgreementsService reads agreements (finance/agreements) and updates the
// quantities of their additions.
type AgreementsService service

const agreementsPath = "finance/agreements"

// List fetches one page of agreements.
func (s *AgreementsService) List(ctx context.Context,
	opts *ListOptions) ([]Agreement, *Response, error) {
	return listPage[Agreement](ctx, s.client, agreementsPath, nil, opts)
}

// All yields every agreement matching opts, across all pages.
func (s *AgreementsService) All(ctx context.Context,
	opts *ListOptions) iter.Seq2[Agreement, error] {
	return listAll[Agreement](ctx, s.client, agreementsPath, nil, opts)
}

// Get fetches the agreement with the given id.
func (s *AgreementsService) Get(ctx context.Context, id int) (*Agreement, *Response, error) {
	return getOne[Agreement](ctx, s.client, agreementsPath+"/"+strconv.Itoa(id))
}

// ListAdditions fetches one page of the additions of an agreement.
func (s *AgreementsService) ListAdditions(ctx context.Context, agreementID int,
	opts *ListOptions) ([]Addition, *Response, error) {
	return listPage[Addition](ctx, s.client, additionsPath(agreementID), nil, opts)
}

// AllAdditions yields every addition of an agreement, across all pages.
func (s *AgreementsService) AllAdditions(ctx context.Context, agreementID int,
	opts *ListOptions) iter.Seq2[Addition, error] {
	return listAll[Addition](ctx, s.client, additionsPath(agreementID), nil, opts)
}

// UpdateAddition applies ops to an addition with PATCH and returns the
// addition as ConnectWise stored it. Paths are top-level field names
// ("quantity"); ConnectWise may answer 200 without change to a nested path.
// A PATCH made only of replace operations sets the same values however
// often it arrives, so it is retried like a read; any other is sent once.
func (s *AgreementsService) UpdateAddition(ctx context.Context, agreementID, additionID int,
	ops []PatchOperation) (*Addition, *Response, error) {
	if len(ops) == 0 {
		return nil, nil, errors.New("updating addition: no patch operations given")
	}
	path := fmt.Sprintf("%s/%d", additionsPath(agreementID), additionID)
	if onlyReplaces(ops) {
		ctx = withIdempotent(ctx)
	}
	return sendJSON[Addition](ctx, s.client, http.MethodPatch, path, ops)
}

func additionsPath(agreementID int) string {
	return fmt.Sprintf("%s/%d/additions", agreementsPath, agreementID)
}

// Count returns how many agreements match the conditions of opts.
func (s *AgreementsService) Count(ctx context.Context, opts *ListOptions) (int, *Response, error) {
	return countRows(ctx, s.client, agreementsPath, nil, opts)
}

// CountAdditions returns how many additions of an agreement match the
// conditions of opts.
func (s *AgreementsService) CountAdditions(ctx context.Context, agreementID int,
	opts *ListOptions) (int, *Response, error) {
	return countRows(ctx, s.client, additionsPath(agreementID), nil, opts)
}

func onlyReplaces(ops []PatchOperation) bool {
	for _, op := range ops {
		if !strings.EqualFold(op.Op, "replace") {
			return false
		}
	}
	return true
}
