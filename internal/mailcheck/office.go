package mailcheck

import (
	"archive/zip"
	"bytes"
	"regexp"
	"strings"

	"github.com/richardlehane/mscfb"
)

// TODO: Excel 4.0 (XLM) macro sheets need a BIFF record walk and are not
// detected; such workbooks get no macro_document finding.

// inspectOLE lists the storages and streams of a legacy Office file
// (.doc, .xls, .ppt): VBA storages mean macros, an EncryptedPackage
// stream means an encrypted OOXML document.
func inspectOLE(a *Attachment) {
	defer func() { _ = recover() }() // a damaged directory is not worth a panic
	doc, err := mscfb.New(bytes.NewReader(a.Content))
	if err != nil {
		return
	}
	for f, err := doc.Next(); err == nil; f, err = doc.Next() {
		switch f.Name {
		case "VBA", "_VBA_PROJECT", "_VBA_PROJECT_CUR", "Macros":
			a.Macros = true
		case "EncryptedPackage":
			a.Encrypted = true
		}
	}
}

// relationshipRE finds one relationship element of an OOXML .rels part.
var relationshipRE = regexp.MustCompile(`<Relationship\s[^>]*>`)

// attrRE reads one attribute of a relationship element.
var attrRE = regexp.MustCompile(`(\w+)="([^"]*)"`)

// maxRelsBytes bounds a .rels part read for external references.
const maxRelsBytes = 1 << 20

// inspectOOXML checks a ZIP that is an Office Open XML document for a
// VBA project and for relationships that load something external when the
// document opens (remote templates, OLE objects, frames); hyperlinks are
// ordinary and not listed.
func inspectOOXML(a *Attachment) {
	r, err := zip.NewReader(bytes.NewReader(a.Content), int64(len(a.Content)))
	if err != nil {
		return
	}
	for _, f := range r.File {
		name := strings.ToLower(f.Name)
		switch {
		case strings.HasSuffix(name, "vbaproject.bin"), strings.HasSuffix(name, "vbadata.xml"):
			a.Macros = true
		case strings.HasSuffix(name, ".rels") && f.UncompressedSize64 < maxRelsBytes:
			a.ExternalReferences = append(a.ExternalReferences, externalTargets(f)...)
		}
	}
}

// externalTargets returns the external, non-hyperlink targets of a .rels.
func externalTargets(f *zip.File) []string {
	rc, err := f.Open()
	if err != nil {
		return nil
	}
	defer rc.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(rc)
	var out []string
	for _, rel := range relationshipRE.FindAllString(buf.String(), 200) {
		attrs := map[string]string{}
		for _, m := range attrRE.FindAllStringSubmatch(rel, -1) {
			attrs[m[1]] = m[2]
		}
		if attrs["TargetMode"] == "External" && !strings.HasSuffix(attrs["Type"], "/hyperlink") {
			out = append(out, attrs["Target"])
		}
	}
	return out
}

// isRTF reports whether b is an RTF document.
func isRTF(b []byte) bool {
	return bytes.HasPrefix(b, []byte(`{\rt`))
}

// inspectRTF flags embedded OLE objects in RTF, the carrier of many
// document exploits, and automatic object updates.
func inspectRTF(a *Attachment) {
	for _, word := range []string{`\objdata`, `\objupdate`, `\objautlink`} {
		if bytes.Contains(a.Content, []byte(word)) {
			a.ActiveContent = append(a.ActiveContent, word)
		}
	}
}
