package msg

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

const corpusDir = "../../../../shared/corpus/msg"

// corpusFile reads one corpus .msg or skips when the corpus is absent.
func corpusFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, name))
	if err != nil {
		t.Skipf("corpus file absent (the corpus lives beside the repository): %v", err)
	}
	return b
}

func TestReadCorpusMessage(t *testing.T) {
	t.Parallel()
	m, err := Read(corpusFile(t, "demisto-html_attachment.msg"), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "html with attachment" || m.MessageID == "" || m.Headers == "" {
		t.Errorf("subject %q message-id %q headers %d bytes", m.Subject, m.MessageID, len(m.Headers))
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Name != "dummy-attachment.txt" ||
		len(m.Attachments[0].Data) != 25 {
		t.Errorf("attachments %+v", m.Attachments)
	}
}

func TestReadEmbeddedMessageWithinDepth(t *testing.T) {
	t.Parallel()
	b := corpusFile(t, "emlanalyzer-outer.msg")
	m, err := Read(b, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Embedded == nil {
		t.Fatalf("attachments %+v, want one embedded message", m.Attachments)
	}
	m, err = Read(b, Limits{MaxDepth: 1})
	if err != nil {
		t.Fatal(err)
	}
	if m.Attachments[0].Embedded != nil || len(m.Defects) == 0 {
		t.Errorf("depth 1 read the embedded message; defects %q", m.Defects)
	}
}

func TestReadRejectsNonOLE(t *testing.T) {
	t.Parallel()
	if _, err := Read([]byte("From: a@b\r\n\r\nhi"), Limits{}); !errors.Is(err, ErrNotMSG) {
		t.Errorf("err = %v, want ErrNotMSG", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(append(append([]byte{}, oleMagic...), make([]byte, 504)...))
	for _, name := range []string{"demisto-html_attachment.msg", "emlanalyzer-outer.msg"} {
		if b, err := os.ReadFile(filepath.Join(corpusDir, name)); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Read(b, Limits{MaxBytes: 1 << 20})
		if err == nil && m == nil {
			t.Fatal("nil message without an error")
		}
	})
}
