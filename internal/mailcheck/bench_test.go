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
