package mailcheck

import (
	"strconv"
	"strings"
)

// ARC is the newest ARC set of a message (RFC 8617): the chain validation
// status its sealer recorded and the authentication results it saw. The
// seals are not verified (that needs DNS); the values say what the last
// forwarding system claims.
type ARC struct {
	// Sets is the highest instance number i= found.
	Sets int `json:"sets"`
	// CV is the chain validation status of the newest seal: none, pass
	// or fail.
	CV    string `json:"cv"`
	SPF   string `json:"spf"`
	DKIM  string `json:"dkim"`
	DMARC string `json:"dmarc"`
}

// readARC reads the newest ARC-Seal and ARC-Authentication-Results, or
// returns nil when the message has no ARC headers.
func readARC(fields []headerField) *ARC {
	var a *ARC
	var results string
	for _, f := range fields {
		name := strings.ToLower(f.Name)
		if name != "arc-seal" && name != "arc-authentication-results" {
			continue
		}
		if a == nil {
			a = &ARC{}
		}
		tags := dkimTags(f.Value)
		i, _ := strconv.Atoi(tags["i"])
		if i > a.Sets {
			a.Sets = i
		}
		switch {
		case name == "arc-seal" && i >= a.Sets:
			a.CV = strings.ToLower(tags["cv"])
		case name == "arc-authentication-results" && i >= a.Sets:
			_, results, _ = strings.Cut(f.Value, ";")
		}
	}
	if a != nil && results != "" {
		auth, _ := parseAuthentication([]string{strings.TrimSpace(results)})
		a.SPF, a.DKIM, a.DMARC = auth.SPF, auth.DKIM, auth.DMARC
	}
	return a
}
