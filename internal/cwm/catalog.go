package cwm

import (
	"context"
	"iter"
)

// CatalogService reads the product catalog (procurement/catalog).
type CatalogService service

const catalogPath = "procurement/catalog"

// List fetches one page of catalog items.
func (s *CatalogService) List(ctx context.Context,
	opts *ListOptions) ([]CatalogItem, *Response, error) {
	return listPage[CatalogItem](ctx, s.client, catalogPath, nil, opts)
}

// All yields every catalog item matching opts, across all pages.
func (s *CatalogService) All(ctx context.Context, opts *ListOptions) iter.Seq2[CatalogItem, error] {
	return listAll[CatalogItem](ctx, s.client, catalogPath, nil, opts)
}

// Count returns how many catalog items match the conditions of opts.
func (s *CatalogService) Count(ctx context.Context, opts *ListOptions) (int, *Response, error) {
	return countRows(ctx, s.client, catalogPath, nil, opts)
}
