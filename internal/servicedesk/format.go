package servicedesk

import (
	"fmt"
	"strings"

	"github.com/psabridge/psabridge/internal/mailcheck"
)

// verdictPrefix is the short label a technician scans a board by.
var verdictPrefix = map[string]string{
	"likely_phishing": "[Phishing]",
	"suspicious":      "[Suspicious]",
	"no_indicators":   "[Reported]",
	"simulation":      "[Simulation]",
}

// Summary is the ticket summary: a verdict prefix and the reported subject,
// within ConnectWise's 100-character limit.
func Summary(r *mailcheck.Result) string {
	prefix, ok := verdictPrefix[r.Verdict]
	if !ok {
		prefix = "[Reported]"
	}
	subject := "(no subject)"
	if len(r.Originals) > 0 && strings.TrimSpace(r.Originals[0].Subject) != "" {
		subject = oneLine(r.Originals[0].Subject)
	}
	if len(r.Originals) > 1 {
		prefix += fmt.Sprintf(" (%d messages)", len(r.Originals))
	}
	return Truncate(prefix+" "+subject, MaxSummary)
}

// oneLine folds control characters and runs of whitespace into single
// spaces: a subject is attacker content and may carry line breaks.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return r < 0x20 || r == 0x7f || r == ' ' || r == '\u2028' || r == '\u2029'
	}), " ")
}
