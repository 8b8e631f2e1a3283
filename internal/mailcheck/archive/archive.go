// Package archive lists ZIP, RAR and 7z archives found in e-mail
// attachments, within bounds, without writing anything anywhere. ZIP
// entries are also extracted in memory (within the size and ratio bounds)
// so that their content can be inspected; RAR and 7z entries are listed
// only.
package archive

import (
	"bytes"
	"errors"
	"fmt"
)

// Formats of Listing.Format.
const (
	FormatZIP = "zip"
	FormatRAR = "rar"
	Format7z  = "7z"
)

// Limits bounds one listing. The zero value means the defaults.
type Limits struct {
	// MaxEntries bounds the entries listed. Default 1000.
	MaxEntries int
	// MaxBytes bounds the bytes extracted from all entries. Default 32 MiB.
	MaxBytes int64
	// MaxRatio bounds an entry's uncompressed to compressed size ratio;
	// a larger one is a likely zip bomb and is not extracted. Default 100.
	MaxRatio int64
}

func (l Limits) withDefaults() Limits {
	if l.MaxEntries <= 0 {
		l.MaxEntries = 1000
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = 32 << 20
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = 100
	}
	return l
}

// Entry is one file in an archive.
type Entry struct {
	Name string
	// Size is the uncompressed size the archive declares.
	Size      int64
	Encrypted bool
	// Content is the extracted content (ZIP only, within the bounds).
	Content []byte
}

// Listing is what List found.
type Listing struct {
	Format  string
	Entries []Entry
	// Encrypted is set when the archive or any entry needs a password.
	Encrypted bool
	// Defects are bounds met and damage found.
	Defects []string
}

// ErrNotArchive says the content is none of the known archive formats.
var ErrNotArchive = errors.New("not a zip, rar or 7z archive")

var (
	zipMagic = []byte("PK\x03\x04")
	rarMagic = []byte("Rar!\x1A\x07")
	sevenZip = []byte{'7', 'z', 0xBC, 0xAF, 0x27, 0x1C}
)

// Detect returns the archive format of b by its signature, or "".
func Detect(b []byte) string {
	switch {
	case bytes.HasPrefix(b, zipMagic):
		return FormatZIP
	case bytes.HasPrefix(b, rarMagic):
		return FormatRAR
	case bytes.HasPrefix(b, sevenZip):
		return Format7z
	}
	return ""
}

// List lists (and for ZIP extracts) the archive in b. A damaged archive
// yields the entries read before the damage and a defect.
func List(b []byte, lim Limits) (l *Listing, err error) {
	lim = lim.withDefaults()
	defer func() {
		if r := recover(); r != nil {
			l, err = nil, fmt.Errorf("reading the archive: %v", r)
		}
	}()
	switch Detect(b) {
	case FormatZIP:
		return listZIP(b, lim)
	case FormatRAR:
		return listRAR(b, lim), nil
	case Format7z:
		return list7z(b, lim), nil
	}
	return nil, ErrNotArchive
}

// tooMany is the defect for a listing cut at MaxEntries.
func tooMany(n int) string {
	return fmt.Sprintf("more than %d archive entries: the rest was not listed", n)
}
