package people

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkExtract runs Extract over every page of a corpus; the MB/s it
// reports is HTML throughput on one core (run with -cpu 1). "shared" is the
// corpus beside the checkout (the number the README has compared since the
// first release), "project" the pages of testdata/corpus (540 today).
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
				ruleCache.Lock()
				clear(ruleCache.m)
				ruleCache.Unlock()
				for _, p := range pages {
					Extract("", p)
				}
			}
		})
	}
}

// BenchmarkExtractHostile runs pages built to make per-line work
// quadratic: one heading or paragraph cut into tens of thousands of lines
// by <br> or by the line breaks of a <pre>, a card with hundreds of images,
// thousands of office lines and name boxes. Their
// MB/s stays within about ten times of real pages' (README has the
// numbers); what matters is that none grows with the square of the page.
func BenchmarkExtractHostile(b *testing.B) {
	pages := map[string]string{
		"br_in_heading": "<h2>" + strings.Repeat("Anna<br>Berg<br>", 20000) + "</h2>",
		"br_particle":   "<h2>" + strings.Repeat("Anna Berg<br>de la Cruz<br>", 20000) + "</h2>",
		"imgs_in_cards": "<div class=team>" + strings.Repeat(`<div><img src="anna-berg.jpg"><p>Anna Berg</p>`+strings.Repeat(`<img src="a.jpg">`, 200)+`</div>`, 300) + "</div>",
		"office_lines":  "<p>" + strings.Repeat("Vorstand:<br>Kassier: Anna Berg<br>Major: X<br>", 5000) + "</p>",
		// Preformatted text keeps its line breaks: one <pre> of 40,000 lines
		// naming the same two people, the same as paragraphs (merging every
		// sighting with every other took 5.6 s), and name boxes broken by
		// <br> with degrees in small print.
		"pre_lines":      "<h5>Vorstand</h5><pre>" + strings.Repeat("Anna Berg, Finanzen\nTom Roth\n", 20000) + "</pre>",
		"p_lines":        "<h5>Vorstand</h5>" + strings.Repeat("<p>Anna Berg, Finanzen</p><p>Tom Roth</p>", 20000),
		"distinct_names": "<h5>Vorstand</h5><pre>" + distinctNames(8000) + "</pre>",
		"small_boxes":    strings.Repeat(`<div><p>Owner</p><span>Anna<br>Berg <small>MCIAT RMaPS</small></span></div>`, 5000),
		// Two table rows of 8,000 name cells: each cell's row role walked
		// its whole row (1.3 s a page before it asked cellCol).
		"wide_table": "<table><tr>" + strings.Repeat("<td>Anna Berger</td>", 8000) + "</tr><tr>" +
			strings.Repeat("<td>Anna Berger</td>", 8000) + "</tr></table>",
		// The same under a header of "Name" cells, family name first: each
		// cell's column header walked the row and the header row.
		"wide_name_table": "<table><tr>" + strings.Repeat("<th>Name</th>", 8000) + "</tr><tr>" +
			strings.Repeat("<td>Waaka, Tamati</td>", 8000) + "</tr></table>",
	}
	for name, h := range pages {
		page := []byte("<html><body>" + h + "</body></html>")
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			for b.Loop() {
				Extract("", page)
			}
		})
	}
}

// distinctNames writes n different names of one family, one a line.
func distinctNames(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%c%c%cna Berg, Finanzen\n", 'A'+i%26, 'a'+i/26%26, 'a'+i/676%26)
	}
	return b.String()
}
