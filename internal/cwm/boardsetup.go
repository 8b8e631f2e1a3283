package cwm

import (
	"context"
	"fmt"
	"iter"
)

// BoardStatus is a status of a service board
// (service/boards/{id}/statuses).
type BoardStatus struct {
	ID           int        `json:"id,omitempty"`
	Name         string     `json:"name,omitempty"`
	Board        *Reference `json:"board,omitempty"`
	SortOrder    int        `json:"sortOrder,omitempty"`
	DefaultFlag  bool       `json:"defaultFlag,omitempty"`
	Inactive     bool       `json:"inactive,omitempty"`
	ClosedStatus bool       `json:"closedStatus,omitempty"`
}

// Closed reports whether a ticket in this status is closed: ConnectWise
// flags it, and by convention its name starts with ">".
func (s BoardStatus) Closed() bool {
	return s.ClosedStatus || (len(s.Name) > 0 && s.Name[0] == '>')
}

// BoardType is a ticket type of a service board (service/boards/{id}/types).
type BoardType struct {
	ID           int        `json:"id,omitempty"`
	Name         string     `json:"name,omitempty"`
	Board        *Reference `json:"board,omitempty"`
	DefaultFlag  bool       `json:"defaultFlag,omitempty"`
	InactiveFlag bool       `json:"inactiveFlag,omitempty"`
}

// BoardSubType is a ticket subtype of a service board
// (service/boards/{id}/subtypes).
type BoardSubType struct {
	ID           int        `json:"id,omitempty"`
	Name         string     `json:"name,omitempty"`
	Board        *Reference `json:"board,omitempty"`
	InactiveFlag bool       `json:"inactiveFlag,omitempty"`
}

// BoardItem is a ticket item of a service board (service/boards/{id}/items).
type BoardItem struct {
	ID           int        `json:"id,omitempty"`
	Name         string     `json:"name,omitempty"`
	Board        *Reference `json:"board,omitempty"`
	InactiveFlag bool       `json:"inactiveFlag,omitempty"`
}

func boardChild(boardID int, child string) string {
	return fmt.Sprintf("%s/%d/%s", boardsPath, boardID, child)
}

// AllStatuses yields every status of a board, across all pages.
func (s *BoardsService) AllStatuses(ctx context.Context, boardID int, opts *ListOptions) iter.Seq2[BoardStatus, error] {
	return listAll[BoardStatus](ctx, s.client, boardChild(boardID, "statuses"), nil, opts)
}

// AllTypes yields every ticket type of a board, across all pages.
func (s *BoardsService) AllTypes(ctx context.Context, boardID int, opts *ListOptions) iter.Seq2[BoardType, error] {
	return listAll[BoardType](ctx, s.client, boardChild(boardID, "types"), nil, opts)
}

// AllSubTypes yields every ticket subtype of a board, across all pages.
func (s *BoardsService) AllSubTypes(ctx context.Context, boardID int, opts *ListOptions) iter.Seq2[BoardSubType, error] {
	return listAll[BoardSubType](ctx, s.client, boardChild(boardID, "subtypes"), nil, opts)
}

// AllItems yields every ticket item of a board, across all pages.
func (s *BoardsService) AllItems(ctx context.Context, boardID int, opts *ListOptions) iter.Seq2[BoardItem, error] {
	return listAll[BoardItem](ctx, s.client, boardChild(boardID, "items"), nil, opts)
}

// Priority is a ticket priority (service/priorities).
type Priority struct {
	ID          int    `json:"id,omitempty"`
	Name        string `json:"name,omitempty"`
	SortOrder   int    `json:"sortOrder,omitempty"`
	DefaultFlag bool   `json:"defaultFlag,omitempty"`
}

// Source is where a ticket came from (service/sources).
type Source struct {
	ID          int    `json:"id,omitempty"`
	Name        string `json:"name,omitempty"`
	DefaultFlag bool   `json:"defaultFlag,omitempty"`
}

// PrioritiesService reads ticket priorities (service/priorities).
type PrioritiesService service

// All yields every priority matching opts, across all pages.
func (s *PrioritiesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Priority, error] {
	return listAll[Priority](ctx, s.client, "service/priorities", nil, opts)
}

// SourcesService reads ticket sources (service/sources).
type SourcesService service

// All yields every source matching opts, across all pages.
func (s *SourcesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Source, error] {
	return listAll[Source](ctx, s.client, "service/sources", nil, opts)
}

// Collect gathers every element of seq, stopping at the first error.
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}
