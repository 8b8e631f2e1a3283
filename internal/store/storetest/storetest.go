// Package storetest is the conformance suite every store.Store backend
// passes. A backend's test calls Run with a function that opens a fresh,
// empty store.
package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/psabridge/psabridge/internal/store"
)

// NewStore opens a fresh, empty store for one test and arranges for it to be
// closed when the test ends.
type NewStore func(t *testing.T) store.Store

// Run runs the conformance suite against the backend newStore opens. Each
// test gets its own store and runs in parallel with the others.
func Run(t *testing.T, newStore NewStore) {
	t.Helper()
	suites := []map[string]func(*testing.T, store.Store){
		partnerTests, connectionTests, featureTests, companyTests, endUserTests,
		mappingTests, reportTests, documentTests, historyTests, billingTests,
		reportGroupTests, serviceDeskTests, tokenTests, companyDeleteTests,
	}
	for _, tests := range suites {
		for name, test := range tests {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				test(t, newStore(t))
			})
		}
	}
}

// createPartner creates a partner or fails the test.
func createPartner(t *testing.T, s store.Store, slug string) store.Partner {
	t.Helper()
	p, err := s.CreatePartner(t.Context(), slug, "Partner "+slug)
	if err != nil {
		t.Fatalf("CreatePartner(%q): %v", slug, err)
	}

	return p
}

// createCompany upserts a platform company or fails the test.
func createCompany(t *testing.T, s store.Store, partnerID int64,
	externalID string) store.PlatformCompany {
	t.Helper()
	c, err := s.UpsertPlatformCompany(t.Context(), store.PlatformCompany{
		PartnerID: partnerID, ExternalID: externalID, Name: "Company " + externalID,
	})
	if err != nil {
		t.Fatalf("UpsertPlatformCompany(%q): %v", externalID, err)
	}

	return c
}

// wantErr fails the test unless err wraps want.
func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: error %v, want %v", what, err, want)
	}
}

// noErr fails the test now when err is not nil.
func noErr(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// diff fails the test when got differs from want.
func diff(t *testing.T, what string, want, got any, opts ...cmp.Option) {
	t.Helper()
	if d := cmp.Diff(want, got, opts...); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, d)
	}
}

// checkTime fails the test unless tm is set, in UTC and at most microsecond
// precise, as every backend must return it.
func checkTime(t *testing.T, what string, tm time.Time) {
	t.Helper()
	if tm.IsZero() || tm.Location() != time.UTC || tm.Nanosecond()%1000 != 0 {
		t.Errorf("%s = %v: want a set UTC time to the microsecond", what, tm)
	}
}

// fixedTime is a time with nanoseconds in a zone other than UTC, to check
// that stores normalise what they are given.
var fixedTime = time.Date(2025, 3, 14, 15, 9, 26, 535897932, time.FixedZone("X", 3600))

// fixedTimeStored is fixedTime as a store returns it.
var fixedTimeStored = fixedTime.UTC().Truncate(time.Microsecond)
