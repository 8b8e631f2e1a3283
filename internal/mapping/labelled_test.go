package mapping

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/psabridge/psabridge/internal/cwm"
)

// labelledDir holds the labelled matching set; generate.py there says how
// it is built.
var labelledDir = filepath.Join("..", "..", "testdata", "mapping")

// labelled is one platform company and the ConnectWise id it must map to,
// 0 when it must not be mapped.
type labelled struct {
	company PlatformCompany
	want    int
	kind    string
}

func TestLabelledSetPrecisionAndRecall(t *testing.T) {
	t.Parallel()
	cw, contacts := readCWSet(t)
	set := readPlatformSet(t)
	platform := make([]PlatformCompany, len(set))
	for i, l := range set {
		platform[i] = l.company
	}

	got := (&Matcher{ContactDomains: contacts}).Propose(platform, cw, nil)

	var tp, fp, positives int
	missed := map[string]int{}
	for i, l := range set {
		p := got[i]
		if l.want != 0 {
			positives++
		}
		switch {
		case p.Applied && p.CWCompanyID == l.want:
			tp++
		case p.Applied:
			fp++
			t.Errorf("wrongly applied (%s): %q → %q (%s)", l.kind, p.PlatformName, p.CWCompanyName,
				p.Evidence)
		case l.want != 0:
			missed[l.kind]++
			t.Logf("missed (%s): %q: %s", l.kind, p.PlatformName, p.Reason)
		}
	}
	precision, recall := float64(tp)/float64(tp+fp), float64(tp)/float64(positives)
	t.Logf("%d pairs, %d positives: applied %d correct, %d wrong; precision %.3f, recall %.3f; "+
		"missed by case: %v", len(set), positives, tp, fp, precision, recall, missed)
	if len(set) < 300 {
		t.Errorf("labelled set holds %d pairs, want at least 300", len(set))
	}
	if precision < 0.99 || recall < 0.90 {
		t.Errorf("precision %.3f, recall %.3f: want at least 0.99 and 0.90", precision, recall)
	}
}

// readCSV reads a CSV file of the labelled set, without its header.
func readCSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(labelledDir, name))
	if err != nil {
		t.Fatalf("opening the labelled set: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("reading %s: %d rows, %v", name, len(rows), err)
	}

	return rows[1:]
}

// readCWSet reads the ConnectWise companies and their contacts' domains.
func readCWSet(t *testing.T) ([]cwm.Company, map[int][]string) {
	t.Helper()
	var cs []cwm.Company
	contacts := map[int][]string{}
	for _, r := range readCSV(t, "cw_companies.csv") {
		id, err := strconv.Atoi(r[0])
		if err != nil {
			t.Fatalf("company id %q: %v", r[0], err)
		}
		cs = append(cs, cwm.Company{ID: id, Identifier: r[1], Name: r[2], Website: r[3],
			Status: &cwm.Reference{Name: r[4]}, Types: []cwm.Reference{{Name: r[5]}},
			DeletedFlag: r[6] == "true"})
		contacts[id] = strings.Fields(r[7])
	}

	return cs, contacts
}

// readPlatformSet reads the labelled platform companies.
func readPlatformSet(t *testing.T) []labelled {
	t.Helper()
	var out []labelled
	for i, r := range readCSV(t, "platform.csv") {
		want, err := strconv.Atoi(r[3])
		if err != nil {
			t.Fatalf("label %q: %v", r[3], err)
		}
		out = append(out, labelled{company: PlatformCompany{ID: int64(i + 1), ExternalID: r[0],
			Name: r[1], Domains: strings.Fields(r[2])}, want: want, kind: r[4]})
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].company.ID < out[b].company.ID })

	return out
}
