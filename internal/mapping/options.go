package mapping

import (
	"strings"

	"github.com/psabridge/psabridge/internal/cwm"
)

// Defaults of Options.
const (
	// DefaultThreshold is the confidence a match needs to be applied.
	DefaultThreshold = 0.9
	// DefaultMargin is how far ahead of the runner-up a match must be to
	// be applied.
	DefaultMargin = 0.05
)

// Options tune matching. The zero value of each field is the default named
// in its comment.
type Options struct {
	// ExcludedTypes are ConnectWise company type names never proposed,
	// compared case-insensitively. Default: Prospect, Not Approved.
	ExcludedTypes []string
	// ExcludedStatuses are company status names never proposed. Default:
	// Inactive, Not Approved, Prospect.
	ExcludedStatuses []string
	// Threshold is the confidence, 0 to 1, a match needs to be applied;
	// below it the match stays a suggestion. Default DefaultThreshold.
	Threshold float64
	// Margin is the lead over the runner-up a match needs to be applied.
	// Default DefaultMargin.
	Margin float64
}

func (o Options) threshold() float64 {
	if o.Threshold <= 0 {
		return DefaultThreshold
	}

	return o.Threshold
}

func (o Options) margin() float64 {
	if o.Margin <= 0 {
		return DefaultMargin
	}

	return o.Margin
}

// eligible reports whether c may be proposed: not deleted, and neither its
// status nor any of its types excluded.
func (o Options) eligible(c cwm.Company) bool {
	if c.DeletedFlag {
		return false
	}
	statuses := orDefault(o.ExcludedStatuses, "Inactive", "Not Approved", "Prospect")
	if c.Status != nil && containsFold(statuses, c.Status.Name) {
		return false
	}
	types := orDefault(o.ExcludedTypes, "Prospect", "Not Approved")
	for _, t := range c.Types {
		if containsFold(types, t.Name) {
			return false
		}
	}

	return true
}

func orDefault(list []string, def ...string) []string {
	if list == nil {
		return def
	}

	return list
}

func containsFold(list []string, s string) bool {
	s = strings.TrimSpace(s)
	for _, v := range list {
		if strings.EqualFold(strings.TrimSpace(v), s) {
			return true
		}
	}

	return false
}
