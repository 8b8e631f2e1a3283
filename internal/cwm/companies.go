package cwm

import (
	"context"
	"iter"
	"strconv"
)

// CompaniesService reads ConnectWise companies (company/companies).
type CompaniesService service

const companiesPath = "company/companies"

// List fetches one page of companies.
func (s *CompaniesService) List(ctx context.Context,
	opts *ListOptions) ([]Company, *Response, error) {
	return listPage[Company](ctx, s.client, companiesPath, nil, opts)
}

// All yields every company matching opts, across all pages.
func (s *CompaniesService) All(ctx context.Context, opts *ListOptions) iter.Seq2[Company, error] {
	return listAll[Company](ctx, s.client, companiesPath, nil, opts)
}

// Get fetches the company with the given id.
func (s *CompaniesService) Get(ctx context.Context, id int) (*Company, *Response, error) {
	return getOne[Company](ctx, s.client, companiesPath+"/"+strconv.Itoa(id))
}

// Count returns how many companies match the conditions of opts.
func (s *CompaniesService) Count(ctx context.Context, opts *ListOptions) (int, *Response, error) {
	return countRows(ctx, s.client, companiesPath, nil, opts)
}
