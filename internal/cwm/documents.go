package cwm

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode"
)

// DocumentsService uploads and lists documents attached to records
// (system/documents).
type DocumentsService service

const documentsPath = "system/documents"

// maxFileNameLen bounds the file name sent; names come from reported
// e-mails and are written by attackers.
const maxFileNameLen = 200

// DocumentUploadRequest is a file to attach to a record.
type DocumentUploadRequest struct {
	// RecordType is the kind of record, e.g. "Ticket", "Company".
	RecordType string
	// RecordID is the id of the record.
	RecordID int
	// Title is the document's title; empty means the file name.
	Title string
	// FileName is the name shown for the file. Control characters, quotes
	// and path separators are replaced.
	FileName string
	// Content is the file, sent byte for byte.
	Content []byte
	// PrivateFlag hides the document from the customer portal.
	PrivateFlag bool
}

// Upload attaches a file to a record as a multipart/form-data POST (the API
// answers 415 to JSON). The POST is never sent twice. When its outcome is
// unknown (a timeout, a reset or a redirect after sending), Upload lists
// the record's documents and returns the one with the same file name and
// size, if there is one; otherwise the error carries ErrMaybeCreated.
func (s *DocumentsService) Upload(ctx context.Context,
	r *DocumentUploadRequest) (*Document, *Response, error) {
	doc, resp, err := s.upload(ctx, r)
	if err == nil || !errors.Is(err, ErrMaybeCreated) {
		return doc, resp, err
	}
	if found, ferr := s.findUploaded(ctx, r); ferr == nil && found != nil {
		return found, nil, nil
	}
	return nil, resp, err
}

// findUploaded returns the newest document of r's record whose file name
// and size are those of r, or nil.
func (s *DocumentsService) findUploaded(ctx context.Context,
	r *DocumentUploadRequest) (*Document, error) {
	name := safeFileName(r.FileName)
	var found *Document
	for d, err := range s.All(ctx, r.RecordType, r.RecordID, &ListOptions{ForwardOnly: true}) {
		if err != nil {
			return nil, err
		}
		if strings.EqualFold(d.FileName, name) && d.Size == len(r.Content) {
			found = &d
		}
	}
	return found, nil
}

func (s *DocumentsService) upload(ctx context.Context,
	r *DocumentUploadRequest) (*Document, *Response, error) {
	if err := r.validate(); err != nil {
		return nil, nil, fmt.Errorf("uploading document: %w", err)
	}
	body, contentType, err := r.multipart()
	if err != nil {
		return nil, nil, fmt.Errorf("uploading document: %w", err)
	}
	req, err := s.client.newRequest(ctx, http.MethodPost, documentsPath, nil, body, contentType)
	if err != nil {
		return nil, nil, err
	}
	doc := new(Document)
	resp, err := s.client.do(req, doc)
	if err != nil {
		return nil, resp, err
	}
	return doc, resp, nil
}

// List fetches one page of the documents attached to a record.
func (s *DocumentsService) List(ctx context.Context, recordType string, recordID int,
	opts *ListOptions) ([]Document, *Response, error) {
	return listPage[Document](ctx, s.client, documentsPath, recordQuery(recordType, recordID), opts)
}

// All yields every document attached to a record, across all pages.
func (s *DocumentsService) All(ctx context.Context, recordType string, recordID int,
	opts *ListOptions) iter.Seq2[Document, error] {
	return listAll[Document](ctx, s.client, documentsPath, recordQuery(recordType, recordID), opts)
}

// Count returns how many documents are attached to a record.
func (s *DocumentsService) Count(ctx context.Context, recordType string,
	recordID int) (int, *Response, error) {
	return countRows(ctx, s.client, documentsPath, recordQuery(recordType, recordID), nil)
}

func recordQuery(recordType string, recordID int) url.Values {
	return url.Values{"recordType": {recordType}, "recordId": {strconv.Itoa(recordID)}}
}

func (r *DocumentUploadRequest) validate() error {
	switch {
	case r == nil:
		return errors.New("no upload request given")
	case strings.TrimSpace(r.RecordType) == "":
		return errors.New("record type is empty")
	case r.RecordID <= 0:
		return fmt.Errorf("record id %d is not a record", r.RecordID)
	case safeFileName(r.FileName) == "":
		return errors.New("file name is empty")
	}
	return nil
}

// multipart writes the form: recordType, recordId, title, privateFlag and
// the file part.
func (r *DocumentUploadRequest) multipart() (*bytes.Buffer, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	name := safeFileName(r.FileName)
	title := r.Title
	if title == "" {
		title = name
	}
	fields := [][2]string{
		{"recordType", r.RecordType},
		{"recordId", strconv.Itoa(r.RecordID)},
		{"title", title},
		{"privateFlag", strconv.FormatBool(r.PrivateFlag)},
	}
	for _, f := range fields {
		if err := w.WriteField(f[0], f[1]); err != nil {
			return nil, "", err
		}
	}
	if err := writeFile(w, name, r.Content); err != nil {
		return nil, "", err
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return &buf, w.FormDataContentType(), nil
}

func writeFile(w *multipart.Writer, name string, content []byte) error {
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, name))
	h.Set("Content-Type", "application/octet-stream")
	part, err := w.CreatePart(h)
	if err != nil {
		return err
	}
	_, err = part.Write(content)
	return err
}

// safeFileName makes an attacker-chosen name safe to put in a header:
// no control characters, quotes, backslashes or path separators, bounded
// length.
func safeFileName(name string) string {
	clean := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`"\/`, r) || r == unicode.ReplacementChar {
			return '_'
		}
		return r
	}, strings.TrimSpace(name))
	return strings.Trim(shorten(clean, maxFileNameLen), " .")
}

// shorten cuts name to at most n bytes, keeping a short extension so the
// file type stays recognisable.
func shorten(name string, n int) string {
	if len(name) <= n {
		return name
	}
	ext := path.Ext(name)
	if len(ext) > 16 {
		ext = ""
	}
	return strings.ToValidUTF8(name[:n-len(ext)], "") + ext
}
