package mailcheck

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/norm"
)

// impersonatedBrands are registrable domains that phishing imitates most
// often (brands named in public phishing-trend reports); a domain that
// resembles one of them without being it is a lookalike.
var impersonatedBrands = []string{
	"microsoft.com", "office.com", "office365.com", "outlook.com", "live.com", "sharepoint.com",
	"onedrive.com", "microsoftonline.com", "paypal.com", "apple.com", "icloud.com", "amazon.com",
	"google.com", "gmail.com", "youtube.com", "docusign.com", "docusign.net", "dropbox.com",
	"adobe.com", "linkedin.com", "facebook.com", "instagram.com", "whatsapp.com", "netflix.com",
	"spotify.com", "wellsfargo.com", "chase.com", "bankofamerica.com", "americanexpress.com",
	"citibank.com", "hsbc.com", "santander.com", "barclays.co.uk", "dhl.com", "fedex.com",
	"ups.com", "usps.com", "royalmail.com", "wetransfer.com", "zoom.us", "coinbase.com",
	"binance.com", "blockchain.com", "metamask.io", "ebay.com", "walmart.com", "costco.com",
	"irs.gov", "intuit.com", "quickbooks.com", "norton.com", "mcafee.com", "verizon.com",
	"att.com", "comcast.net", "yahoo.com", "aol.com", "booking.com", "airbnb.com",
	"steamcommunity.com", "roblox.com", "twitter.com", "telegram.org", "mastercard.com", "visa.com",
}

// maxLookalikeHosts bounds the link hosts compared per message.
const maxLookalikeHosts = 200

// lookalikeFindings compares the sender domains and link hosts with the
// partner's client domains and the brand list.
func (p *parsedMessage) lookalikeFindings() []Finding {
	protected := protectedDomains(p.clientDomains)
	var out []Finding
	seen := map[string]bool{}
	check := func(role, host string) {
		if host == "" || seen[host] || len(out) >= maxFindingsPerCheck {
			return
		}
		seen[host] = true
		if why := lookalike(host, protected); why != "" {
			out = append(out, Finding{FindingLookalikeDomain, SeverityHigh,
				fmt.Sprintf("%s %s %s", role, Defang(host), why)})
		}
	}
	for _, a := range senderAddresses(p.msg) {
		check("sender domain", domainOf(a))
	}
	for i, u := range p.msg.URLs {
		if i >= maxLookalikeHosts {
			break
		}
		check("link host", u.Host)
	}
	return out
}

// senderAddresses lists From, Sender, Reply-To and Return-Path.
func senderAddresses(m *Message) []string {
	var out []string
	for _, a := range []*Address{m.From, m.Sender} {
		if a != nil {
			out = append(out, a.Address)
		}
	}
	for _, a := range m.ReplyTo {
		out = append(out, a.Address)
	}
	return append(out, m.ReturnPath)
}

// protectedDomains joins client domains and brands, as registrable
// domains in ASCII form.
func protectedDomains(clients []string) []string {
	out := make([]string, 0, len(clients)+len(impersonatedBrands))
	for _, d := range clients {
		if r := registrable(strings.TrimSpace(d)); r != "" {
			out = append(out, r)
		}
	}
	return append(out, impersonatedBrands...)
}

// lookalike says how host imitates a protected domain, or "".
func lookalike(host string, protected []string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	reg := registrable(host)
	if reg == "" || isIPHost(host) {
		return ""
	}
	for _, d := range protected {
		if reg == d {
			return ""
		}
	}
	label, uni := siteLabel(reg)
	if mixedScripts(uni) {
		return fmt.Sprintf("mixes writing systems (%s)", uni)
	}
	for _, d := range protected {
		if why := resembles(label, uni, d); why != "" {
			return why
		}
		if strings.HasPrefix(host, d+".") || strings.Contains(host, "."+d+".") {
			return "puts " + Defang(d) + " in front of another domain"
		}
	}
	return ""
}

// siteLabel returns the label of a registrable domain before its public
// suffix, in ASCII and in Unicode form.
func siteLabel(reg string) (string, string) {
	label, _, _ := strings.Cut(reg, ".")
	uni, err := idna.ToUnicode(label)
	if err != nil {
		uni = label
	}
	return label, uni
}

// resembles compares a site label with a protected domain's: the same
// confusable skeleton, or a small edit distance for longer names.
func resembles(label, uni, protected string) string {
	pLabel, _ := siteLabel(protected)
	if len(pLabel) < 4 || label == pLabel {
		return ""
	}
	if skeleton(uni) == skeleton(pLabel) {
		return "looks like " + Defang(protected)
	}
	d := editDistance(label, pLabel)
	if len(pLabel) >= 5 && d == 1 || len(pLabel) >= 9 && d == 2 {
		return fmt.Sprintf("is %d edit(s) from %s", d, Defang(protected))
	}
	return ""
}

// confusables maps look-alike characters to the Latin letter they
// imitate: Cyrillic and Greek homoglyphs, digits and letter pairs.
var confusables = strings.NewReplacer(
	"а", "a", "е", "e", "о", "o", "р", "p", "с", "c", "у", "y", "х", "x", "і", "l", "ј", "j",
	"ԁ", "d", "ѕ", "s", "һ", "h", "ӏ", "l", "ԛ", "q", "ԝ", "w", "ο", "o", "α", "a", "ν", "v",
	"τ", "t", "ρ", "p", "κ", "k", "ι", "l", "ε", "e", "ѵ", "v", "ɡ", "g", "ı", "l",
	"rn", "m", "vv", "w", "cl", "d", "0", "o", "1", "l", "i", "l", "!", "l", "5", "s", "3", "e",
	"-", "",
)

// skeleton reduces a label to what it looks like: compatibility forms
// folded (NFKC), accents removed, homoglyphs replaced.
func skeleton(s string) string {
	s = norm.NFKC.String(strings.ToLower(s))
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return confusables.Replace(b.String())
}

// scriptTables are the writing systems told apart for mixing.
var scriptTables = []*unicode.RangeTable{unicode.Latin, unicode.Cyrillic, unicode.Greek,
	unicode.Armenian, unicode.Hebrew, unicode.Arabic, unicode.Han, unicode.Hangul, unicode.Thai}

// mixedScripts reports whether a label's letters come from more than one
// writing system, as homograph attacks need.
func mixedScripts(s string) bool {
	found := -1
	for _, r := range s {
		for i, t := range scriptTables {
			if !unicode.Is(t, r) {
				continue
			}
			if found >= 0 && found != i {
				return true
			}
			found = i
		}
	}
	return false
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return max(len(ra), len(rb))
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
