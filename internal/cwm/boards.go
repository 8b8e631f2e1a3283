package cwm

import (
	"context"
	"iter"
	"strconv"
)

// BoardsService reads service boards (service/boards).
type BoardsService service

const boardsPath = "service/boards"

// List fetches one page of service boards.
func (s *BoardsService) List(ctx context.Context, opts *ListOptions) ([]Board, *Response, error) {
	return listPage[Board](ctx, s.client, boardsPath, nil, opts)
}

// All yields every service board matching opts, across all pages.
func (s *BoardsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Board, error] {
	return listAll[Board](ctx, s.client, boardsPath, nil, opts)
}

// Get fetches the service board with the given id.
func (s *BoardsService) Get(ctx context.Context, id int) (*Board, *Response, error) {
	return getOne[Board](ctx, s.client, boardsPath+"/"+strconv.Itoa(id))
}

// Count returns how many service boards match the conditions of opts.
func (s *BoardsService) Count(ctx context.Context, opts *ListOptions) (int, *Response, error) {
	return countRows(ctx, s.client, boardsPath, nil, opts)
}
