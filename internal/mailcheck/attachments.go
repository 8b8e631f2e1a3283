package mailcheck

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/gabriel-vasile/mimetype"
	"github.com/jhillyerd/enmime/v2"
)

// zipMagic starts every ZIP local file header.
var zipMagic = []byte("PK\x03\x04")

// newAttachment describes one part's decoded content.
func newAttachment(p *enmime.Part) Attachment {
	a := fileAttachment(p.FileName, p.Content)
	a.ContentType = p.ContentType
	return a
}

// fileAttachment describes a named blob: size, sniffed type, SHA-256 and,
// for ZIP archives, whether an entry is encrypted.
func fileAttachment(name string, content []byte) Attachment {
	sum := sha256.Sum256(content)
	sniffed, _, _ := strings.Cut(mimetype.Detect(content).String(), ";")
	return Attachment{
		Name:        name,
		SniffedType: sniffed,
		Size:        len(content),
		SHA256:      hex.EncodeToString(sum[:]),
		Encrypted:   zipEncrypted(content),
		Content:     content,
	}
}

// zipEncrypted reports whether content is a ZIP archive with at least one
// encrypted entry (general purpose flag bit 0, or method 99 for AES). The
// entries are listed from the central directory, never extracted.
func zipEncrypted(content []byte) bool {
	if !bytes.HasPrefix(content, zipMagic) {
		return false
	}
	r, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return false
	}
	for _, f := range r.File {
		if f.Flags&0x1 != 0 || f.Method == 99 {
			return true
		}
	}
	return false
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
