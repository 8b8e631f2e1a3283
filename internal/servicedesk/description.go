package servicedesk

import (
	"fmt"
	"strings"

	"github.com/psabridge/psabridge/internal/mailcheck"
)

// Description renders the analysis for the ticket's initial description:
// verdict and findings first, then each reported message's authentication,
// sender, links and attachments, then the reporter and parser defects.
// Nothing in it is clickable: links and addresses are defanged.
func Description(r *mailcheck.Result, reporter string) string {
	var b strings.Builder
	writeVerdict(&b, r)
	for i, m := range r.Originals {
		writeMessage(&b, i+1, len(r.Originals), m)
	}
	writeReporter(&b, r, reporter)
	writeDefects(&b, r.Defects)
	return Truncate(b.String(), MaxDescription)
}

func writeVerdict(b *strings.Builder, r *mailcheck.Result) {
	fmt.Fprintf(b, "Verdict: %s (score %d)\n", strings.ReplaceAll(r.Verdict, "_", " "), r.Score)
	if len(r.Findings) == 0 {
		b.WriteString("No indicators found.\n")
	}
	for _, f := range r.Findings {
		fmt.Fprintf(b, "- [%s] %s: %s\n", f.Severity, f.ID, safe(f.Evidence))
	}
}

func writeMessage(b *strings.Builder, n, total int, m *mailcheck.Message) {
	if total > 1 {
		fmt.Fprintf(b, "\n=== Reported message %d of %d ===\n", n, total)
	} else {
		b.WriteString("\n=== Reported message ===\n")
	}
	fmt.Fprintf(b, "Subject: %s\n", safe(oneLine(m.Subject)))
	writeAuthentication(b, m.Authentication)
	writeSender(b, m)
	writePath(b, m.Path)
	writeURLs(b, m.URLs)
	writeAttachments(b, m.Attachments, "")
}

func writeSender(b *strings.Builder, m *mailcheck.Message) {
	fmt.Fprintf(b, "From: %s\n", address(m.From))
	for _, a := range m.ReplyTo {
		fmt.Fprintf(b, "Reply-To: %s\n", address(&a))
	}
	if m.ReturnPath != "" {
		fmt.Fprintf(b, "Return-Path: %s\n", mailcheck.Defang(m.ReturnPath))
	}
	if m.Date != "" {
		fmt.Fprintf(b, "Date: %s\n", safe(m.Date))
	}
	if m.MessageID != "" {
		fmt.Fprintf(b, "Message-ID: %s\n", mailcheck.Defang(m.MessageID))
	}
}

func writeAuthentication(b *strings.Builder, a mailcheck.Authentication) {
	fmt.Fprintf(b, "Authentication at receipt: SPF %s, DKIM %s, DMARC %s, compauth %s\n",
		orNone(a.SPF), orNone(a.DKIM), orNone(a.DMARC), orNone(a.CompAuth))
	for _, sig := range a.DKIMSignatures {
		aligned := "not aligned with From"
		if sig.Aligned {
			aligned = "aligned with From"
		}
		fmt.Fprintf(b, "- DKIM signature d=%s s=%s a=%s, %s, body hash %s\n",
			safe(sig.Domain), safe(sig.Selector), orNone(safe(sig.Algorithm)), aligned, orNone(sig.BodyHash))
	}
	if a.ARC != nil {
		fmt.Fprintf(b, "- ARC: %d set(s), chain %s; SPF %s, DKIM %s, DMARC %s as sealed\n",
			a.ARC.Sets, orNone(a.ARC.CV), orNone(a.ARC.SPF), orNone(a.ARC.DKIM), orNone(a.ARC.DMARC))
	}
}

func writePath(b *strings.Builder, p mailcheck.DeliveryPath) {
	if len(p.Hops) == 0 {
		return
	}
	origin := p.OriginatingIP
	if origin == "" {
		origin = "not recorded"
	}
	fmt.Fprintf(b, "Delivery path: %d hops, originating IP %s\n", len(p.Hops), safe(origin))
	for _, a := range p.Anomalies {
		fmt.Fprintf(b, "- %s\n", safe(a))
	}
}

func writeURLs(b *strings.Builder, urls []mailcheck.URL) {
	if len(urls) == 0 {
		return
	}
	fmt.Fprintf(b, "Links (%d, defanged):\n", len(urls))
	for _, u := range urls {
		line := safe(u.Defanged)
		if u.Unwrapped != "" {
			line += " → " + safe(u.Unwrapped)
		}
		if u.Text != "" {
			line += fmt.Sprintf(" (shown as %q)", Truncate(safe(u.Text), 80))
		}
		fmt.Fprintf(b, "- %s\n", line)
	}
}

func writeAttachments(b *strings.Builder, atts []mailcheck.Attachment, indent string) {
	if len(atts) == 0 {
		return
	}
	if indent == "" {
		fmt.Fprintf(b, "Attachments (%d):\n", len(atts))
	}
	for _, a := range atts {
		fmt.Fprintf(b, "%s- %s (%s, %d bytes)%s\n", indent,
			safe(a.Name), orNone(a.SniffedType), a.Size, attachmentFlags(a))
		fmt.Fprintf(b, "%s  %s\n", indent, hashes(a))
		writeAttachments(b, a.Entries, indent+"  ")
	}
}

func hashes(a mailcheck.Attachment) string {
	var parts []string
	for _, h := range []struct{ name, v string }{{"sha256", a.SHA256}, {"md5", a.MD5}, {"sha1", a.SHA1}} {
		if h.v != "" {
			parts = append(parts, h.name+" "+h.v)
		}
	}
	if len(parts) == 0 {
		return "no hashes (not read)"
	}
	return strings.Join(parts, " ")
}

// attachmentFlags names what makes an attachment dangerous.
func attachmentFlags(a mailcheck.Attachment) string {
	var flags []string
	if a.Encrypted {
		flags = append(flags, "encrypted: contents not inspected")
	}
	if a.Macros {
		flags = append(flags, "macros")
	}
	for _, list := range [][]string{a.ExternalReferences, a.ActiveContent, a.Smuggling} {
		for _, v := range list {
			flags = append(flags, safe(v))
		}
	}
	if len(flags) == 0 {
		return ""
	}
	return " — " + strings.Join(flags, "; ")
}

func writeReporter(b *strings.Builder, r *mailcheck.Result, reporter string) {
	b.WriteString("\n")
	switch {
	case r.Reporter != nil:
		fmt.Fprintf(b, "Reported by: %s\n", address(r.Reporter))
	case reporter != "":
		fmt.Fprintf(b, "Reported by: %s\n", mailcheck.Defang(reporter))
	}
}

func writeDefects(b *strings.Builder, defects []string) {
	if len(defects) == 0 {
		return
	}
	b.WriteString("Parser notes:\n")
	for _, d := range defects {
		fmt.Fprintf(b, "- %s\n", safe(d))
	}
}

func address(a *mailcheck.Address) string {
	if a == nil || a.Address == "" {
		return "(none)"
	}
	if a.Name == "" {
		return mailcheck.Defang(a.Address)
	}
	return fmt.Sprintf("%q <%s>", safe(oneLine(a.Name)), mailcheck.Defang(a.Address))
}

// safe keeps attacker text on one line and defangs anything that would
// become a link in ConnectWise's ticket view.
func safe(s string) string {
	return mailcheck.Defang(oneLine(s))
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
