package people

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkExtract runs Extract over every corpus page; the MB/s it reports
// is HTML throughput on one core (run with -cpu 1).
func BenchmarkExtract(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "pages", "*.html"))
	if len(files) == 0 {
		b.Skipf("corpus not found at %s (the shared folder beside the checkout); skipping", corpusDir)
	}
	var pages [][]byte
	total := 0
	for _, f := range files {
		p, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, p)
		total += len(p)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pages {
			Extract("", p)
		}
	}
}
