package cwsandbox

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// uploadLimitMB is the size limit of every allowed file type.
const uploadLimitMB = 25

// allowedTypes are the extensions the instance accepts as documents.
var allowedTypes = []string{
	"eml", "msg", "txt", "json", "pdf", "png", "jpg", "jpeg", "gif", "zip",
	"html", "htm", "csv", "docx", "xlsx", "doc", "xls", "xml", "log",
}

// recordTypes maps a document's recordType to the collection its recordId
// must exist in.
var recordTypes = map[string]string{
	"ticket":    "service/tickets",
	"company":   "company/companies",
	"contact":   "company/contacts",
	"agreement": "finance/agreements",
}

// document is a stored upload.
type document struct {
	info       map[string]any
	recordType string
	recordID   int
	content    []byte
}

// StoredDocument is an uploaded file as the sandbox keeps it.
type StoredDocument struct {
	ID              int
	FileName, Title string
	Content         []byte
}

// Documents returns the files attached to one record, in upload order.
// recordType is compared case-insensitively ("Ticket").
func (s *Sandbox) Documents(recordType string, recordID int) []StoredDocument {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []StoredDocument
	for _, d := range s.docs {
		if strings.EqualFold(d.recordType, recordType) && d.recordID == recordID {
			id, _ := intOf(d.info["id"])
			out = append(out, StoredDocument{ID: id, FileName: text(d.info["fileName"]),
				Title: text(d.info["title"]), Content: bytes.Clone(d.content)})
		}
	}
	return out
}

// upload is the parsed multipart form of a document POST.
type upload struct {
	fields   map[string]string
	fileName string
	content  []byte
}

// uploadDocument handles POST /system/documents.
func uploadDocument(s *Sandbox, c *call) error {
	up, err := readUpload(c)
	if err != nil {
		return err
	}
	if errs := s.checkUpload(up); len(errs) > 0 {
		return invalidObject("document", errs)
	}
	d := s.storeDocument(up)
	c.json(http.StatusCreated, d.info)
	return nil
}

func readUpload(c *call) (*upload, error) {
	mt, params, err := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, newError(http.StatusUnsupportedMediaType, "UnsupportedMediaType",
			"Documents must be uploaded as multipart/form-data.")
	}
	mr := multipart.NewReader(bytes.NewReader(c.body), params["boundary"])
	up := &upload{fields: map[string]string{}}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return up, nil
		}
		if err != nil {
			return nil, badRequest("The multipart body cannot be read.")
		}
		b, err := io.ReadAll(part)
		if err != nil {
			return nil, badRequest("The multipart body cannot be read.")
		}
		if part.FormName() == "file" {
			up.fileName, up.content = part.FileName(), b
			continue
		}
		up.fields[part.FormName()] = string(b)
	}
}

// checkUpload validates the record, the file's type and its size.
func (s *Sandbox) checkUpload(up *upload) []fieldError {
	fe := func(code, field, format string, args ...any) []fieldError {
		return []fieldError{{Code: code, Resource: "document", Field: field, Message: fmt.Sprintf(format, args...)}}
	}
	coll, ok := recordTypes[strings.ToLower(up.fields["recordType"])]
	if !ok {
		return fe("InvalidField", "recordType", "recordType %q is not supported.", up.fields["recordType"])
	}
	id, err := strconv.Atoi(up.fields["recordId"])
	if err != nil || s.coll(coll).find(id) == nil {
		return fe("NotFound", "recordId", "%s %s not found.", up.fields["recordType"], up.fields["recordId"])
	}
	if up.fileName == "" {
		return fe("MissingRequiredField", "file", "A file is required.")
	}
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(up.fileName), "."))
	if !containsFold(allowedTypes, ext) {
		return fe("InvalidFileType", "file", "Files of type '%s' are not allowed.", ext)
	}
	if len(up.content) > uploadLimitMB<<20 {
		return fe("FileSizeExceeded", "file", "The file is larger than %d MB.", uploadLimitMB)
	}
	return nil
}

func (s *Sandbox) storeDocument(up *upload) *document {
	s.nextDocID++
	id, _ := strconv.Atoi(up.fields["recordId"])
	title := up.fields["title"]
	if title == "" {
		title = up.fileName
	}
	ext := strings.ToLower(path.Ext(up.fileName))
	d := &document{recordType: up.fields["recordType"], recordID: id, content: up.content}
	d.info = map[string]any{
		"id": float64(s.nextDocID), "title": title, "fileName": up.fileName,
		"serverFileName": fmt.Sprintf("%08x%s", s.nextDocID, ext),
		"owner":          apiMemberIdentifier, "linkFlag": false, "urlFlag": false,
		"imageFlag":  strings.HasPrefix(mime.TypeByExtension(ext), "image/"),
		"publicFlag": up.fields["privateFlag"] != "true", "htmlTemplateFlag": false,
		"readOnlyFlag": up.fields["readOnlyFlay"] == "true", "size": float64(len(up.content)),
		"createdOnDate": s.cfg.Now().UTC().Format(time.RFC3339),
		"documentType":  map[string]any{"id": float64(7), "name": "Attachment"},
		"guid":          fmt.Sprintf("00000000-0000-4000-8000-%012x", s.nextDocID),
	}
	stampInfo(s, d.info)
	s.docs = append(s.docs, d)
	return d
}

// listDocuments handles GET /system/documents and /count, which need
// recordType and recordId.
func listDocuments(count bool) handler {
	return func(s *Sandbox, c *call) error {
		q := c.r.URL.Query()
		id, err := strconv.Atoi(q.Get("recordId"))
		if q.Get("recordType") == "" || err != nil {
			return newError(http.StatusBadRequest, "InvalidObject", "recordType and recordId are required.")
		}
		rows := s.documentRows(q.Get("recordType"), id)
		if count {
			return c.serveCount(schemas["DocumentInfo"], rows)
		}
		return c.serveList(schemas["DocumentInfo"], rows)
	}
}

func (s *Sandbox) documentRows(recordType string, id int) []map[string]any {
	var rows []map[string]any
	for _, d := range s.docs {
		if strings.EqualFold(d.recordType, recordType) && d.recordID == id {
			rows = append(rows, d.info)
		}
	}
	return rows
}

// ticketDocuments handles GET /service/tickets/{id}/documents.
func ticketDocuments(s *Sandbox, c *call) error {
	if s.coll("service/tickets").find(c.ids[0]) == nil {
		return notFound("ticket " + strconv.Itoa(c.ids[0]))
	}
	out := []any{}
	for _, info := range s.documentRows("Ticket", c.ids[0]) {
		out = append(out, map[string]any{"id": info["id"], "name": info["title"]})
	}
	c.json(http.StatusOK, out)
	return nil
}

func (s *Sandbox) document(id int) (*document, error) {
	for _, d := range s.docs {
		if did, _ := intOf(d.info["id"]); did == id {
			return d, nil
		}
	}
	return nil, notFound("document " + strconv.Itoa(id))
}

func getDocument(s *Sandbox, c *call) error {
	d, err := s.document(c.ids[0])
	if err != nil {
		return err
	}
	c.json(http.StatusOK, d.info)
	return nil
}

func downloadDocument(s *Sandbox, c *call) error {
	d, err := s.document(c.ids[0])
	if err != nil {
		return err
	}
	ct := mime.TypeByExtension(path.Ext(text(d.info["fileName"])))
	if ct == "" {
		ct = "application/octet-stream"
	}
	c.w.Header().Set("Content-Type", ct)
	c.w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": text(d.info["fileName"])}))
	_, _ = c.w.Write(d.content)
	return nil
}

func deleteDocument(s *Sandbox, c *call) error {
	d, err := s.document(c.ids[0])
	if err != nil {
		return err
	}
	for i, e := range s.docs {
		if e == d {
			s.docs = append(s.docs[:i], s.docs[i+1:]...)
			break
		}
	}
	c.json(http.StatusNoContent, nil)
	return nil
}
