package mailcheck

import (
	"fmt"
	"net"
	"net/mail"
	"regexp"
	"strings"
	"time"
)

// Hop is one Received header, as the receiving host wrote it.
type Hop struct {
	From string `json:"from"`
	By   string `json:"by"`
	IP   string `json:"ip,omitempty"`
	With string `json:"with,omitempty"`
	Date string `json:"date,omitempty"`
	// DelaySeconds is the time since the previous (older) hop, when both
	// dates are readable.
	DelaySeconds *int64 `json:"delay_seconds,omitempty"`
}

// DeliveryPath is the Received chain oldest first, with the address the
// message came from into the receiving systems.
type DeliveryPath struct {
	Hops []Hop `json:"hops"`
	// OriginatingIP is the sending side's address at the first hop into
	// the trusted receiving hosts, "" when no public address is written.
	OriginatingIP string `json:"originating_ip,omitempty"`
	// Anomalies are oddities of the chain (dates out of order, hops
	// without a date, long delays).
	Anomalies []string `json:"anomalies,omitempty"`
}

// maxHops bounds the Received fields read.
const maxHops = 50

var (
	receivedIPRE   = regexp.MustCompile(`\[(?:IPv6:)?([0-9A-Fa-f:.]+)\]|\(([0-9]{1,3}(?:\.[0-9]{1,3}){3})\)`)
	receivedWordRE = regexp.MustCompile(`(?i)\b(from|by|with|id|for|via)\s+(\S+)`)
)

// microsoftHosts are host suffixes of Microsoft 365's own relays, always
// trusted: the tenant's receiving boundary when the reporter uses it.
var microsoftHosts = []string{".outlook.com", ".office365.com", ".microsoft.com", ".exchangelabs.com",
	".outlook.office365.com"}

// deliveryPath reads the Received fields (top-most first in the header)
// into a path oldest first.
func deliveryPath(fields []headerField, trusted []string) DeliveryPath {
	var hops []Hop
	var dates []time.Time
	for _, f := range fields {
		if strings.EqualFold(f.Name, "Received") && len(hops) < maxHops {
			h, t := parseReceived(f.Value)
			hops = append(hops, h)
			dates = append(dates, t)
		}
	}
	p := DeliveryPath{Hops: reverse(hops)}
	p.OriginatingIP = originatingIP(hops, trusted)
	p.Anomalies = p.timeline(reverse(dates))
	return p
}

// parseReceived splits one Received value into its clauses and date.
func parseReceived(v string) (Hop, time.Time) {
	clauses, date := v, ""
	if i := strings.LastIndex(v, ";"); i >= 0 {
		clauses, date = v[:i], strings.TrimSpace(v[i+1:])
	}
	h := Hop{Date: date}
	for _, m := range receivedWordRE.FindAllStringSubmatch(clauses, 10) {
		switch strings.ToLower(m[1]) {
		case "from":
			h.From = strings.Trim(m[2], "()")
		case "by":
			h.By = strings.Trim(m[2], "();")
		case "with":
			h.With = strings.Trim(m[2], "();")
		}
	}
	by := strings.Index(strings.ToLower(clauses), " by ")
	if by < 0 {
		by = len(clauses)
	}
	if m := receivedIPRE.FindStringSubmatch(clauses[:by]); m != nil {
		h.IP = m[1] + m[2]
	}
	t, _ := mail.ParseDate(strings.Join(strings.Fields(date), " "))
	return h, t
}

// originatingIP walks from the newest hop down and returns the first
// public sending address whose host is not a trusted receiving host.
func originatingIP(topFirst []Hop, trusted []string) string {
	for _, h := range topFirst {
		if h.IP == "" || isTrustedHop(h, trusted) {
			continue
		}
		ip := net.ParseIP(h.IP)
		if ip == nil || ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast() {
			continue
		}
		return h.IP
	}
	return ""
}

// isTrustedHop reports whether the hop's sending host is one of ours.
func isTrustedHop(h Hop, trusted []string) bool {
	from := strings.ToLower(h.From)
	for _, t := range trusted {
		t = strings.ToLower(strings.TrimSpace(t))
		if t != "" && (from == t || h.IP == t || strings.HasSuffix(from, "."+t)) {
			return true
		}
	}
	for _, s := range microsoftHosts {
		if strings.HasSuffix(from, s) {
			return true
		}
	}
	return false
}

// timeline fills the delays and returns the anomalies of the dates.
func (p *DeliveryPath) timeline(dates []time.Time) []string {
	var out []string
	for i := range p.Hops {
		if dates[i].IsZero() {
			out = append(out, fmt.Sprintf("hop %d has no readable date", i+1))
			continue
		}
		if i == 0 || dates[i-1].IsZero() {
			continue
		}
		d := int64(dates[i].Sub(dates[i-1]).Seconds())
		p.Hops[i].DelaySeconds = &d
		switch {
		case d < -300:
			out = append(out, fmt.Sprintf("hop %d is dated %s before the hop it follows", i+1, time.Duration(-d)*time.Second))
		case d > 86400:
			out = append(out, fmt.Sprintf("hop %d took %s", i+1, time.Duration(d)*time.Second))
		}
	}
	return out
}

// reverse returns a reversed copy of s.
func reverse[T any](s []T) []T {
	out := make([]T, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}
