package tnef

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// stream builds a TNEF stream from attribute records.
func stream(attrs ...[]byte) []byte {
	b := binary.LittleEndian.AppendUint32(nil, Signature)
	b = append(b, 0x01, 0x00)
	for _, a := range attrs {
		b = append(b, a...)
	}
	return b
}

// attribute builds one record: level, ID, length, data, checksum.
func attribute(level byte, id uint32, data []byte) []byte {
	b := []byte{level}
	b = binary.LittleEndian.AppendUint32(b, id)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
	b = append(b, data...)
	var sum uint16
	for _, c := range data {
		sum += uint16(c)
	}
	return binary.LittleEndian.AppendUint16(b, sum)
}

// unicodeProp builds a property list with one PT_UNICODE property.
func unicodeProp(id uint16, s string) []byte {
	b := binary.LittleEndian.AppendUint32(nil, 1)
	b = binary.LittleEndian.AppendUint32(b, uint32(id)<<16|0x001F)
	b = binary.LittleEndian.AppendUint32(b, 1)
	var v []byte
	for _, r := range s + "\x00" {
		v = binary.LittleEndian.AppendUint16(v, uint16(r))
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(v)))
	b = append(b, v...)
	return append(b, make([]byte, (4-len(v)%4)%4)...)
}

func TestReadBuiltStream(t *testing.T) {
	t.Parallel()
	b := stream(
		attribute(levelMessage, 0x00018004, []byte("Legacy subject\x00")),
		attribute(levelMessage, 0x00069003, unicodeProp(0x0037, "Invoice überfällig")),
		attribute(levelMessage, 0x0002800C, []byte("pay at http://198.51.100.7/x")),
		attribute(levelAttachment, 0x00069002, make([]byte, 14)),
		attribute(levelAttachment, 0x00018010, []byte("INVOIC~1.EXE\x00")),
		attribute(levelAttachment, 0x0006800F, []byte("MZ payload")),
		attribute(levelAttachment, 0x00069005, unicodeProp(0x3707, "invoice.pdf.exe")),
	)
	m, err := Read(b, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{m.Subject, m.Body, m.Attachments[0].Name, string(m.Attachments[0].Data)}
	want := []string{"Invoice überfällig", "pay at http://198.51.100.7/x", "invoice.pdf.exe", "MZ payload"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("message (-want +got):\n%s", diff)
	}
}

func TestReadTruncatedStreamKeepsWhatWasRead(t *testing.T) {
	t.Parallel()
	b := stream(attribute(levelMessage, 0x00018004, []byte("kept\x00")))
	b = append(b, attribute(levelMessage, 0x0002800C, []byte("lost body"))[:12]...)
	m, err := Read(b, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "kept" || len(m.Defects) != 1 {
		t.Errorf("subject %q defects %q", m.Subject, m.Defects)
	}
}

func TestReadRejectsNonTNEF(t *testing.T) {
	t.Parallel()
	if _, err := Read([]byte("PK\x03\x04"), Limits{}); !errors.Is(err, ErrNotTNEF) {
		t.Errorf("err = %v, want ErrNotTNEF", err)
	}
}

func TestReadCorpusEmbeddedAttachments(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../../../shared/corpus/tnef/MAPI_ATTACH_DATA_OBJ.tnef")
	if err != nil {
		t.Skipf("corpus absent (it lives beside the repository): %v", err)
	}
	m, err := Read(b, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range m.Attachments {
		names = append(names, a.Name)
	}
	want := []string{"VIA_Nytt_1402.doc", "VIA_Nytt_1402.pdf", "VIA_Nytt_14021.htm"}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("attachments (-want +got):\n%s", diff)
	}
}

func FuzzRead(f *testing.F) {
	f.Add(stream(attribute(levelMessage, 0x00069003, unicodeProp(0x0037, "s"))))
	f.Add(stream(attribute(levelAttachment, 0x00069005, unicodeProp(0x3701, "x"))))
	if files, _ := filepath.Glob("../../../../shared/corpus/tnef/*.tnef"); len(files) > 0 {
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil && len(b) < 16<<10 {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Read(b, Limits{})
		if err == nil && m == nil {
			t.Fatal("nil message without an error")
		}
		if err != nil && bytes.HasPrefix(b, binary.LittleEndian.AppendUint32(nil, Signature)) && len(b) >= 6 {
			t.Fatalf("a stream with the signature was refused: %v", err)
		}
	})
}
