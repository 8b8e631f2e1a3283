package mailcheck

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
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

// analysis is one corpus file's result.
type analysis struct {
	res *Result
	err error
}

var (
	corpusOnce    sync.Once
	corpusResults map[string]analysis
)

// analyzed returns the analysis of a corpus file (a path under the corpus
// folder, as manifest.csv writes it). The corpus is analysed once for all
// tests: under the race detector that is most of the suite's time.
func analyzed(t *testing.T, rel string) (*Result, error) {
	t.Helper()
	dir := corpus(t)
	corpusOnce.Do(func() {
		corpusResults = map[string]analysis{}
		for _, sub := range []string{"eml", "reported", "msg", "tnef"} {
			files, _ := filepath.Glob(filepath.Join(dir, sub, "*"))
			for _, f := range files {
				raw, err := os.ReadFile(f)
				if err != nil {
					continue
				}
				res, err := Analyze(raw, Options{})
				corpusResults[sub+"/"+filepath.Base(f)] = analysis{res, err}
			}
		}
	})
	a, ok := corpusResults[rel]
	if !ok {
		t.Fatalf("corpus file %s not read", rel)
	}
	return a.res, a.err
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
		res, err := analyzed(t, "eml/"+filepath.Base(f))
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
			res, err := analyzed(t, dir+"/"+filepath.Base(f))
			if err != nil {
				t.Fatalf("%s: %v", filepath.Base(f), err)
			}
			o := res.Originals[0]
			if o.Format != dir || hasDefect(o.Defects, "unreadable") {
				t.Errorf("%s: format %q defects %q, want %q read", filepath.Base(f), o.Format, o.Defects, dir)
			}
			t.Logf("%s: subject %q, %d attachments, %d links", filepath.Base(f), o.Subject,
				len(o.Attachments), len(o.URLs))
		}
	}
}

var reporterRE = regexp.MustCompile(`^reporter\d+@example\.(com|net)$`)

func TestCorpusReported(t *testing.T) {
	t.Parallel()
	for _, f := range corpusFiles(t, "reported") {
		name := filepath.Base(f)
		res, err := analyzed(t, "reported/"+name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
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
		for i, o := range res.Originals {
			if o.Subject == "" || o.Format != wantFormat(name) {
				t.Errorf("%s: original %d has subject %q format %q, want a subject and %q",
					name, i+1, o.Subject, o.Format, wantFormat(name))
			}
		}
	}
}

// wantFormat is the format of the originals a report file name promises.
func wantFormat(name string) string {
	switch {
	case strings.Contains(name, "msg_attach"):
		return FormatMSG
	case strings.Contains(name, "tnef"):
		return FormatTNEF
	}
	return FormatEML
}

// manifestCheck is what a manifest.csv column set to 1 (or, for counts,
// above 0) expects of the analysis of that file.
type manifestCheck func(row map[string]string, res *Result) bool

// manifestFeatures maps manifest.csv columns to their expectation.
var manifestFeatures = map[string]manifestCheck{
	"reply_to_domain_mismatch":    hasID(FindingReplyToMismatch),
	"return_path_domain_mismatch": hasID(FindingReturnPathMismatch),
	"display_name_has_addr":       hasID(FindingDisplayNameAddress),
	"ip_literal_url":              hasID(FindingIPLiteralURL),
	"html_form":                   hasID(FindingHTMLForm),
	"qr_code_in_image":            hasID(FindingQRCodeURL),
	"has_attachments": func(_ map[string]string, r *Result) bool {
		return len(r.Originals[0].Attachments) > 0
	},
	"has_dkim": func(_ map[string]string, r *Result) bool {
		return len(r.Originals[0].Authentication.DKIMSignatures) > 0
	},
	"has_arc": func(_ map[string]string, r *Result) bool {
		return r.Originals[0].Authentication.ARC != nil
	},
	"has_auth_results": func(_ map[string]string, r *Result) bool {
		return len(r.Originals[0].Authentication.Raw) > 0
	},
	"n_received": func(row map[string]string, r *Result) bool {
		return fmt.Sprint(len(r.Originals[0].Path.Hops)) == row["n_received"]
	},
	"has_subject": func(_ map[string]string, r *Result) bool {
		return r.Originals[0].Subject != ""
	},
}

// wrapperFeatures are the expectations for report wrappers, whose
// manifest columns describe the wrapper, not the original: its
// attachment is the original, found as such.
var wrapperFeatures = map[string]manifestCheck{
	"has_attachments": func(_ map[string]string, r *Result) bool {
		return r.IsReport && len(r.Originals) > 0 && r.Originals[0].Subject != ""
	},
	"has_subject": func(_ map[string]string, r *Result) bool {
		return r.IsReport && r.Originals[0].Subject != ""
	},
}

// hasID expects a finding.
func hasID(id string) manifestCheck {
	return func(_ map[string]string, r *Result) bool { return hasFinding(r.Findings, id) }
}

// labelled reports whether a manifest cell marks a feature as present.
func labelled(v string) bool {
	return v != "" && v != "0"
}

func TestCorpusManifestFeatures(t *testing.T) {
	t.Parallel()
	hits, totals := map[string]int{}, map[string]int{}
	for _, row := range readManifest(t) {
		res, err := analyzed(t, row["path"])
		checks := manifestFeatures
		if row["origin"] == "synthetic_report_wrapper" {
			checks = wrapperFeatures
		}
		for col, check := range checks {
			if !labelled(row[col]) {
				continue
			}
			totals[col]++
			if err == nil && check(row, res) {
				hits[col]++
			} else {
				t.Logf("%s: manifest says %s=%s, analysis disagrees", row["path"], col, row[col])
			}
		}
	}
	hit, total := 0, 0
	for col := range manifestFeatures {
		t.Logf("%s: %d of %d", col, hits[col], totals[col])
		hit, total = hit+hits[col], total+totals[col]
	}
	t.Logf("all labelled features: %d of %d", hit, total)
	if total == 0 || hit*100 < total*95 {
		t.Errorf("labelled features met: %d of %d, below 95%%", hit, total)
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
