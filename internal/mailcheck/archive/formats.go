package archive

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/bodgit/sevenzip"
	"github.com/nwaples/rardecode/v2"
)

// listZIP reads the central directory and extracts unencrypted entries
// within the byte budget and the ratio bound.
func listZIP(b []byte, lim Limits) (*Listing, error) {
	r, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("reading the zip directory: %w", err)
	}
	l := &Listing{Format: FormatZIP}
	budget := lim.MaxBytes
	for i, f := range r.File {
		if i >= lim.MaxEntries {
			l.Defects = append(l.Defects, tooMany(lim.MaxEntries))
			break
		}
		e := Entry{Name: f.Name, Size: int64(f.UncompressedSize64), Encrypted: f.Flags&1 != 0 || f.Method == 99}
		l.Encrypted = l.Encrypted || e.Encrypted
		if !e.Encrypted && !f.FileInfo().IsDir() {
			e.Content = l.extract(f, lim, &budget)
		}
		l.Entries = append(l.Entries, e)
	}
	return l, nil
}

// extract reads one entry unless it breaks a bound, which is a defect.
func (l *Listing) extract(f *zip.File, lim Limits, budget *int64) []byte {
	size, packed := int64(f.UncompressedSize64), max(int64(f.CompressedSize64), 1)
	switch {
	case size/packed > lim.MaxRatio:
		l.Defects = append(l.Defects, fmt.Sprintf("zip entry %q expands %d times: not extracted (likely a zip bomb)",
			f.Name, size/packed))
		return nil
	case size > *budget:
		l.Defects = append(l.Defects, fmt.Sprintf("zip entry %q is over the extraction budget: not extracted", f.Name))
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		l.Defects = append(l.Defects, fmt.Sprintf("zip entry %q unreadable: %v", f.Name, err))
		return nil
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, min(*budget, packed*lim.MaxRatio)))
	*budget -= int64(len(data))
	if err != nil {
		l.Defects = append(l.Defects, fmt.Sprintf("zip entry %q damaged: %v", f.Name, err))
	}
	return data
}

// listRAR lists RAR headers; entries are not extracted.
func listRAR(b []byte, lim Limits) *Listing {
	l := &Listing{Format: FormatRAR}
	r, err := rardecode.NewReader(bytes.NewReader(b))
	if err != nil {
		l.noteRAR(err)
		return l
	}
	for {
		h, err := r.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				l.noteRAR(err)
			}
			return l
		}
		if len(l.Entries) >= lim.MaxEntries {
			l.Defects = append(l.Defects, tooMany(lim.MaxEntries))
			return l
		}
		l.Entries = append(l.Entries, Entry{Name: h.Name, Size: h.UnPackedSize, Encrypted: h.Encrypted})
		l.Encrypted = l.Encrypted || h.Encrypted
	}
}

// noteRAR records a RAR error: a password need sets Encrypted.
func (l *Listing) noteRAR(err error) {
	if errors.Is(err, rardecode.ErrArchiveEncrypted) || errors.Is(err, rardecode.ErrArchivedFileEncrypted) {
		l.Encrypted = true
		return
	}
	l.Defects = append(l.Defects, "rar archive damaged: "+err.Error())
}

// list7z lists a 7z archive's entries. Encrypted headers make the
// library ask for a password, which marks the archive encrypted.
// TODO: a 7z archive with plain headers but encrypted content is not
// marked encrypted (that needs the folder's coder list, which the library
// does not expose), so its encrypted_attachment finding is missed.
func list7z(b []byte, lim Limits) *Listing {
	l := &Listing{Format: Format7z}
	r, err := sevenzip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		if strings.Contains(err.Error(), "password") {
			l.Encrypted = true // the library has no typed error for this
			return l
		}
		l.Defects = append(l.Defects, "7z archive damaged: "+err.Error())
		return l
	}
	for i, f := range r.File {
		if i >= lim.MaxEntries {
			l.Defects = append(l.Defects, tooMany(lim.MaxEntries))
			break
		}
		l.Entries = append(l.Entries, Entry{Name: f.Name, Size: int64(f.UncompressedSize)})
	}
	return l
}
