package mailcheck

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// demoDir holds the demo reports shipped with the repository.
const demoDir = "../../testdata/reports"

func TestDemoReports(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file     string
		report   bool
		findings []string
		verdict  string
	}{
		{"sublime-office365_covid_phish.eml", false,
			[]string{FindingReturnPathMismatch, FindingDisplayNameAddress}, VerdictSuspicious},
		// The top-most Authentication-Results of this sample says dkim=fail.
		{"sublime-amazon_phish_url_shortener.eml", false, []string{FindingDKIMFail}, VerdictNoIndicators},
		{"sa-olevbmacro-zippwmacro.eml", false, []string{FindingEncryptedAttachment}, VerdictSuspicious},
		{"spamscope-mail_test_19.eml", false, []string{FindingDisplayNameAddress}, VerdictSuspicious},
		{"synthetic-report-office365.eml", true,
			[]string{FindingReturnPathMismatch, FindingDisplayNameAddress}, VerdictSuspicious},
		{"synthetic-report-amazon.eml", true, []string{FindingDKIMFail}, VerdictNoIndicators},
	}
	for _, tt := range tests {
		raw, err := os.ReadFile(filepath.Join(demoDir, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		res := mustAnalyze(t, raw, Options{})
		if res.IsReport != tt.report {
			t.Errorf("%s: IsReport = %v, want %v", tt.file, res.IsReport, tt.report)
		}
		if tt.report && (res.Reporter == nil || res.Reporter.Address != "reporter@example.com") {
			t.Errorf("%s: reporter %+v", tt.file, res.Reporter)
		}
		if diff := cmp.Diff(tt.findings, findingIDs(res.Findings)); diff != "" {
			t.Errorf("%s: findings (-want +got):\n%s", tt.file, diff)
		}
		if res.Verdict != tt.verdict {
			t.Errorf("%s: verdict %q, want %q", tt.file, res.Verdict, tt.verdict)
		}
	}
}
