package mailcheck

import (
	"regexp"
	"strings"
)

// smugglingSign is one pattern of script that builds a file in the
// browser; blob marks the ones that hand a built file to the user.
type smugglingSign struct {
	name string
	re   *regexp.Regexp
	blob bool
}

var smugglingSigns = []smugglingSign{
	{"new Blob", regexp.MustCompile(`new\s+Blob\s*\(`), true},
	{"URL.createObjectURL", regexp.MustCompile(`createObjectURL\s*\(`), true},
	{"msSaveOrOpenBlob", regexp.MustCompile(`msSaveOrOpenBlob|msSaveBlob`), true},
	{"data URI download", regexp.MustCompile(`(?i)download\s*=\s*["'][^"']+["'][^>]*href\s*=\s*["']data:|` +
		`(?i)href\s*=\s*["']data:application/[^"']+["'][^>]*download`), true},
	{"atob", regexp.MustCompile(`atob\s*\(`), false},
	{"long base64 string", regexp.MustCompile(`["'][A-Za-z0-9+/]{1000}[A-Za-z0-9+/]*={0,2}["']`), false},
	{"location from script", regexp.MustCompile(`(window|document)\.location(\.href)?\s*=|location\.replace\(`), false},
	{"unescape/eval", regexp.MustCompile(`eval\s*\(\s*(unescape|atob|decodeURIComponent)`), false},
}

// maxSmugglingScan bounds the HTML scanned for smuggling signs.
const maxSmugglingScan = 4 << 20

// findSmuggling returns the smuggling signs present in an HTML document,
// or nil unless at least one of them hands a built file to the user.
func findSmuggling(doc string) []string {
	doc = doc[:min(len(doc), maxSmugglingScan)]
	if !strings.Contains(doc, "<script") && !strings.Contains(doc, "<SCRIPT") && !strings.Contains(doc, "data:") {
		return nil
	}
	var signs []string
	blob := false
	for _, s := range smugglingSigns {
		if s.re.MatchString(doc) {
			signs = append(signs, s.name)
			blob = blob || s.blob
		}
	}
	if !blob {
		return nil
	}
	return signs
}
