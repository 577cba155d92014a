package bench

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/internal/redistest"
)

// connectionsReader generates a current-format Connections export of n rows
// on the fly; every 1,000th row works at a target account.
func connectionsReader(n int, target string) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		_, err := io.WriteString(pw, "Notes:\n\"Some e-mail addresses may be missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n")
		for i := 0; i < n && err == nil; i++ {
			company := fmt.Sprintf("Company %d GmbH", i%5000)
			if i%1000 == 0 {
				company = target
			}
			_, err = fmt.Fprintf(pw, "Vorname%d,Nachname%d,https://www.linkedin.com/in/person-%d,,%s,\"Leiter Einkauf, Werk %d\",09 Oct 2024\n", i, i, i, company, i%7)
		}
		pw.CloseWithError(err)
	}()
	return pr
}

// BenchmarkImportConnections1M uploads a 1,000,000-row export through the
// admin API into the running daemon and reports rows/s and how much the
// process heap grew: the import streams, so it must not hold the file.
func BenchmarkImportConnections1M(b *testing.B) {
	redistest.Client(b, db, true)
	gen := hubspottest.GenOptions{Companies: 200, Contacts: 400, Deals: 10, TargetShare: 0.5, Seed: 3, Now: time.Now()}
	portal := hubspottest.NewServer(hubspottest.Options{Data: hubspottest.Generate(gen)})
	defer portal.Close()
	var target string
	for _, id := range portal.IDs("companies") {
		if portal.Company(id)["hs_is_target_account"] == "true" {
			target = portal.Company(id)["name"]
			break
		}
	}
	c, stop := startDaemon(b, portal, 1_000_000, 1000)
	defer stop()
	syncOnce(b, c, portal, true)
	const rows = 1_000_000
	for range b.N {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		stopHeap := sampleHeap(20 * time.Millisecond)
		start := time.Now()
		res, err := c.ImportConnections(context.Background(), "Bench Owner", connectionsReader(rows, target))
		wall := time.Since(start)
		peak, _ := stopHeap()
		if err != nil {
			b.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		if res.Rows != rows || res.Matched != rows/1000 {
			b.Fatalf("rows %d matched %d, want %d and %d", res.Rows, res.Matched, rows, rows/1000)
		}
		b.ReportMetric(float64(rows)/wall.Seconds(), "rows/s")
		b.ReportMetric(float64(peak-min(peak, before.HeapInuse))/(1<<20), "peak_heap_growth_MB")
		b.Logf("1M-row import: %.1fs, %.0f rows/s, %d matched, heap in use before %.1f MB, peak %.1f MB",
			wall.Seconds(), float64(rows)/wall.Seconds(), res.Matched, float64(before.HeapInuse)/(1<<20), float64(peak)/(1<<20))
	}
}
