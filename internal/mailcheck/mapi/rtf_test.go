package mapi

import (
	"testing"
)

// specExample is the compressed example of MS-OXRTFCP §4.1.
var specExample = []byte("\x2d\x00\x00\x00\x2b\x00\x00\x00LZFu\xf1\xc5\xc7\xa7\x03\x00\x0a\x00rcpg125B2" +
	"\x0a\xf3 hel\x09\x00 bw\x05\xb0ld}\x0a\x80\x0f\xa0")

func TestDecompressRTFSpecExample(t *testing.T) {
	t.Parallel()
	got, err := DecompressRTF(specExample, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if want := "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestDecompressRTFLimit(t *testing.T) {
	t.Parallel()
	got, _ := DecompressRTF(specExample, 10)
	if len(got) != 10 {
		t.Errorf("%d bytes, want the limit of 10", len(got))
	}
}

func TestDecompressRTFRejectsUnknownHeader(t *testing.T) {
	t.Parallel()
	if _, err := DecompressRTF(make([]byte, 16), 100); err != ErrRTFFormat {
		t.Errorf("err = %v, want ErrRTFFormat", err)
	}
}

func TestFileTime(t *testing.T) {
	t.Parallel()
	if got := FileTime(116444736000000000 + 10_000_000).Unix(); got != 1 {
		t.Errorf("one second after 1970 = %d", got)
	}
	if !FileTime(5).IsZero() {
		t.Error("a date before 1970 was accepted")
	}
}
