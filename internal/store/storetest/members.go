package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/psabridge/psabridge/internal/store"
)

// RunMembers runs the suite of store.Members and store.Roster against the
// backend newStore opens, which must implement both.
func RunMembers(t *testing.T, newStore NewStore) {
	t.Helper()
	for name, test := range memberTests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			test(t, newStore(t))
		})
	}
}

// memberStore is what the suite needs of a backend.
type memberStore interface {
	store.Store
	store.Users
	store.Members
	store.Roster
}

func members(t *testing.T, s store.Store) memberStore {
	t.Helper()
	m, ok := s.(memberStore)
	if !ok {
		t.Fatalf("%T implements neither store.Members nor store.Roster", s)
	}
	return m
}

// createWebUser creates a web user or fails the test.
func createWebUser(t *testing.T, s memberStore, partnerID int64, email, role string) store.WebUser {
	t.Helper()
	u, err := s.CreateWebUser(t.Context(), store.WebUser{PartnerID: partnerID, Email: email,
		PasswordHash: "$argon2id$test", Role: role})
	noErr(t, "CreateWebUser "+email, err)
	return u
}

var memberTests = map[string]func(*testing.T, store.Store){
	"RoleChangesKeepAnAdministrator": func(t *testing.T, st store.Store) {
		s := members(t, st)
		p := createPartner(t, s, "acme")
		other := createPartner(t, s, "globex")
		ann := createWebUser(t, s, p.ID, "ann@acme.example", store.RoleAdmin)
		bob := createWebUser(t, s, p.ID, "bob@acme.example", store.RoleViewer)

		_, err := s.SetWebUserRole(t.Context(), p.ID, ann.ID, store.RoleViewer)
		wantErr(t, "demoting the only admin", err, store.ErrLastAdmin)
		got, err := s.SetWebUserRole(t.Context(), p.ID, bob.ID, store.RoleAdmin)
		noErr(t, "promoting bob", err)
		bob.Role = store.RoleAdmin
		diff(t, "promoted bob", bob, got)
		_, err = s.SetWebUserRole(t.Context(), p.ID, ann.ID, store.RoleViewer)
		noErr(t, "demoting ann beside bob", err)
		_, err = s.SetWebUserRole(t.Context(), other.ID, bob.ID, store.RoleViewer)
		wantErr(t, "another partner changing bob", err, store.ErrNotFound)
		_, err = s.SetWebUserRole(t.Context(), p.ID, bob.ID, "owner")
		wantErr(t, "an unknown role", err, store.ErrInvalid)

		us, err := s.WebUsers(t.Context(), p.ID)
		noErr(t, "WebUsers", err)
		diff(t, "roles", []string{store.RoleViewer, store.RoleAdmin}, []string{us[0].Role, us[1].Role})
	},
	"DeleteSignsOutAndKeepsAnAdministrator": func(t *testing.T, st store.Store) {
		s := members(t, st)
		p := createPartner(t, s, "acme")
		other := createPartner(t, s, "globex")
		ann := createWebUser(t, s, p.ID, "ann@acme.example", store.RoleAdmin)
		bob := createWebUser(t, s, p.ID, "bob@acme.example", store.RoleViewer)
		noErr(t, "CreateSession", s.CreateSession(t.Context(), store.WebSession{IDHash: "bob-1",
			UserID: bob.ID, CSRFToken: "c", ExpiresAt: time.Now().Add(time.Hour)}))

		wantErr(t, "deleting the only admin", s.DeleteWebUser(t.Context(), p.ID, ann.ID), store.ErrLastAdmin)
		wantErr(t, "another partner deleting bob", s.DeleteWebUser(t.Context(), other.ID, bob.ID),
			store.ErrNotFound)
		noErr(t, "deleting bob", s.DeleteWebUser(t.Context(), p.ID, bob.ID))
		_, _, err := s.Session(t.Context(), "bob-1")
		wantErr(t, "bob's session after deleting him", err, store.ErrNotFound)
		wantErr(t, "deleting bob twice", s.DeleteWebUser(t.Context(), p.ID, bob.ID), store.ErrNotFound)
		_, err = s.WebUserByEmail(t.Context(), "ann@acme.example")
		noErr(t, "ann is kept", err)
	},
	"ConcurrentDemotionsLeaveAnAdministrator": func(t *testing.T, st store.Store) {
		s := members(t, st)
		p := createPartner(t, s, "acme")
		var ids []int64
		for i := range 4 {
			ids = append(ids, createWebUser(t, s, p.ID, fmt.Sprintf("a%d@acme.example", i), store.RoleAdmin).ID)
		}
		var wg sync.WaitGroup
		for _, id := range ids {
			wg.Go(func() { _, _ = s.SetWebUserRole(t.Context(), p.ID, id, store.RoleViewer) })
		}
		wg.Wait()
		us, err := s.WebUsers(t.Context(), p.ID)
		noErr(t, "WebUsers", err)
		admins := 0
		for _, u := range us {
			if u.Role == store.RoleAdmin {
				admins++
			}
		}
		diff(t, "administrators left", 1, admins)
	},
	"SearchEndUsersPagesAndMarksExcluded": testSearchEndUsers,
	"ImportCompaniesIsAllOrNothing":       testImportCompanies,
	"SearchCompaniesPagesAndCounts":       testSearchCompanies,
}

func testSearchEndUsers(t *testing.T, st store.Store) {
	s := members(t, st)
	p := createPartner(t, s, "acme")
	other := createPartner(t, s, "globex")
	c := createCompany(t, s, p.ID, "ext-1")
	for i := range 30 {
		_, err := s.UpsertEndUser(t.Context(), store.EndUser{PartnerID: p.ID, CompanyID: c.ID,
			Email: fmt.Sprintf("user%02d@acme.example", i), Name: fmt.Sprintf("User %d", i), Active: true})
		noErr(t, "UpsertEndUser", err)
	}
	_, err := s.UpsertEndUser(t.Context(), store.EndUser{PartnerID: p.ID, Email: "100%_off@acme.example",
		Name: "Percent"})
	noErr(t, "UpsertEndUser", err)
	_, err = s.UpsertEndUser(t.Context(), store.EndUser{PartnerID: other.ID, Email: "user01@globex.example"})
	noErr(t, "UpsertEndUser of another partner", err)
	noErr(t, "exclude", s.SetUserExcluded(t.Context(), p.ID, "USER03@acme.example", true))

	page, err := s.SearchEndUsers(t.Context(), p.ID, store.EndUserQuery{Limit: 10, Offset: 10})
	noErr(t, "page 2", err)
	diff(t, "total", 31, page.Total)
	diff(t, "page 2 first and last", []string{"user09@acme.example", "user18@acme.example"},
		[]string{page.Users[0].Email, page.Users[9].Email})

	page, err = s.SearchEndUsers(t.Context(), p.ID, store.EndUserQuery{Search: "USER 3"})
	noErr(t, "search by name", err)
	diff(t, "by name", 1, page.Total)
	page, err = s.SearchEndUsers(t.Context(), p.ID, store.EndUserQuery{Search: "er03", CompanyID: c.ID})
	noErr(t, "search by address", err)
	if page.Total != 1 || !page.Users[0].Excluded || page.Users[0].CompanyID != c.ID ||
		page.Users[0].CompanyName != c.Name {
		t.Errorf("user03 = %+v, want one excluded user of company %d", page, c.ID)
	}
	page, err = s.SearchEndUsers(t.Context(), p.ID, store.EndUserQuery{Search: "%_"})
	noErr(t, "search for LIKE's wildcards", err)
	diff(t, "wildcards match themselves", 1, page.Total)
	page, err = s.SearchEndUsers(t.Context(), p.ID, store.EndUserQuery{Search: "globex"})
	noErr(t, "search for another partner's", err)
	diff(t, "another partner's users", 0, page.Total)
}

func testImportCompanies(t *testing.T, st store.Store) {
	s := members(t, st)
	p := createPartner(t, s, "acme")
	err := s.ImportCompanies(t.Context(), p.ID, []store.CompanyImport{
		{Company: store.PlatformCompany{ExternalID: "a", Name: "A", Domains: []string{"a.example"}}, Count: 7},
		{Company: store.PlatformCompany{ExternalID: "b", Name: "B"}, Count: -1},
	})
	noErr(t, "ImportCompanies", err)
	err = s.ImportCompanies(t.Context(), p.ID, []store.CompanyImport{
		{Company: store.PlatformCompany{ExternalID: "c", Name: "C"}, Count: 1},
		{Company: store.PlatformCompany{ExternalID: "", Name: "no id"}, Count: 1},
	})
	wantErr(t, "an import with a bad row", err, store.ErrInvalid)

	cs, err := s.PlatformCompanies(t.Context(), p.ID)
	noErr(t, "PlatformCompanies", err)
	names := []string{}
	for _, c := range cs {
		names = append(names, c.Name)
	}
	diff(t, "companies after a failed import", []string{"A", "B"}, names)
	pushed, err := s.PushedCounts(t.Context(), p.ID)
	noErr(t, "PushedCounts", err)
	diff(t, "pushed counts", map[int64]int{cs[0].ID: 7}, pushed)
}
