package mapping

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/psabridge/psabridge/internal/cwm"
)

// testCompanies is a ConnectWise company list with the traps Propose must
// avoid: a deleted twin, live twins and an identifier that differs from the
// name.
var testCompanies = []cwm.Company{
	{ID: 1, Identifier: "AcmeOld", Name: "Acme Inc", DeletedFlag: true},
	{ID: 2, Identifier: "Acme", Name: "ACME, Inc."},
	{ID: 3, Identifier: "Globex1", Name: "Globex LLC"},
	{ID: 4, Identifier: "Globex2", Name: "Globex Corporation"},
	{ID: 5, Identifier: "INITECH", Name: "Initrode"},
	{ID: 6, Identifier: "Umbrella", Name: "Umbrella Ltd"},
	{ID: 7, Identifier: "Gone", Name: "Hooli", DeletedFlag: true},
}

func TestPropose(t *testing.T) {
	t.Parallel()
	platform := []PlatformCompany{
		{ID: 10, Name: "Acme"},
		{ID: 11, Name: "Globex"},
		{ID: 12, ExternalID: "initech", Name: "Initech"},
		{ID: 13, Name: "Umbrella"},
		{ID: 14, Name: "Stark Industries"},
		{ID: 15, Name: "Hooli"},
		{ID: 16, ExternalID: "AcmeOld", Name: "Something else"},
	}
	kept := map[int64]int{13: 3}

	got := Propose(platform, testCompanies, kept)

	want := []Proposal{
		{PlatformCompanyID: 10, PlatformName: "Acme", CWCompanyID: 2, CWCompanyIdentifier: "Acme",
			CWCompanyName: "ACME, Inc.", Method: MethodName, Confidence: 1, Applied: true,
			Evidence: "name equal after normalising"},
		{PlatformCompanyID: 11, PlatformName: "Globex",
			Reason: `ambiguous: 2 ConnectWise companies named "Globex"`},
		{PlatformCompanyID: 12, ExternalID: "initech", PlatformName: "Initech", CWCompanyID: 5,
			CWCompanyIdentifier: "INITECH", CWCompanyName: "Initrode", Method: MethodIdentifier,
			Confidence: 1, Applied: true, Evidence: `identifier "INITECH"`},
		{PlatformCompanyID: 13, PlatformName: "Umbrella", CWCompanyID: 3,
			CWCompanyIdentifier: "Globex1", CWCompanyName: "Globex LLC", Method: MethodKept,
			Confidence: 1, Applied: true, Evidence: "confirmed earlier"},
		{PlatformCompanyID: 14, PlatformName: "Stark Industries",
			Reason: `no ConnectWise company named "Stark Industries"`},
		{PlatformCompanyID: 15, PlatformName: "Hooli",
			Reason: `no ConnectWise company named "Hooli"`},
		{PlatformCompanyID: 16, ExternalID: "AcmeOld", PlatformName: "Something else",
			Reason: `no ConnectWise company named "Something else"`},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Propose() mismatch (-want +got):\n%s", diff)
	}
}

func TestProposeKeptCompanyDeleted(t *testing.T) {
	t.Parallel()
	platform := []PlatformCompany{{ID: 20, Name: "Umbrella Limited"}, {ID: 21, Name: "Pied Piper"}}
	kept := map[int64]int{20: 7, 21: 99}

	got := Propose(platform, testCompanies, kept)

	want := []Proposal{
		{PlatformCompanyID: 20, PlatformName: "Umbrella Limited", CWCompanyID: 6,
			CWCompanyIdentifier: "Umbrella", CWCompanyName: "Umbrella Ltd", Method: MethodName,
			Confidence: 1, Evidence: "name equal after normalising", Reason: "the confirmed ConnectWise company 7 is deleted, gone or not a client"},
		{PlatformCompanyID: 21, PlatformName: "Pied Piper",
			Reason: "the confirmed ConnectWise company 99 is deleted, gone or not a client; " +
				`no ConnectWise company named "Pied Piper"`},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Propose() mismatch (-want +got):\n%s", diff)
	}
}

func TestProposeConflicts(t *testing.T) {
	t.Parallel()
	cw := []cwm.Company{
		{ID: 1, Identifier: "A1", Name: "Alpha"},
		{ID: 2, Identifier: "DUP", Name: "Beta"},
		{ID: 3, Identifier: "dup", Name: "Gamma"},
	}
	platform := []PlatformCompany{
		{ID: 1, Name: "Alpha Inc"},
		{ID: 2, Name: "Alpha GmbH"},
		{ID: 3, ExternalID: "Dup", Name: "Beta"},
		{ID: 4, Name: "The Alpha"},
	}

	got := Propose(platform, cw, map[int64]int{4: 1})

	type outcome struct {
		Applied bool
		Method  string
		Reason  string
	}
	var outcomes []outcome
	for _, p := range got {
		outcomes = append(outcomes, outcome{p.Applied, p.Method, p.Reason})
	}
	conflict := `conflict: 3 platform companies match ConnectWise company "Alpha"`
	want := []outcome{
		{false, MethodName, conflict},
		{false, MethodName, conflict},
		{false, "", `ambiguous: 2 ConnectWise companies have identifier "Dup"`},
		{true, MethodKept, ""},
	}
	if diff := cmp.Diff(want, outcomes); diff != "" {
		t.Errorf("Propose() outcomes mismatch (-want +got):\n%s", diff)
	}
}

func TestProposeEmptyName(t *testing.T) {
	t.Parallel()
	got := Propose([]PlatformCompany{{ID: 1, Name: " --- "}}, testCompanies, nil)
	want := "the platform company has no name to match"
	if len(got) != 1 || got[0].Applied || got[0].Reason != want {
		t.Errorf("Propose() = %+v, want one unapplied proposal for an empty name", got)
	}
}
