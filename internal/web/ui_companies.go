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

// usersPerPage is how many end users the Companies page lists at once.
const usersPerPage = 50

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
}

// userRow is an end user as the Companies page lists them.
type userRow struct {
	store.EndUserRow
	Company string
}

// companiesData is the Companies page.
type companiesData struct {
	Companies []companyRow
	Users     []userRow
	// View is the search, company and page shown; Total counts the users
	// it matches.
	View             companiesView
	Total, Pages     int
	PrevURL, NextURL string
	// Orphans are excluded addresses of no user yet.
	Orphans []string
}

// companiesView is what of the users the page shows.
type companiesView struct {
	Search  string
	Company string // external id; "" for all
	Page    int    // from 1
}

func companiesViewOf(v url.Values) companiesView {
	page, _ := strconv.Atoi(v.Get("page"))
	return companiesView{Search: strings.TrimSpace(v.Get("q")), Company: v.Get("company"), Page: max(page, 1)}
}

// url is the page's address for v, at page.
func (v companiesView) url(page int) string {
	q := url.Values{}
	if v.Search != "" {
		q.Set("q", v.Search)
	}
	if v.Company != "" {
		q.Set("company", v.Company)
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	if len(q) == 0 {
		return "/companies"
	}
	return "/companies?" + q.Encode()
}

func (s *server) companiesPage(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	return s.companiesWith(r, p, companiesViewOf(r.URL.Query()), "", nil)
}

// companiesWith renders the Companies page at view with flash and opErr.
func (s *server) companiesWith(r *http.Request, p *principal, view companiesView, flash string,
	opErr error) (string, pageData, error) {
	d := &companiesData{View: view}
	pd := pageData{Title: "Companies", Nav: "companies", Flash: flash, Data: d}
	cs, err := s.st.PlatformCompanies(r.Context(), p.Partner.ID)
	if err != nil {
		return "companies", pd, errors.Join(opErr, err)
	}
	if err := s.fillCompanies(r, p, d, cs); err != nil {
		return "companies", pd, errors.Join(opErr, err)
	}
	return "companies", pd, errors.Join(opErr, s.fillUsers(r, p, d, cs))
}

// fillCompanies lists the companies with their counts, and the excluded
// addresses of no user.
func (s *server) fillCompanies(r *http.Request, p *principal, d *companiesData, cs []store.PlatformCompany) error {
	ctx := r.Context()
	// TODO: every end user is read to count them per company and to find
	// the excluded addresses of no user: a few milliseconds at 5,000
	// users, but a page view at hundreds of thousands would want a
	// grouped COUNT in the store instead.
	users, err := s.st.EndUsers(ctx, p.Partner.ID)
	if err != nil {
		return err
	}
	roster, err := s.st.RosterCounts(ctx, p.Partner.ID)
	if err != nil {
		return err
	}
	pushed, err := s.st.PushedCounts(ctx, p.Partner.ID)
	if err != nil {
		return err
	}
	perCompany, known := map[int64]int{}, map[string]bool{}
	for _, u := range users {
		perCompany[u.CompanyID]++
		known[strings.ToLower(u.Email)] = true
	}
	for _, c := range cs {
		row := companyRow{ExternalID: c.ExternalID, Name: c.Name, Domains: c.Domains, Users: perCompany[c.ID],
			Roster: roster[c.ID], Billable: roster[c.ID]}
		row.Billable, row.Pushed = pushedOr(pushed, c.ID, row.Roster)
		d.Companies = append(d.Companies, row)
	}
	excluded, err := s.st.ExcludedUsers(ctx, p.Partner.ID)
	for _, e := range excluded {
		if !known[e] {
			d.Orphans = append(d.Orphans, e)
		}
	}
	return err
}

// pushedOr is the count pushed for company id, if any, else roster.
func pushedOr(pushed map[int64]int, id int64, roster int) (int, bool) {
	if n, ok := pushed[id]; ok {
		return n, true
	}
	return roster, false
}

// fillUsers lists one page of the users the view matches.
func (s *server) fillUsers(r *http.Request, p *principal, d *companiesData, cs []store.PlatformCompany) error {
	ro, err := s.roster()
	if err != nil {
		return err
	}
	q := store.EndUserQuery{Search: d.View.Search, Limit: usersPerPage, Offset: (d.View.Page - 1) * usersPerPage}
	names := map[int64]string{}
	for _, c := range cs {
		names[c.ID] = c.Name
		if c.ExternalID == d.View.Company {
			q.CompanyID = c.ID
		}
	}
	if d.View.Company != "" && q.CompanyID == 0 {
		return fmt.Errorf("no such company: pick one from the list: %w", store.ErrNotFound)
	}
	page, err := ro.SearchEndUsers(r.Context(), p.Partner.ID, q)
	if err != nil {
		return err
	}
	for _, u := range page.Users {
		d.Users = append(d.Users, userRow{EndUserRow: u, Company: names[u.CompanyID]})
	}
	d.Total, d.Pages = page.Total, max((page.Total+usersPerPage-1)/usersPerPage, 1)
	if d.View.Page > 1 {
		d.PrevURL = d.View.url(d.View.Page - 1)
	}
	if d.View.Page < d.Pages {
		d.NextURL = d.View.url(d.View.Page + 1)
	}
	return nil
}

// companyImportForm imports an uploaded CSV file as psabridge companies
// import does.
func (s *server) companyImportForm(w http.ResponseWriter, r *http.Request, p *principal) (string, pageData, error) {
	view := companiesView{Page: 1}
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
