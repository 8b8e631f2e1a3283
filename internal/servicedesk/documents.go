package servicedesk

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"
	"unicode"

	"github.com/psabridge/psabridge/internal/cwm"
	"github.com/psabridge/psabridge/internal/mailcheck"
)

// Document is one file to attach to a ticket.
type Document struct {
	Name    string
	Title   string
	Content []byte
}

// DefaultAllowedExtensions are file types a ConnectWise instance accepts out
// of the box. Anything else (executables, scripts, unknown types) travels
// inside a zip so the technician still gets it, inert.
var DefaultAllowedExtensions = []string{
	"eml", "txt", "json", "pdf", "png", "jpg", "jpeg", "gif", "zip",
	"doc", "docx", "xls", "xlsx", "ppt", "pptx", "csv", "rtf", "msg",
}

// documents lists what belongs on the ticket: each reported message as .eml,
// each attachment, and the analysis as JSON. Names are unique per report.
func (t *Ticketer) documents(job Job) ([]Document, error) {
	var docs []Document
	seen := map[string]int{}
	add := func(name, title string, content []byte) {
		docs = append(docs, Document{Name: unique(seen, name), Title: title, Content: content})
	}
	for i, m := range job.Result.Originals {
		if len(m.Raw) > 0 {
			add(OriginalFileName(i, m), "Reported message", m.Raw)
		}
		for _, a := range m.Attachments {
			name, content, err := t.allowed(SafeFileName(a.Name), a.Content)
			if err != nil {
				return nil, err
			}
			add(name, "Attachment of the reported message", content)
		}
	}
	if len(job.AnalysisJSON) > 0 {
		add("analysis.json", "psabridge analysis", job.AnalysisJSON)
	}
	return docs, nil
}

// uploadDocuments uploads what the ticket lacks. For a ticket found again
// (reused), what ConnectWise already holds counts as uploaded too: another
// psabridge data folder, or a lost ledger, may have put it there.
func (t *Ticketer) uploadDocuments(ctx context.Context, job Job, ticketID int, reused bool) (int, error) {
	docs, err := t.documents(job)
	if err != nil {
		return 0, err
	}
	done, err := t.Ledger.UploadedDocuments(ctx, job.ReportID)
	if err != nil {
		return 0, fmt.Errorf("reading uploaded documents: %w", err)
	}
	if reused {
		if done, err = t.withTicketDocuments(ctx, job.ReportID, ticketID, done); err != nil {
			return 0, err
		}
	}

	n := 0
	for _, d := range docs {
		if done[d.Name] {
			continue
		}
		doc, err := t.upload(ctx, ticketID, d)
		if err != nil {
			return n, fmt.Errorf("uploading %s: %w", d.Name, err)
		}
		if err := t.Ledger.RecordDocument(ctx, job.ReportID, d.Name, doc.ID); err != nil {
			return n, fmt.Errorf("recording document %s: %w", d.Name, err)
		}
		n++
	}
	return n, nil
}

// OriginalFileName names the i-th (from 0) reported message's document by
// the form it arrived in: an RFC 5322 message, an Outlook .msg or a TNEF
// winmail.dat.
func OriginalFileName(i int, m *mailcheck.Message) string {
	ext := ".eml"
	switch m.Format {
	case mailcheck.FormatMSG:
		ext = ".msg"
	case mailcheck.FormatTNEF:
		ext = ".dat"
	}
	return fmt.Sprintf("reported-message-%d%s", i+1, ext)
}

// withTicketDocuments adds the documents on the ticket to done, under the
// names psabridge gives them (a refused type went up zipped), and records
// them in the ledger.
func (t *Ticketer) withTicketDocuments(ctx context.Context, reportID int64, ticketID int, done map[string]bool) (map[string]bool, error) {
	onTicket, err := t.PSA.TicketDocuments(ctx, ticketID)
	if err != nil {
		return nil, fmt.Errorf("listing the documents of ticket %d: %w", ticketID, err)
	}
	if done == nil {
		done = map[string]bool{}
	}
	for _, d := range onTicket {
		name := d.FileName
		if orig, ok := strings.CutSuffix(name, ".zip"); ok && path.Ext(orig) != "" {
			done[orig] = true // a document sent zipped after a refusal
		}
		if !done[name] {
			done[name] = true
			if err := t.Ledger.RecordDocument(ctx, reportID, name, d.ID); err != nil {
				return nil, fmt.Errorf("recording document %s: %w", name, err)
			}
		}
	}
	return done, nil
}

// upload sends one document. When the instance refuses a file it was
// expected to take (its allowed types or size rules differ from what we
// know), the file goes again inside a zip, which instances accept.
func (t *Ticketer) upload(ctx context.Context, ticketID int, d Document) (*cwm.Document, error) {
	doc, err := t.PSA.UploadDocument(ctx, ticketID, d)
	var ce *cwm.Error
	if err == nil || !errors.As(err, &ce) || ce.StatusCode != http.StatusBadRequest || path.Ext(d.Name) == ".zip" {
		return doc, err
	}
	zipped, zerr := zipOne(d.Name, d.Content)
	if zerr != nil {
		return nil, errors.Join(err, zerr)
	}
	retry := Document{Name: d.Name + ".zip", Title: d.Title, Content: zipped}
	if doc, zerr = t.PSA.UploadDocument(ctx, ticketID, retry); zerr != nil {
		return nil, fmt.Errorf("refused as is (%w) and zipped: %w", err, zerr)
	}
	return doc, nil
}

// allowed returns the file as is when the instance accepts its type, else
// zipped.
func (t *Ticketer) allowed(name string, content []byte) (string, []byte, error) {
	exts := t.Settings.AllowedExtensions
	if len(exts) == 0 {
		exts = DefaultAllowedExtensions
	}
	ext := strings.TrimPrefix(strings.ToLower(path.Ext(name)), ".")
	for _, e := range exts {
		if e == ext {
			return name, content, nil
		}
	}
	zipped, err := zipOne(name, content)
	if err != nil {
		return "", nil, fmt.Errorf("zipping %s: %w", name, err)
	}
	return name + ".zip", zipped, nil
}

func zipOne(name string, content []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(content); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// SafeFileName makes an attacker-chosen attachment name safe to upload: no
// directories, no control or bidirectional-override characters, at most 100
// characters, never empty.
func SafeFileName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || strings.ContainsRune(`/:*?"<>|`, r):
			return '_'
		case unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r):
			return -1 // invisible: hides the real extension from a person
		}
		return r
	}, name)
	name = strings.Trim(name, " .")
	if name == "" {
		name = "attachment"
	}
	if utf16Len(name) <= maxFileName {
		return name
	}
	ext := path.Ext(name)
	if utf16Len(ext) > 12 {
		ext = ""
	}
	return Truncate(strings.TrimSuffix(name, ext), maxFileName-utf16Len(ext)) + ext
}

const maxFileName = 100

// unique returns name, or name with a number before its extension when
// an earlier document of the report already took it.
func unique(seen map[string]int, name string) string {
	candidate := name
	ext := path.Ext(name)
	for n := 2; seen[candidate] > 0; n++ {
		candidate = fmt.Sprintf("%s-%d%s", strings.TrimSuffix(name, ext), n, ext)
	}
	seen[candidate]++
	return candidate
}
