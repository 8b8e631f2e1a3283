package mailcheck

// Score thresholds for the verdict; see the table in doc.go.
const (
	ThresholdLikelyPhishing = 6
	ThresholdSuspicious     = 2
)

// severityWeight is what one finding adds to the score.
var severityWeight = map[string]int{
	SeverityLow:    1,
	SeverityMedium: 3,
	SeverityHigh:   5,
}

// score adds up the weights of the findings.
func score(findings []Finding) int {
	total := 0
	for _, f := range findings {
		total += severityWeight[f.Severity]
	}
	return total
}

// verdict maps a score to a verdict.
func verdict(score int) string {
	switch {
	case score >= ThresholdLikelyPhishing:
		return VerdictLikelyPhishing
	case score >= ThresholdSuspicious:
		return VerdictSuspicious
	default:
		return VerdictNoIndicators
	}
}
