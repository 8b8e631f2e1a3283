package cwm

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// uploaded is what the test server read from a multipart upload.
type uploaded struct {
	mediaType string
	fields    map[string]string
	fileName  string
	fileType  string
	content   []byte
}

func readUpload(t *testing.T, r *http.Request) uploaded {
	t.Helper()
	var u uploaded
	u.mediaType, _, _ = mime.ParseMediaType(r.Header.Get("Content-Type"))
	mr, err := r.MultipartReader()
	if err != nil {
		t.Errorf("reading multipart: %v", err)
		return u
	}
	u.fields = map[string]string{}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return u
		}
		if err != nil {
			t.Errorf("reading part: %v", err)
			return u
		}
		b, _ := io.ReadAll(p)
		if p.FormName() == "file" {
			u.fileName, u.fileType, u.content = p.FileName(), p.Header.Get("Content-Type"), b
			continue
		}
		u.fields[p.FormName()] = string(b)
	}
}

func TestUploadSendsMultipartForm(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var got uploaded
	handle(mux, "POST", "/system/documents", func(w http.ResponseWriter, r *http.Request) {
		got = readUpload(t, r)
		writeJSON(t, w, http.StatusCreated, Document{ID: 31, FileName: "report.eml"})
	})
	png := bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 5000)
	content := append([]byte("\x00\xff\r\n--boundary\r\n"), png...)

	doc, _, err := c.Documents.Upload(t.Context(), &DocumentUploadRequest{
		RecordType: "Ticket", RecordID: 1234, Title: "Reported e-mail", FileName: "report.eml",
		Content: content, PrivateFlag: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	if doc.ID != 31 {
		t.Errorf("document id = %d, want 31", doc.ID)
	}
	if got.mediaType != "multipart/form-data" {
		t.Errorf("media type = %q, want multipart/form-data", got.mediaType)
	}
	wantFields := map[string]string{"recordType": "Ticket", "recordId": "1234",
		"title": "Reported e-mail", "privateFlag": "true"}
	if diff := cmp.Diff(wantFields, got.fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	if got.fileName != "report.eml" || got.fileType != "application/octet-stream" {
		t.Errorf("file part name %q type %q", got.fileName, got.fileType)
	}
	if !bytes.Equal(got.content, content) {
		t.Errorf("file bytes changed: got %d bytes, want %d", len(got.content), len(content))
	}
}

func TestUploadCleansHostileFileName(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var got uploaded
	handle(mux, "POST", "/system/documents", func(w http.ResponseWriter, r *http.Request) {
		got = readUpload(t, r)
		writeJSON(t, w, http.StatusCreated, Document{ID: 1})
	})
	name := "..\\..\\evil\"\r\nContent-Type: text/html\r\n\r\n/" + strings.Repeat("a", 300) + ".eml"

	if _, _, err := c.Documents.Upload(t.Context(), &DocumentUploadRequest{
		RecordType: "Ticket", RecordID: 1, FileName: name, Content: []byte("x"),
	}); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(got.fileName, "\r\n\"\\/") || len(got.fileName) > maxFileNameLen {
		t.Errorf("file name %q is not cleaned", got.fileName)
	}
	if !strings.HasSuffix(got.fileName, ".eml") || got.fields["title"] != got.fileName {
		t.Errorf("file name %q lost its extension or title %q differs", got.fileName, got.fields["title"])
	}
	if string(got.content) != "x" {
		t.Errorf("content = %q, want x", got.content)
	}
}

func TestUploadValidates(t *testing.T) {
	t.Parallel()
	c, _ := setup(t)
	for _, r := range []*DocumentUploadRequest{
		nil,
		{RecordID: 1, FileName: "a.eml"},
		{RecordType: "Ticket", FileName: "a.eml"},
		{RecordType: "Ticket", RecordID: 1, FileName: " .. "},
	} {
		if _, _, err := c.Documents.Upload(t.Context(), r); err == nil {
			t.Errorf("Upload(%+v) succeeded, want a validation error", r)
		}
	}
}
