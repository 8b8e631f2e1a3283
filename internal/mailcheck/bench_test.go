package mailcheck

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/jhillyerd/enmime/v2"
)

// benchCorpus loads every corpus file once for the benchmarks.
func benchCorpus(b *testing.B) [][]byte {
	b.Helper()
	var files [][]byte
	for _, dir := range []string{"eml", "reported", "msg", "tnef"} {
		names, _ := filepath.Glob(filepath.Join(corpusDir, dir, "*"))
		for _, n := range names {
			raw, err := os.ReadFile(n)
			if err != nil {
				b.Fatal(err)
			}
			files = append(files, raw)
		}
	}
	if len(files) == 0 {
		b.Skip("corpus absent (it lives beside the repository)")
	}
	return files
}

// BenchmarkAnalyzeCorpus runs the whole analysis over the corpus; one
// operation is one file, so ns/op converts to messages per second.
func BenchmarkAnalyzeCorpus(b *testing.B) {
	files := benchCorpus(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := Analyze(files[i%len(files)], Options{}); err != nil && err != ErrEmpty {
			_ = err // a file without headers is an answer, not a failure
		}
	}
}

// BenchmarkEnmimeCorpus is the MIME library's bare parse of the same
// files, the yardstick for the analysis' cost.
func BenchmarkEnmimeCorpus(b *testing.B) {
	files := benchCorpus(b)
	p := enmime.NewParser()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		_, _ = p.ReadEnvelope(bytes.NewReader(files[i%len(files)]))
	}
}

// BenchmarkAnalyzeGarbage analyses 4 MiB of random bytes behind one header
// line, the worst case a sender of a report controls; MB/s is the rate.
func BenchmarkAnalyzeGarbage(b *testing.B) {
	raw := append([]byte("Subject: x\r\n\r\n"), garbage(4<<20)...)
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		_, _ = Analyze(raw, Options{})
	}
}

// garbage is n pseudo-random bytes, the same on every run.
func garbage(n int) []byte {
	out, x := make([]byte, n), uint32(2463534242)
	for i := range out {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		out[i] = byte(x)
	}
	return out
}
