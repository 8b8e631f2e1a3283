package mailcheck

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
)

// maxFindingsPerCheck bounds repeated findings of one kind per message.
const maxFindingsPerCheck = 5

// urlFindings flags IP-literal hosts and links whose visible text names
// another site than they lead to.
func urlFindings(urls []URL) []Finding {
	var out []Finding
	ip, mismatch := 0, 0
	for _, u := range urls {
		if isIPHost(u.Host) && ip < maxFindingsPerCheck {
			ip++
			out = append(out, Finding{FindingIPLiteralURL, SeverityMedium,
				"link to an IP address: " + u.Defanged})
		}
		if shown := shownDomain(u.Text); shown != "" && mismatch < maxFindingsPerCheck {
			if actual := registrable(u.Host); actual != "" && actual != shown {
				mismatch++
				out = append(out, Finding{FindingLinkTextMismatch, SeverityMedium,
					fmt.Sprintf("link text shows %s but leads to %s", Defang(shown), u.Defanged)})
			}
		}
	}
	return out
}

// shownDomainRE matches anchor text that reads as a URL or host name.
var shownDomainRE = regexp.MustCompile(
	`^(?i)(https?://)?(www\.)?([a-z0-9-]+\.)+[a-z]{2,24}(:\d+)?([/?#]\S*)?$`)

// shownDomain returns the registrable domain that a link's text displays,
// or "" when the text does not look like an address.
func shownDomain(text string) string {
	text = strings.TrimSpace(text)
	if !shownDomainRE.MatchString(text) {
		return ""
	}
	if !strings.Contains(text, "://") {
		text = "http://" + text
	}
	u, err := url.Parse(text)
	if err != nil {
		return ""
	}
	return registrable(u.Hostname())
}

// formFindings reports HTML forms, which collect input inside the
// message or its HTML attachments.
func formFindings(actions []string) []Finding {
	if len(actions) == 0 {
		return nil
	}
	evidence := fmt.Sprintf("%d HTML form(s)", len(actions))
	for _, a := range actions {
		if a != "" {
			evidence += ", posting to " + Defang(a)
			break
		}
	}
	return []Finding{{FindingHTMLForm, SeverityHigh, evidence}}
}

// executableExts are extensions of files that run code when opened, or
// disk images that smuggle such files past filters.
var executableExts = setOf("exe", "scr", "com", "pif", "cpl", "msi", "msp", "dll",
	"bat", "cmd", "ps1", "psm1", "vbs", "vbe", "js", "jse", "wsf", "wsh", "hta",
	"jar", "lnk", "reg", "iso", "img", "vhd", "vhdx", "one", "appx", "msix",
	"application", "chm", "url", "inf", "xll", "sct")

// executableTypes are sniffed types of executables and disk images.
var executableTypes = setOf("application/vnd.microsoft.portable-executable",
	"application/x-executable", "application/x-elf", "application/x-ms-shortcut",
	"application/x-ms-installer", "application/x-iso9660-image", "application/jar")

// htmlExts are extensions of documents that open in a browser.
var htmlExts = setOf("html", "htm", "shtml", "xhtml", "svg", "mht", "mhtml")

// decoyExts are extensions a disguised file pretends to have.
var decoyExts = setOf("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt",
	"rtf", "jpg", "jpeg", "png", "gif", "zip", "rar", "csv", "htm", "html", "mp3", "mp4")

// attachmentFindings checks one attachment's name, type and content, and
// those of its archive entries; within names the archive's path.
func attachmentFindings(a Attachment, within string) []Finding {
	label := fmt.Sprintf("%q", within+a.Name)
	var out []Finding
	name := strings.ToLower(strings.TrimSpace(a.Name))
	ext := strings.TrimPrefix(path.Ext(name), ".")
	switch {
	case executableExts[ext] || executableTypes[a.SniffedType]:
		out = append(out, Finding{FindingExecutableAttachment, SeverityHigh,
			fmt.Sprintf("attachment %s is executable or a disk image (%s)", label, a.SniffedType)})
	case htmlExts[ext]:
		out = append(out, Finding{FindingHTMLAttachment, SeverityMedium,
			fmt.Sprintf("attachment %s opens in a web browser", label)})
	}
	if disguise := disguisedName(name); disguise != "" {
		out = append(out, Finding{FindingDoubleExtension, SeverityHigh,
			fmt.Sprintf("attachment %s %s", label, disguise)})
	}
	out = append(out, contentFindings(a, label, within == "" || a.Archive != "")...)
	for _, e := range a.Entries {
		out = append(out, attachmentFindings(e, within+a.Name+" › ")...)
	}
	return out
}

// contentFindings reports what inspecting the content found. An
// encrypted entry of an archive is not reported again (ownEncryption
// false): the archive already was.
func contentFindings(a Attachment, label string, ownEncryption bool) []Finding {
	var out []Finding
	if a.Encrypted && ownEncryption {
		out = append(out, Finding{FindingEncryptedAttachment, SeverityMedium,
			fmt.Sprintf("attachment %s is password-protected: contents not inspected", label)})
	}
	if a.Macros {
		out = append(out, Finding{FindingMacroDocument, SeverityHigh,
			fmt.Sprintf("attachment %s is an Office document with VBA macros", label)})
	}
	if len(a.ExternalReferences) > 0 {
		out = append(out, Finding{FindingExternalReference, SeverityHigh,
			fmt.Sprintf("attachment %s loads %s when opened", label, Defang(a.ExternalReferences[0]))})
	}
	if len(a.ActiveContent) > 0 {
		out = append(out, Finding{FindingPDFActiveContent, SeverityHigh,
			fmt.Sprintf("attachment %s has active content: %s", label, strings.Join(a.ActiveContent, " "))})
	}
	out = append(out, smugglingFindings("attachment "+label, a.Smuggling)...)
	return out
}

// smugglingFindings reports HTML that assembles a file in the browser.
func smugglingFindings(where string, signs []string) []Finding {
	if len(signs) == 0 {
		return nil
	}
	return []Finding{{FindingHTMLSmuggling, SeverityHigh,
		fmt.Sprintf("%s builds a file in the browser (%s)", where, strings.Join(signs, ", "))}}
}

// qrFindings reports links read from QR codes, which bypass link
// scanners and move the victim to an unmanaged phone.
func qrFindings(urls []string) []Finding {
	var out []Finding
	for i, u := range urls {
		if i >= maxFindingsPerCheck {
			break
		}
		out = append(out, Finding{FindingQRCodeURL, SeverityMedium, "QR code leads to " + Defang(u)})
	}
	return out
}

// disguisedName says how a file name hides its real type, or "".
func disguisedName(name string) string {
	if strings.ContainsRune(name, '\u202e') {
		return "uses a right-to-left override to hide its extension"
	}
	last := strings.TrimPrefix(path.Ext(name), ".")
	if !executableExts[last] && !htmlExts[last] {
		return ""
	}
	inner := strings.TrimSpace(strings.TrimSuffix(name, "."+last))
	if decoy := strings.TrimPrefix(path.Ext(inner), "."); decoyExts[decoy] && decoy != last {
		return fmt.Sprintf("has a double extension (.%s.%s)", decoy, last)
	}
	return ""
}

// setOf builds a lookup set.
func setOf(items ...string) map[string]bool {
	s := make(map[string]bool, len(items))
	for _, i := range items {
		s[i] = true
	}
	return s
}
