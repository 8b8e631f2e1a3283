package mailcheck

import (
	"fmt"
	"net"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// Finding IDs. The table in doc.go says what each means and weighs.
const (
	FindingReplyToMismatch      = "reply_to_mismatch"
	FindingReturnPathMismatch   = "return_path_mismatch"
	FindingDisplayNameAddress   = "display_name_address"
	FindingIPLiteralURL         = "ip_literal_url"
	FindingHTMLForm             = "html_form"
	FindingLinkTextMismatch     = "link_text_mismatch"
	FindingExecutableAttachment = "executable_attachment"
	FindingHTMLAttachment       = "html_attachment"
	FindingDoubleExtension      = "double_extension"
	FindingEncryptedAttachment  = "encrypted_attachment"
	FindingSPFFail              = "spf_fail"
	FindingDKIMFail             = "dkim_fail"
	FindingDMARCFail            = "dmarc_fail"
	FindingMacroDocument        = "macro_document"
	FindingExternalReference    = "external_reference"
	FindingPDFActiveContent     = "pdf_active_content"
	FindingHTMLSmuggling        = "html_smuggling"
	FindingQRCodeURL            = "qr_code_url"
	FindingLookalikeDomain      = "lookalike_domain"
	FindingSimulation           = "simulation"
)

// findings runs every check on one parsed message. Evidence shows
// addresses, hosts and URLs defanged: it is pasted into tickets.
func (p *parsedMessage) findings() []Finding {
	m := p.msg
	var out []Finding
	out = append(out, senderFindings(m)...)
	out = append(out, authFindings(m.Authentication)...)
	out = append(out, urlFindings(m.URLs)...)
	out = append(out, formFindings(p.forms)...)
	out = append(out, smugglingFindings("the HTML body", p.smuggling)...)
	out = append(out, qrFindings(p.qrURLs)...)
	out = append(out, p.lookalikeFindings()...)
	for _, a := range m.Attachments {
		out = append(out, attachmentFindings(a, "")...)
	}
	return out
}

// senderFindings compares the sender identities of m.
func senderFindings(m *Message) []Finding {
	if m.From == nil {
		return nil
	}
	var out []Finding
	from := registrable(domainOf(m.From.Address))
	for _, r := range m.ReplyTo {
		if d := registrable(domainOf(r.Address)); d != "" && from != "" && d != from {
			out = append(out, Finding{FindingReplyToMismatch, SeverityMedium,
				fmt.Sprintf("Reply-To %s is not in the From domain %s", Defang(r.Address), Defang(from))})
			break
		}
	}
	if d := registrable(domainOf(m.ReturnPath)); d != "" && from != "" && d != from {
		out = append(out, Finding{FindingReturnPathMismatch, SeverityLow,
			fmt.Sprintf("Return-Path %s is not in the From domain %s",
				Defang(m.ReturnPath), Defang(from))})
	}
	if f, ok := displayNameFinding(m.From); ok {
		out = append(out, f)
	}
	return out
}

// displayNameFinding flags an address shown in the display name. Showing
// another address than the real one is spoofing (medium); repeating the
// real one is only unusual (low).
func displayNameFinding(from *Address) (Finding, bool) {
	shown := displayAddrRE.FindString(from.Name)
	if shown == "" {
		return Finding{}, false
	}
	if strings.EqualFold(shown, from.Address) {
		return Finding{FindingDisplayNameAddress, SeverityLow,
			"display name repeats the address " + Defang(from.Address)}, true
	}
	return Finding{FindingDisplayNameAddress, SeverityMedium,
		fmt.Sprintf("display name shows %s but the address is %s",
			Defang(shown), Defang(from.Address))}, true
}

// registrable returns the registrable domain (eTLD+1) of a host in its
// ASCII (punycode) form, or the host itself when it has none (a bare TLD,
// an IP address), so that "róbinhood.com" and its xn-- spelling compare
// equal.
func registrable(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" {
		return ""
	}
	if ascii, err := idna.Lookup.ToASCII(host); err == nil {
		host = ascii
	}
	if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return d
	}
	return host
}

// authFindings reports failed authentication at receipt.
func authFindings(a Authentication) []Finding {
	var out []Finding
	switch a.SPF {
	case "fail", "hardfail":
		out = append(out, Finding{FindingSPFFail, SeverityMedium, "SPF result at receipt: " + a.SPF})
	case "softfail":
		out = append(out, Finding{FindingSPFFail, SeverityLow, "SPF result at receipt: softfail"})
	}
	if a.DKIM == "fail" {
		out = append(out, Finding{FindingDKIMFail, SeverityLow, "DKIM result at receipt: fail"})
	}
	if a.DMARC == "fail" {
		out = append(out, Finding{FindingDMARCFail, SeverityHigh, "DMARC result at receipt: fail"})
	}
	return out
}

// isIPHost reports whether a URL host is an IP address, including the
// single-number and hexadecimal forms browsers accept.
func isIPHost(host string) bool {
	if net.ParseIP(strings.Trim(host, "[]")) != nil {
		return true
	}
	if hex, ok := strings.CutPrefix(host, "0x"); ok {
		return hex != "" && strings.Trim(hex, "0123456789abcdef") == ""
	}
	return host != "" && strings.Trim(host, "0123456789") == ""
}
