package cwsandbox

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Paging limits of ConnectWise list calls.
const (
	defaultPageSize = 25
	maxPageSize     = 1000
)

// listQuery holds the standard list parameters of one call.
type listQuery struct {
	filter      cond
	order       []orderKey
	page, size  int
	forwardOnly bool
	pageID      int
	fields      fieldTree
}

// orderKey is one orderBy term.
type orderKey struct {
	path []string
	desc bool
}

// fieldTree is a fields= projection: each key keeps that member, with its
// subtree narrowing a nested object (an empty subtree keeps it whole).
type fieldTree map[string]fieldTree

func parseListQuery(c *call, sch *schema) (*listQuery, error) {
	v := c.r.URL.Query()
	q := &listQuery{fields: parseFields(v.Get("fields"))}
	var err error
	q.filter, err = compileFilter(sch, v.Get("conditions"), v.Get("childConditions"), v.Get("customFieldConditions"))
	if err != nil {
		return nil, conditionError(err)
	}
	if q.order, err = parseOrderBy(sch, v.Get("orderBy")); err != nil {
		return nil, conditionError(err)
	}
	if err := q.parsePaging(c.r, v); err != nil {
		return nil, err
	}
	return q, nil
}

// conditionError turns a parse failure into ConnectWise's 400 answer.
func conditionError(err error) error {
	var un *unknownNameError
	if errors.As(err, &un) {
		return newError(http.StatusBadRequest, "ApiFindCondition", "%s", un.Error())
	}
	return newError(http.StatusBadRequest, "InvalidObject", "%s", err.Error())
}

func (q *listQuery) parsePaging(r *http.Request, v url.Values) error {
	var err error
	if q.page, err = intParam(v, "page", 1); err != nil {
		return err
	}
	if q.size, err = intParam(v, "pageSize", defaultPageSize); err != nil {
		return err
	}
	q.page = max(q.page, 1)
	q.size = min(q.size, maxPageSize)
	if q.size < 1 {
		q.size = defaultPageSize
	}
	q.forwardOnly = strings.EqualFold(r.Header.Get("pagination-type"), "forward-only")
	if q.forwardOnly && len(q.order) > 0 {
		return newError(http.StatusBadRequest, "InvalidObject", "orderBy is not allowed with forward-only pagination")
	}
	q.pageID, err = intParam(v, "pageId", 0)
	return err
}

func intParam(v url.Values, name string, def int) (int, error) {
	s := v.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, newError(http.StatusBadRequest, "InvalidObject", "The value '%s' is not valid for %s.", s, name)
	}
	return n, nil
}

func parseOrderBy(sch *schema, s string) ([]orderKey, error) {
	var keys []orderKey
	for _, term := range strings.Split(s, ",") {
		words := strings.Fields(term)
		if len(words) == 0 {
			continue
		}
		if len(words) > 2 || (len(words) == 2 && !containsFold([]string{"asc", "desc"}, words[1])) {
			return nil, fmt.Errorf("%w: bad orderBy term %q", errSyntax, term)
		}
		path, err := plainResolver(sch)(strings.Split(words[0], "/"))
		if err != nil {
			return nil, err
		}
		keys = append(keys, orderKey{path: path, desc: len(words) == 2 && strings.EqualFold(words[1], "desc")})
	}
	return keys, nil
}

func parseFields(s string) fieldTree {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	tree := fieldTree{}
	for _, f := range strings.Split(s, ",") {
		node := tree
		for _, seg := range strings.Split(strings.TrimSpace(f), "/") {
			if node[seg] == nil {
				node[seg] = fieldTree{}
			}
			node = node[seg]
		}
	}
	return tree
}

// serveList answers a list call over rows.
func (c *call) serveList(sch *schema, rows []map[string]any) error {
	q, err := parseListQuery(c, sch)
	if err != nil {
		return err
	}
	matched := q.apply(rows)
	var page []map[string]any
	if q.forwardOnly {
		page = q.forwardPage(c, matched)
	} else {
		page = q.navigablePage(c, matched)
	}
	out := make([]any, 0, len(page))
	for _, rec := range page {
		out = append(out, q.fields.project(rec))
	}
	c.json(http.StatusOK, out)
	return nil
}

// serveCount answers a /count call over rows.
func (c *call) serveCount(sch *schema, rows []map[string]any) error {
	q, err := parseListQuery(c, sch)
	if err != nil {
		return err
	}
	c.json(http.StatusOK, map[string]int{"count": len(q.apply(rows))})
	return nil
}

// apply filters and sorts; ties and the default order are by id.
func (q *listQuery) apply(rows []map[string]any) []map[string]any {
	var out []map[string]any
	for _, rec := range rows {
		if q.filter.match(rec) {
			out = append(out, rec)
		}
	}
	slices.SortStableFunc(out, func(a, b map[string]any) int {
		for _, k := range q.order {
			if n := compareValues(lookup(a, k.path), lookup(b, k.path)); n != 0 {
				return map[bool]int{false: n, true: -n}[k.desc]
			}
		}
		return compareValues(a["id"], b["id"])
	})
	return out
}

func (q *listQuery) navigablePage(c *call, rows []map[string]any) []map[string]any {
	last := max(1, (len(rows)+q.size-1)/q.size)
	links := []string{c.link("page", 1, "first")}
	if q.page > 1 {
		links = append(links, c.link("page", min(q.page-1, last), "prev"))
	}
	if q.page < last {
		links = append(links, c.link("page", q.page+1, "next"))
	}
	links = append(links, c.link("page", last, "last"))
	c.w.Header().Set("Link", strings.Join(links, ", "))
	start := min((q.page-1)*q.size, len(rows))
	return rows[start:min(start+q.size, len(rows))]
}

// forwardPage serves id-cursor paging: rows after pageId in id order.
func (q *listQuery) forwardPage(c *call, rows []map[string]any) []map[string]any {
	var page []map[string]any
	for _, rec := range rows {
		if id, _ := intOf(rec["id"]); id > q.pageID && len(page) < q.size {
			page = append(page, rec)
		}
	}
	if len(page) > 0 {
		next, _ := intOf(page[len(page)-1]["id"])
		c.w.Header().Set("Link", c.link("pageId", next, "next"))
	}
	return page
}

// link renders one Link header entry: this call's absolute URL with the
// paging parameter set.
func (c *call) link(param string, value int, rel string) string {
	scheme := "http"
	if c.r.TLS != nil {
		scheme = "https"
	}
	v := c.r.URL.Query()
	v.Set(param, strconv.Itoa(value))
	u := url.URL{Scheme: scheme, Host: c.r.Host, Path: c.r.URL.Path, RawQuery: v.Encode()}
	return fmt.Sprintf("<%s>; rel=%q", u.String(), rel)
}

// compareValues orders JSON values: missing first, then by value.
func compareValues(a, b any) int {
	switch x := a.(type) {
	case nil:
		if b == nil {
			return 0
		}
		return -1
	case float64:
		if y, ok := b.(float64); ok {
			return cmp.Compare(x, y)
		}
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(fold(x), fold(y))
		}
	case bool:
		if y, ok := b.(bool); ok {
			return cmpBool(x, y)
		}
	}
	if b == nil {
		return 1
	}
	return strings.Compare(fmt.Sprintf("%T", a), fmt.Sprintf("%T", b))
}

// project keeps only the requested members of rec.
func (t fieldTree) project(v any) any {
	if len(t) == 0 {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, sub := range t {
			if e, ok := x[k]; ok {
				out[k] = sub.project(e)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = t.project(e)
		}
		return out
	}
	return v
}
