package servicedesk

import "github.com/psabridge/psabridge/internal/cwm"

// Field limits formatting respects: ConnectWise's own (cwm.FieldLimits),
// counted in UTF-16 code units as ConnectWise counts them.
const (
	MaxSummary      = cwm.MaxTicketSummary
	MaxExternalXRef = cwm.MaxTicketExternalXRef
	MaxEmail        = cwm.MaxTicketContactEmail
	// MaxDescription bounds the initial description. The API sets no
	// maximum for it, but a ticket a technician scrolls through for minutes
	// helps nobody; the full analysis is attached as JSON.
	MaxDescription = 12000
)

// Truncate shortens s to at most limit UTF-16 code units, cutting on a
// character boundary and ending with an ellipsis when it cut anything.
func Truncate(s string, limit int) string { return cwm.FitLength(s, limit) }

func utf16Len(s string) int { return cwm.LengthOf(s) }
