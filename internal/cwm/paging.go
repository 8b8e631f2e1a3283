package cwm

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Page sizes ConnectWise knows: its default, and its maximum.
const (
	DefaultPageSize = 25
	MaxPageSize     = 1000
)

// ListOptions are the query parameters every ConnectWise list accepts.
type ListOptions struct {
	// Conditions filters rows, e.g. built with Eq/And (see Condition).
	Conditions string
	// ChildConditions filters on arrays of sub-records, such as
	// communicationItems/value="a@b.example".
	ChildConditions string
	// OrderBy sorts, e.g. "name asc". All uses "id asc" when empty, so rows
	// do not shift between pages.
	OrderBy string
	// Fields limits the answer to these paths, e.g. "id", "company/id".
	Fields []string
	// Page is the 1-based page; 0 means the first.
	Page int
	// PageSize is the number of rows per page, at most 1000. 0 means 25
	// (ConnectWise's default) for List and 1000 for All.
	PageSize int
	// ForwardOnly pages by id cursor (the pagination-type: forward-only
	// header with pageId) instead of page numbers: rows come in id order
	// and inserts during a long sync neither shift nor repeat them. Use it
	// for large syncs. OrderBy must be empty; Page is ignored.
	ForwardOnly bool
	// PageID is the id after which a forward-only page starts; 0 means
	// from the first row. All follows the Link header from there.
	PageID int
}

// Response wraps the HTTP answer with what paging needs.
type Response struct {
	*http.Response
	// NextPage is the page the Link header names as next; 0 on the last.
	NextPage int
	// NextPageID is the pageId the Link header names as next in
	// forward-only paging; 0 when there is none.
	NextPageID int
	// RequestID is the server's request or trace id, when it sent one.
	RequestID string
}

// requestIDHeaders are the headers a ConnectWise answer (or its CDN) may
// carry an id in; which one ConnectWise itself sets is not documented.
var requestIDHeaders = []string{"X-Request-Id", "X-Correlation-Id", "Cf-Ray"}

func newResponse(resp *http.Response) *Response {
	link := resp.Header.Get("Link")
	r := &Response{Response: resp, NextPage: nextLinkParam(link, "page"),
		NextPageID: nextLinkParam(link, "pageId")}
	for _, h := range requestIDHeaders {
		if v := resp.Header.Get(h); v != "" {
			r.RequestID = v
			break
		}
	}
	return r
}

// query merges the options into q (the resource's own parameters).
func (o ListOptions) query(q url.Values, defaultSize int) url.Values {
	v := url.Values{}
	for k, vs := range q {
		v[k] = vs
	}
	setIf(v, "conditions", o.Conditions)
	setIf(v, "childConditions", o.ChildConditions)
	setIf(v, "orderBy", o.OrderBy)
	setIf(v, "fields", strings.Join(o.Fields, ","))
	if o.ForwardOnly {
		v.Set("pageId", strconv.Itoa(max(o.PageID, 0)))
	} else {
		v.Set("page", strconv.Itoa(max(o.Page, 1)))
	}
	v.Set("pageSize", strconv.Itoa(pageSize(o.PageSize, defaultSize)))
	return v
}

// check rejects combinations ConnectWise refuses.
func (o ListOptions) check() error {
	if o.ForwardOnly && o.OrderBy != "" {
		return fmt.Errorf("forward-only paging is always in id order: OrderBy %q is not allowed",
			o.OrderBy)
	}
	return nil
}

func setIf(v url.Values, key, value string) {
	if value != "" {
		v.Set(key, value)
	}
}

func pageSize(n, def int) int {
	if n <= 0 {
		return def
	}
	return min(n, MaxPageSize)
}

// listPage fetches one page of path into a slice of T.
func listPage[T any](ctx context.Context, c *Client, path string, q url.Values,
	opts *ListOptions) ([]T, *Response, error) {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	if err := o.check(); err != nil {
		return nil, nil, fmt.Errorf("listing %s: %w", path, err)
	}
	req, err := c.newRequest(ctx, http.MethodGet, path, o.query(q, DefaultPageSize), nil, "")
	if err != nil {
		return nil, nil, err
	}
	if o.ForwardOnly {
		req.Header.Set("pagination-type", "forward-only")
	}
	var items []T
	resp, err := c.do(req, &items)
	if err != nil {
		return nil, resp, err
	}
	return items, resp, nil
}

// listAll yields every row of path, page after page, in id order unless
// opts orders otherwise. An error is yielded once, as the last value.
func listAll[T any](ctx context.Context, c *Client, path string, q url.Values,
	opts *ListOptions) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for p, err := range pages[T](ctx, c, path, q, opts) {
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range p.items {
				if !yield(it, nil) {
					return
				}
			}
		}
	}
}

// page is one page of a list and the answer that carried it.
type page[T any] struct {
	items []T
	resp  *Response
}

// pages is the one paging loop: it yields page after page, following the
// Link header's next page, until there is none or a page is short or empty.
func pages[T any](ctx context.Context, c *Client, path string, q url.Values,
	opts *ListOptions) iter.Seq2[page[T], error] {
	return func(yield func(page[T], error) bool) {
		o := allOptions(opts)
		for {
			items, resp, err := listPage[T](ctx, c, path, q, &o)
			if err != nil {
				yield(page[T]{resp: resp}, fmt.Errorf("reading %s: %w", o.position(), err))
				return
			}
			if !yield(page[T]{items: items, resp: resp}, nil) {
				return
			}

			more, err := o.advance(path, resp, len(items))
			if err != nil {
				yield(page[T]{resp: resp}, err)
			}
			if !more {
				return
			}
		}
	}
}

func allOptions(opts *ListOptions) ListOptions {
	var o ListOptions
	if opts != nil {
		o = *opts
	}
	o.Page = max(o.Page, 1)
	o.PageSize = pageSize(o.PageSize, MaxPageSize)
	if o.OrderBy == "" && !o.ForwardOnly {
		o.OrderBy = "id asc"
	}
	return o
}

// position names the page o asks for, for errors.
func (o ListOptions) position() string {
	if o.ForwardOnly {
		return fmt.Sprintf("the page after id %d", o.PageID)
	}
	return fmt.Sprintf("page %d", o.Page)
}

// advance moves o to the page after the one just read and reports whether
// there is one.
func (o *ListOptions) advance(path string, resp *Response, rows int) (bool, error) {
	if !o.ForwardOnly {
		next, err := followingPage(path, resp, *o, rows)
		o.Page = max(next, o.Page)
		return next != 0, err
	}
	if resp.NextPageID == 0 || rows == 0 || rows < o.PageSize {
		return false, nil
	}
	if resp.NextPageID <= o.PageID {
		return false, fmt.Errorf("paging %s: the Link header's next pageId %d does not follow %d",
			path, resp.NextPageID, o.PageID)
	}
	o.PageID = resp.NextPageID
	return true, nil
}

// followingPage returns the page after o.Page, or 0 when there is none: no
// next link, or a short or empty page.
func followingPage(path string, resp *Response, o ListOptions, rows int) (int, error) {
	if resp.NextPage == 0 || rows == 0 || rows < o.PageSize {
		return 0, nil
	}
	if resp.NextPage <= o.Page {
		return 0, fmt.Errorf("paging %s: the Link header's next page %d does not follow page %d",
			path, resp.NextPage, o.Page)
	}
	return resp.NextPage, nil
}

// nextLinkParam finds rel="next" in a Link header and returns its integer
// parameter param (page or pageId). Link URLs may contain commas
// (fields=id,name), so the header is split on the angle brackets, not on
// commas.
func nextLinkParam(header, param string) int {
	for rest := header; ; {
		start := strings.IndexByte(rest, '<')
		end := strings.IndexByte(rest, '>')
		if start < 0 || end < start {
			return 0
		}
		target, params := rest[start+1:end], rest[end+1:]
		if i := strings.IndexByte(params, '<'); i >= 0 {
			params = params[:i]
		}
		if isNextRel(params) {
			return intParam(target, param)
		}
		rest = rest[end+1:]
	}
}

func isNextRel(params string) bool {
	for _, p := range strings.Split(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "rel") {
			continue
		}
		v = strings.Trim(strings.TrimSpace(v), `",`)
		for _, rel := range strings.Fields(v) {
			if strings.EqualFold(rel, "next") {
				return true
			}
		}
	}
	return false
}

func intParam(target, param string) int {
	u, err := url.Parse(target)
	if err != nil {
		return 0
	}
	for k, vs := range u.Query() {
		if strings.EqualFold(k, param) && len(vs) > 0 {
			n, err := strconv.Atoi(vs[0])
			if err == nil && n > 0 {
				return n
			}
		}
	}
	return 0
}

// countAnswer is what every /count endpoint answers.
type countAnswer struct {
	Count int `json:"count"`
}

// countRows asks path/count how many rows match the conditions of opts; paging,
// ordering and fields do not apply.
func countRows(ctx context.Context, c *Client, path string, q url.Values,
	opts *ListOptions) (int, *Response, error) {
	v := url.Values{}
	for k, vs := range q {
		v[k] = vs
	}
	if opts != nil {
		setIf(v, "conditions", opts.Conditions)
		setIf(v, "childConditions", opts.ChildConditions)
	}
	req, err := c.newRequest(ctx, http.MethodGet, path+"/count", v, nil, "")
	if err != nil {
		return 0, nil, err
	}
	var n countAnswer
	resp, err := c.do(req, &n)
	if err != nil {
		return 0, resp, err
	}
	return n.Count, resp, nil
}
