package billing

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPushOutputIsBounded: a push of more lines than MaxOutputLines keeps
// the lines it pushed or failed and counts the others, with a summary of
// all, so its job's output stays small for any partner.
func TestPushOutputIsBounded(t *testing.T) {
	t.Parallel()
	changes := make([]Change, MaxOutputLines+1000)
	for i := range changes {
		changes[i] = Change{Line: Line{PlatformCompanyID: int64(i + 1), CompanyName: "unmapped"},
			Action: ActionSkipped, Reason: "not mapped to a ConnectWise company"}
	}
	changes[7] = Change{Line: Line{PlatformCompanyID: 8, CompanyName: "Acme"}, Action: ActionUpdate,
		Old: 40, New: 1, Pushed: true}
	changes[9] = Change{Line: Line{PlatformCompanyID: 10, CompanyName: "Fabrikam"}, Action: ActionUpdate,
		Old: 3, New: 4, Err: errors.New("503")}

	b, err := EncodeChanges(changes)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 2000 {
		t.Errorf("output of %d lines is %d bytes; want only the two that changed", len(changes), len(b))
	}
	got, err := DecodeChanges(b)
	if err != nil {
		t.Fatal(err)
	}
	want := Summary{Update: 2, Skipped: len(changes) - 2, Pushed: 1, Failed: 1}
	if diff := cmp.Diff(want, got.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	if len(got.Changes) != 2 || got.Omitted != len(changes)-2 || got.Changes[0].CompanyName != "Acme" ||
		got.Changes[1].Err == nil || got.Changes[1].Err.Error() != "503" {
		t.Errorf("kept %+v, omitted %d; want Acme pushed and Fabrikam failed, the rest counted", got.Changes, got.Omitted)
	}

	small, err := EncodeChanges(changes[:3])
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := DecodeChanges(small); len(got.Changes) != 3 || got.Omitted != 0 {
		t.Errorf("a small push keeps %d lines, omits %d; want every line", len(got.Changes), got.Omitted)
	}
}
