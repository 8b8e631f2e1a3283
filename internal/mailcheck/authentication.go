package mailcheck

import (
	"strings"

	"github.com/emersion/go-msgauth/authres"
)

// topAuthResults returns the top-most group of Authentication-Results
// values: the first one and those that follow it before the next Received
// field. Those were written by the last receiving system, the one we
// trust; lower ones may have been written (or forged) by anyone on the way.
func topAuthResults(fields []headerField) []string {
	var values []string
	for _, f := range fields {
		switch {
		case strings.EqualFold(f.Name, "Authentication-Results"):
			values = append(values, f.Value)
		case strings.EqualFold(f.Name, "Received") && len(values) > 0:
			return values
		}
	}
	return values
}

// parseAuthentication reads SPF, DKIM, DMARC and compauth results from the
// given Authentication-Results values. When several results exist for one
// method, a pass wins; otherwise the first one counts.
func parseAuthentication(values []string) (Authentication, []string) {
	a := Authentication{Raw: values}
	var defects []string
	for _, v := range values {
		results, err := parseAuthResults(v)
		if err != nil {
			defects = append(defects, "Authentication-Results partly unreadable: "+err.Error())
		}
		for _, r := range results {
			a.add(r)
		}
	}
	return a, defects
}

// parseAuthResults parses one header value. Microsoft 365 writes no
// authserv-id ("spf=pass ...; dkim=none ..."), which authres rejects as an
// unsupported version; a placeholder id is put in front in that case.
func parseAuthResults(value string) ([]authres.Result, error) {
	first, _, _ := strings.Cut(value, ";")
	if token, _, _ := strings.Cut(strings.TrimSpace(first), " "); strings.Contains(token, "=") {
		value = "authserv.invalid; " + value
	}
	_, results, err := authres.Parse(value)
	return results, err
}

// add records one parsed result.
func (a *Authentication) add(r authres.Result) {
	switch r := r.(type) {
	case *authres.SPFResult:
		a.SPF = merge(a.SPF, string(r.Value))
	case *authres.DKIMResult:
		a.DKIM = merge(a.DKIM, string(r.Value))
	case *authres.DMARCResult:
		a.DMARC = merge(a.DMARC, string(r.Value))
	case *authres.GenericResult:
		if strings.EqualFold(r.Method, "compauth") {
			a.CompAuth = merge(a.CompAuth, string(r.Value))
		}
	}
}

// merge keeps the first value seen unless a later one is a pass.
func merge(old, value string) string {
	if old == "" || value == "pass" {
		return strings.ToLower(value)
	}
	return old
}
