package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/psabridge/psabridge/internal/companycsv"
	"github.com/psabridge/psabridge/internal/store"
)

// usersPerPage and companiesPerPage are how many end users and companies
// the Companies page lists at once.
const (
	usersPerPage     = 50
	companiesPerPage = 50
	// maxPage bounds a page number from a URL, so its offset cannot
	// overflow; a page past the last shows the last.
	maxPage = 1 << 24
)

// companyRow is a platform company as the Companies page lists it.
type companyRow struct {
	ExternalID string
	Name       string
	Domains    []string
	// Users counts all its users; Roster those active, billable and not
	// excluded; Billable is what billing pushes: the platform's pushed
	// count when it sent one (Pushed), else Roster.
	Users, Roster, Billable int
	Pushed                  bool
	// UsersURL lists its users, keeping the companies' search and page.
	UsersURL string
}

// companiesData is the Companies page.
type companiesData struct {
	Companies []companyRow
	Users     []store.EndUserRow
	// View is the searches and pages shown; Total counts the users it
	// matches, CompanyTotal the companies.
	View                           companiesView
	Total, Pages                   int
	PrevURL, NextURL               string
	CompanyTotal, CompanyPages     int
	CompanyPrevURL, CompanyNextURL string
	// Picked is the company whose users are listed, if any.
	Picked *companyRow
	// Orphans are excluded addresses of no user yet.
	Orphans []string
}

// companiesView is what of the companies and users the page shows.
type companiesView struct {
	CompanySearch string
	CompanyPage   int // from 1
	Search        string
	Company       string // external id; "" for all
	Page          int    // from 1
}

func companiesViewOf(v url.Values) companiesView {
	page, _ := strconv.Atoi(v.Get("page"))
	cpage, _ := strconv.Atoi(v.Get("cpage"))
	return companiesView{CompanySearch: strings.TrimSpace(v.Get("cq")), CompanyPage: min(max(cpage, 1), maxPage),
		Search: strings.TrimSpace(v.Get("q")), Company: v.Get("company"), Page: min(max(page, 1), maxPage)}
}

// url is the page's address for v.
func (v companiesView) url() string {
	q := url.Values{}
	set := func(k, val string) {
		if val != "" {
			q.Set(k, val)
		}
	}
	set("cq", v.CompanySearch)
	set("q", v.Search)
	set("company", v.Company)
	if v.CompanyPage > 1 {
		q.Set("cpage", strconv.Itoa(v.CompanyPage))
	}
	if v.Page > 1 {
		q.Set("page", strconv.Itoa(v.Page))
	}
	if len(q) == 0 {
		return "/companies"
	}
	return "/companies?" + q.Encode()
}

// atPage is v at the users' page.
func (v companiesView) atPage(page int) string { v.Page = page; return v.url() }

// atCompanyPage is v at the companies' page.
func (v companiesView) atCompanyPage(page int) string { v.CompanyPage = page; return v.url() }

// pageLinks are the previous and next addresses around page of pages.
func pageLinks(page, pages int, at func(int) string) (prev, next string) {
	if page > 1 {
		prev = at(page - 1)
	}
	if page < pages {
		next = at(page + 1)
	}
	return prev, next
}

// pagesOf is how many pages of per hold total, at least one.
func pagesOf(total, per int) int { return max((total+per-1)/per, 1) }

func (s *server) companiesPage(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	return s.companiesWith(r, p, companiesViewOf(r.URL.Query()), "", nil)
}

// companiesWith renders the Companies page at view with flash and opErr.
func (s *server) companiesWith(r *http.Request, p *principal, view companiesView, flash string,
	opErr error) (string, pageData, error) {
	d := &companiesData{View: view}
	pd := pageData{Title: "Companies", Nav: "companies", Flash: flash, Data: d}
	ro, err := s.roster()
	if err != nil {
		return "companies", pd, errors.Join(opErr, err)
	}
	if err := s.fillCompanies(r, p, ro, d); err != nil {
		return "companies", pd, errors.Join(opErr, err)
	}
	return "companies", pd, errors.Join(opErr, s.fillUsers(r, p, ro, d))
}

// fillCompanies lists one page of the companies the view matches, with
// their counts, and the excluded addresses of no user.
func (s *server) fillCompanies(r *http.Request, p *principal, ro store.Roster, d *companiesData) error {
	ctx := r.Context()
	q := store.CompanyQuery{Search: d.View.CompanySearch, Limit: companiesPerPage,
		Offset: (d.View.CompanyPage - 1) * companiesPerPage}
	page, err := ro.SearchCompanies(ctx, p.Partner.ID, q)
	if last := pagesOf(page.Total, companiesPerPage); err == nil && d.View.CompanyPage > last {
		d.View.CompanyPage, q.Offset = last, (last-1)*companiesPerPage // past the end: the last page
		page, err = ro.SearchCompanies(ctx, p.Partner.ID, q)
	}
	if err != nil {
		return err
	}
	for _, c := range page.Companies {
		row, v := companyRowOf(c), d.View
		v.Company, v.Search, v.Page = c.ExternalID, "", 1
		row.UsersURL = v.url()
		d.Companies = append(d.Companies, row)
	}
	d.CompanyTotal, d.CompanyPages = page.Total, pagesOf(page.Total, companiesPerPage)
	d.CompanyPrevURL, d.CompanyNextURL = pageLinks(d.View.CompanyPage, d.CompanyPages, d.View.atCompanyPage)

	d.Orphans, err = ro.ExcludedWithoutUser(ctx, p.Partner.ID)
	return err
}

// companyRowOf is c as the page lists it.
func companyRowOf(c store.CompanyRow) companyRow {
	row := companyRow{ExternalID: c.ExternalID, Name: c.Name, Domains: c.Domains, Users: c.Users,
		Roster: c.Roster, Billable: c.Roster}
	if c.Pushed >= 0 {
		row.Billable, row.Pushed = c.Pushed, true
	}
	return row
}

// companyByExternalIDOn finds the partner's company with the external id
// and its counts, without listing the others.
func companyByExternalIDOn(r *http.Request, p *principal, ro store.Roster, ext string) (store.CompanyRow, error) {
	page, err := ro.SearchCompanies(r.Context(), p.Partner.ID, store.CompanyQuery{ExternalID: ext, Limit: 1})
	if err != nil {
		return store.CompanyRow{}, err
	}
	if len(page.Companies) == 0 {
		return store.CompanyRow{}, fmt.Errorf("no such company: pick one from the list: %w", store.ErrNotFound)
	}
	return page.Companies[0], nil
}

// fillUsers lists one page of the users the view matches.
func (s *server) fillUsers(r *http.Request, p *principal, ro store.Roster, d *companiesData) error {
	q := store.EndUserQuery{Search: d.View.Search, Limit: usersPerPage, Offset: (d.View.Page - 1) * usersPerPage}
	if d.View.Company != "" {
		c, err := companyByExternalIDOn(r, p, ro, d.View.Company)
		if err != nil {
			return err
		}
		row := companyRowOf(c)
		q.CompanyID, d.Picked = c.ID, &row
	}
	page, err := ro.SearchEndUsers(r.Context(), p.Partner.ID, q)
	if last := pagesOf(page.Total, usersPerPage); err == nil && d.View.Page > last {
		d.View.Page, q.Offset = last, (last-1)*usersPerPage // past the end: the last page
		page, err = ro.SearchEndUsers(r.Context(), p.Partner.ID, q)
	}
	if err != nil {
		return err
	}
	d.Users = page.Users
	d.Total, d.Pages = page.Total, pagesOf(page.Total, usersPerPage)
	d.PrevURL, d.NextURL = pageLinks(d.View.Page, d.Pages, d.View.atPage)
	return nil
}

// companyImportForm imports an uploaded CSV file as psabridge companies
// import does.
func (s *server) companyImportForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	view := companiesView{Page: 1, CompanyPage: 1}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return s.companiesWith(r, p, view, "", invalidField("file", "choose a CSV file to upload"))
	}
	defer f.Close()
	n, err := s.importCSV(r.Context(), p, f, "the upload "+strconv.Quote(hdr.Filename))
	if err != nil {
		return s.companiesWith(r, p, view, "", err)
	}
	return s.companiesWith(r, p, view, companycsv.Imported(n)+".", nil)
}

// formExcluded is the values the exclude form's buttons send; anything
// else is refused rather than read as false, which would count the user
// in billing again.
var formExcluded = map[string]bool{"true": true, "false": false}

var errExcludedValue = &badRequest{"excluded must be true or false: " +
	"use the Exclude and Include buttons of the Companies page"}

// excludeForm excludes an address from billing or includes it again, and
// shows the same search and page as before.
func (s *server) excludeForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	view := companiesViewOf(r.PostForm)
	excluded, ok := formExcluded[r.PostFormValue("excluded")]
	if !ok {
		return s.companiesWith(r, p, view, "", errExcludedValue)
	}
	email := strings.TrimSpace(r.PostFormValue("email"))
	_, err := s.setExcluded(r.Context(), p, email, excluded)
	flash := ""
	switch {
	case err != nil:
	case excluded:
		flash = "Left out of billing counts."
	default:
		flash = "Counted in billing again."
	}
	return s.companiesWith(r, p, view, flash, err)
}
