package mailcheck

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/gabriel-vasile/mimetype"
	"github.com/jhillyerd/enmime/v2"
	"github.com/psabridge/psabridge/internal/mailcheck/archive"
)

// inspector looks into attachments for one message, sharing the
// decompression budget of Options.MaxDecompressedBytes among them.
type inspector struct {
	opts    Options
	budget  int64
	defects []string
	urls    *urlSet
	qrURLs  []string
	qrScans int
}

// newInspector starts the inspection of one message's attachments.
func newInspector(opts Options, urls *urlSet) *inspector {
	return &inspector{opts: opts, budget: opts.MaxDecompressedBytes, urls: urls}
}

// newAttachment describes one part's decoded content.
func (in *inspector) newAttachment(p *enmime.Part) Attachment {
	a := in.inspect(p.FileName, p.Content, 0)
	a.ContentType = p.ContentType
	return a
}

// inspect describes a named blob: size, sniffed type, hashes, and what
// its format says about it (macros, encryption, archive entries, active
// PDF content, HTML smuggling, QR codes).
func (in *inspector) inspect(name string, content []byte, depth int) Attachment {
	sha := sha256.Sum256(content)
	md := md5.Sum(content)
	s1 := sha1.Sum(content)
	sniffed, _, _ := strings.Cut(mimetype.Detect(content).String(), ";")
	a := Attachment{
		Name:        name,
		SniffedType: sniffed,
		Size:        len(content),
		SHA256:      hex.EncodeToString(sha[:]),
		MD5:         hex.EncodeToString(md[:]),
		SHA1:        hex.EncodeToString(s1[:]),
		Content:     content,
	}
	in.inspectFormat(&a, depth)
	return a
}

// inspectFormat runs the checks that apply to a's format.
func (in *inspector) inspectFormat(a *Attachment, depth int) {
	switch {
	case archive.Detect(a.Content) != "":
		in.inspectArchive(a, depth)
		inspectOOXML(a)
	case isOLE(a.Content):
		inspectOLE(a)
	case isPDF(a.Content):
		in.inspectPDF(a)
	case isRTF(a.Content):
		inspectRTF(a)
	case isHTMLName(a.Name) || strings.HasPrefix(a.SniffedType, "text/html") ||
		a.SniffedType == "image/svg+xml":
		a.Smuggling = findSmuggling(string(a.Content))
		in.scanDataImages(string(a.Content))
	case strings.HasPrefix(a.SniffedType, "image/"):
		in.scanImage(a.Content)
	}
}

// inspectArchive lists an archive and, within the nesting bound,
// inspects its extracted entries as attachments of their own.
func (in *inspector) inspectArchive(a *Attachment, depth int) {
	l, err := archive.List(a.Content, archive.Limits{
		MaxBytes: max(in.budget, 1), MaxRatio: in.opts.MaxCompressionRatio,
	})
	if err != nil {
		in.defects = append(in.defects, fmt.Sprintf("attachment %q: %v", a.Name, err))
		return
	}
	a.Archive, a.Encrypted = l.Format, l.Encrypted
	for _, d := range l.Defects {
		in.defects = append(in.defects, fmt.Sprintf("attachment %q: %s", a.Name, d))
	}
	for _, e := range l.Entries {
		in.budget -= int64(len(e.Content))
		a.Entries = append(a.Entries, in.entry(e, depth))
	}
}

// entry describes one archive entry, inspecting its content while the
// archive nesting bound allows.
func (in *inspector) entry(e archive.Entry, depth int) Attachment {
	if e.Content == nil || depth+1 >= in.opts.MaxArchiveDepth {
		if e.Content != nil {
			in.defects = append(in.defects, fmt.Sprintf(
				"archive entry %q nested deeper than %d archives: not inspected", e.Name, in.opts.MaxArchiveDepth))
		}
		return Attachment{Name: e.Name, Size: int(e.Size), Encrypted: e.Encrypted}
	}
	sub := in.inspect(e.Name, e.Content, depth+1)
	sub.Content = nil
	return sub
}

// isBodyPart reports whether p is part of the message text rather than an
// attachment: a text/plain or text/html leaf (or one without a type) that
// is neither marked as an attachment nor named.
func isBodyPart(p *enmime.Part) bool {
	switch p.ContentType {
	case "", "text/plain", "text/html":
	default:
		return false
	}
	return p.Disposition != "attachment" && p.FileName == ""
}

// isHTMLName reports whether a file name opens in a web browser.
func isHTMLName(name string) bool {
	ext := strings.ToLower(name)
	if i := strings.LastIndex(ext, "."); i >= 0 {
		ext = ext[i+1:]
	}
	return htmlExts[ext]
}
