package cwsandbox

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// multipartBody builds a document upload form.
func multipartBody(t *testing.T, fields map[string]string, fileName string, content []byte) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if fileName != "" {
		w, err := mw.CreateFormFile("file", fileName)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(content)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), mw.FormDataContentType()
}

func (f *fixture) upload(t *testing.T, fields map[string]string, fileName string, content []byte) answer {
	t.Helper()
	body, ct := multipartBody(t, fields, fileName, content)
	return f.call(t, http.MethodPost, "/system/documents", body, func(r *http.Request) { r.Header.Set("Content-Type", ct) })
}

func newTicket(t *testing.T, f *fixture) int {
	t.Helper()
	a := f.call(t, http.MethodPost, "/service/tickets", map[string]any{"summary": "x", "company": map[string]any{"id": 2}})
	wantStatus(t, a, http.StatusCreated)
	var rec map[string]any
	a.decode(t, &rec)
	return int(rec["id"].(float64))
}

func TestDocumentRoundTrip(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	id := newTicket(t, f)
	content := append([]byte("From: a@b.example\r\n\r\nbinary \x00\xff bytes"), bytes.Repeat([]byte{0x89}, 1000)...)
	fields := map[string]string{"recordType": "Ticket", "recordId": strconv.Itoa(id), "title": "Reported message", "privateFlag": "true"}
	a := f.upload(t, fields, "message.eml", content)
	wantStatus(t, a, http.StatusCreated)
	var info map[string]any
	a.decode(t, &info)
	if info["fileName"] != "message.eml" || info["title"] != "Reported message" || info["size"] != float64(len(content)) {
		t.Errorf("DocumentInfo = %v", info)
	}
	docID := strconv.Itoa(int(info["id"].(float64)))

	dl := f.call(t, http.MethodGet, "/system/documents/"+docID+"/download", nil)
	wantStatus(t, dl, http.StatusOK)
	if !bytes.Equal(dl.body, content) {
		t.Errorf("downloaded %d bytes, want the %d uploaded", len(dl.body), len(content))
	}
	var list []map[string]any
	f.call(t, http.MethodGet, "/system/documents?recordType=Ticket&recordId="+strconv.Itoa(id), nil).decode(t, &list)
	if len(list) != 1 || list[0]["id"] != info["id"] {
		t.Errorf("document list = %v", list)
	}
	want := []StoredDocument{{ID: int(info["id"].(float64)), FileName: "message.eml", Title: "Reported message", Content: content}}
	if diff := cmp.Diff(want, f.sb.Documents("ticket", id)); diff != "" {
		t.Errorf("Documents (-want +got):\n%s", diff)
	}
}

func TestDocumentUploadRejected(t *testing.T) {
	t.Parallel()
	f := newFixture(t, Config{})
	id := strconv.Itoa(newTicket(t, f))
	json := f.call(t, http.MethodPost, "/system/documents", map[string]any{"recordType": "Ticket", "recordId": id})
	wantError(t, json, http.StatusUnsupportedMediaType, "UnsupportedMediaType")

	tests := []struct {
		name, recordType, recordID, file string
		content                          []byte
		field                            string
	}{
		{"executable", "Ticket", id, "invoice.exe", []byte("MZ"), "file"},
		{"unknown ticket", "Ticket", "9999", "a.txt", []byte("x"), "recordId"},
		{"unknown record type", "Spaceship", id, "a.txt", []byte("x"), "recordType"},
		{"no file", "Ticket", id, "", nil, "file"},
		{"too large", "Ticket", id, "big.zip", make([]byte, uploadLimitMB<<20+1), "file"},
	}
	for _, tt := range tests {
		a := f.upload(t, map[string]string{"recordType": tt.recordType, "recordId": tt.recordID}, tt.file, tt.content)
		e := wantError(t, a, http.StatusBadRequest, "InvalidObject")
		if len(e.Errors) != 1 || e.Errors[0].Field != tt.field {
			t.Errorf("%s: errors = %+v, want one on %s", tt.name, e.Errors, tt.field)
		}
	}
	if docs := f.sb.Documents("Ticket", 1); len(docs) != 0 {
		t.Errorf("%d documents stored by rejected uploads", len(docs))
	}
	f.sb.SetRight("Companies", "Manage Attachments", "add", "None")
	wantError(t, f.upload(t, map[string]string{"recordType": "Ticket", "recordId": id}, "a.txt", []byte("x")),
		http.StatusForbidden, "Security")
}
