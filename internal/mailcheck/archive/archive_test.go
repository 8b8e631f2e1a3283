package archive

import (
	"archive/zip"
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// zipOf builds a ZIP with the given entries.
func zipOf(t testing.TB, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestListZIPExtractsWithinBounds(t *testing.T) {
	t.Parallel()
	b := zipOf(t, map[string][]byte{"a.txt": []byte("hello"), "bomb.bin": make([]byte, 1<<20)})
	l, err := List(b, Limits{MaxRatio: 50})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, e := range l.Entries {
		got[e.Name] = len(e.Content)
	}
	if diff := cmp.Diff(map[string]int{"a.txt": 5, "bomb.bin": 0}, got); diff != "" {
		t.Errorf("extracted sizes (-want +got):\n%s", diff)
	}
	if len(l.Defects) != 1 {
		t.Errorf("defects %q, want one for the zip bomb", l.Defects)
	}
}

func TestListNotArchive(t *testing.T) {
	t.Parallel()
	if _, err := List([]byte("plain text"), Limits{}); err != ErrNotArchive {
		t.Errorf("err = %v", err)
	}
}

func FuzzList(f *testing.F) {
	f.Add(zipOf(f, map[string][]byte{"x.exe": []byte("MZ")}))
	f.Add([]byte("Rar!\x1A\x07\x01\x00"))
	f.Add([]byte{'7', 'z', 0xBC, 0xAF, 0x27, 0x1C, 0, 4})
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := List(b, Limits{MaxBytes: 1 << 20})
		if err == nil && l == nil {
			t.Fatal("nil listing without an error")
		}
		if l != nil && len(l.Entries) > 1000 {
			t.Fatalf("%d entries listed past the bound", len(l.Entries))
		}
	})
}
