package mailcheck

import (
	"strings"
	"testing"
)

// crlf turns a readable test message into one with CRLF line ends.
func crlf(s string) []byte {
	s = strings.TrimPrefix(s, "\n")
	return []byte(strings.ReplaceAll(s, "\n", "\r\n"))
}

// mustAnalyze runs Analyze and fails the test on an error.
func mustAnalyze(t *testing.T, raw []byte, opts Options) *Result {
	t.Helper()
	res, err := Analyze(raw, opts)
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	if len(res.Originals) == 0 {
		t.Fatal("Analyze returned no original")
	}
	return res
}

// findingIDs lists the finding ids of a result, in order.
func findingIDs(findings []Finding) []string {
	ids := []string{}
	for _, f := range findings {
		ids = append(ids, f.ID)
	}
	return ids
}

// hasFinding reports whether findings contain id.
func hasFinding(findings []Finding, id string) bool {
	for _, f := range findings {
		if f.ID == id {
			return true
		}
	}
	return false
}

// hasDefect reports whether any defect contains substr.
func hasDefect(defects []string, substr string) bool {
	for _, d := range defects {
		if strings.Contains(d, substr) {
			return true
		}
	}
	return false
}
