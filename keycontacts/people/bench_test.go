package people

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkExtract runs Extract over every page of a corpus; the MB/s it
// reports is HTML throughput on one core (run with -cpu 1). "shared" is the
// corpus beside the checkout (the number the README has compared since the
// first release), "project" the 200 pages of testdata/corpus.
func BenchmarkExtract(b *testing.B) {
	for _, c := range []struct{ name, dir string }{{"shared", corpusDir}, {"project", projectCorpusDir}} {
		b.Run(c.name, func(b *testing.B) {
			files, _ := filepath.Glob(filepath.Join(c.dir, "pages", "*.html"))
			if len(files) == 0 {
				b.Skipf("corpus not found at %s; skipping", c.dir)
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
				// Each pass starts cold: the role cache would otherwise
				// remember every heading of the previous pass.
				positionCache.Lock()
				clear(positionCache.m)
				positionCache.Unlock()
				for _, p := range pages {
					Extract("", p)
				}
			}
		})
	}
}
