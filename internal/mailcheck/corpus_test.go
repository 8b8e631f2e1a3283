package mailcheck

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// corpusDir is the shared test corpus, beside the repository.
const corpusDir = "../../../shared/corpus"

// corpus returns the corpus folder or skips the test when it is absent.
func corpus(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(corpusDir, "manifest.csv")); err != nil {
		t.Skipf("corpus not found at %s (it lives beside the repository, not in it): %v", corpusDir, err)
	}
	return corpusDir
}

// corpusFiles lists the files of one corpus folder.
func corpusFiles(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(corpus(t), dir, "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in %s: %v", dir, err)
	}
	return files
}

func TestCorpusEML(t *testing.T) {
	t.Parallel()
	files := corpusFiles(t, "eml")
	withOriginal := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Analyze(raw, Options{})
		if err != nil {
			t.Logf("%s: %v", filepath.Base(f), err)
			continue
		}
		if len(res.Originals) > 0 {
			withOriginal++
		}
	}
	t.Logf("%d of %d eml files yield at least one original", withOriginal, len(files))
	if withOriginal < 187 {
		t.Errorf("only %d of %d eml files yield an original, want at least 187", withOriginal, len(files))
	}
}

func TestCorpusOtherFormatsAsBareInput(t *testing.T) {
	t.Parallel()
	for _, dir := range []string{"msg", "tnef"} {
		for _, f := range corpusFiles(t, dir) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			res := mustAnalyze(t, raw, Options{})
			if got := res.Originals[0].Format; got != dir {
				t.Errorf("%s: format %q, want %q", filepath.Base(f), got, dir)
			}
		}
	}
}

var reporterRE = regexp.MustCompile(`^reporter\d+@example\.(com|net)$`)

func TestCorpusReported(t *testing.T) {
	t.Parallel()
	for _, f := range corpusFiles(t, "reported") {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		res := mustAnalyze(t, raw, Options{})
		if !res.IsReport || res.Reporter == nil || !reporterRE.MatchString(res.Reporter.Address) {
			t.Errorf("%s: IsReport %v reporter %+v", name, res.IsReport, res.Reporter)
		}
		want := 1
		if strings.Contains(name, "multi") {
			want = 2
		}
		if len(res.Originals) != want {
			t.Errorf("%s: %d originals, want %d", name, len(res.Originals), want)
		}
	}
}

// manifestFeatures maps manifest.csv columns to the finding each implies.
var manifestFeatures = map[string]string{
	"reply_to_domain_mismatch": FindingReplyToMismatch,
	"display_name_has_addr":    FindingDisplayNameAddress,
	"ip_literal_url":           FindingIPLiteralURL,
	"html_form":                FindingHTMLForm,
}

func TestCorpusManifestFeatures(t *testing.T) {
	t.Parallel()
	rows := readManifest(t)
	hits, totals := map[string]int{}, map[string]int{}
	for _, row := range rows {
		raw, err := os.ReadFile(filepath.Join(corpus(t), row["path"]))
		if err != nil {
			t.Fatal(err)
		}
		res, err := Analyze(raw, Options{})
		for col, id := range manifestFeatures {
			if row[col] != "1" {
				continue
			}
			totals[col]++
			if err == nil && hasFinding(res.Findings, id) {
				hits[col]++
			} else {
				t.Logf("%s: manifest says %s, no %s finding", row["path"], col, id)
			}
		}
	}
	for col, id := range manifestFeatures {
		t.Logf("%s → %s: %d of %d", col, id, hits[col], totals[col])
		if totals[col] == 0 || hits[col]*10 < totals[col]*9 {
			t.Errorf("%s: hit rate %d/%d is below 90%%", id, hits[col], totals[col])
		}
	}
}

// readManifest reads manifest.csv as one map per row, keyed by column.
func readManifest(t *testing.T) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(corpus(t), "manifest.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, col := range records[0] {
			row[col] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}
