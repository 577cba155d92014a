package campaign

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/abmsync/abmsync/traffic"
)

// BenchmarkTrackerSilentDNS runs the tracking handler and its collector on
// loopback, with reverse DNS pointed at a server that reads every query and
// never answers, and 16 keep-alive clients sending pixel hits: 98 % from
// distinct addresses that match nothing (each needs a look-up), 1 % from a
// configured range and 1 % carrying a known contact's cookie. It reports
// the handler's throughput (req/s) and the p99 latency the clients see,
// the share of range and cookie hits counted (legit-%, want 100), the hits
// dropped for want of a look-up slot, and the time from stopping (what
// SIGTERM does: listener shutdown, then the collector cancelled) to the
// collector's return with its aggregates flushed (stop-ms).
//
//	REDIS_URL=redis://127.0.0.1:6379 go test -run '^$' -bench TrackerSilentDNS -benchtime 20000x ./campaign
func BenchmarkTrackerSilentDNS(b *testing.B) {
	w := setupTraffic(b)
	w.dns.SetDrop(true)
	collector := w.svc.NewTrafficCollector(time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { collector.Run(ctx); close(done) }()
	srv := httptest.NewServer(traffic.NewTracker(traffic.TrackerConfig{RatePerMinute: 600,
		TrustProxy: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}, collector.Sink))
	defer srv.Close()
	const conc = 16
	tr := &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	gif := srv.URL + "/t.gif?u=https%3A%2F%2Fwww.example.com%2Fpricing"

	var seq, legitSent atomic.Int64
	var lmu sync.Mutex
	var lat []time.Duration
	b.SetParallelism(conc / max(1, runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		local := make([]time.Duration, 0, 1024)
		for pb.Next() {
			i := seq.Add(1)
			u, from := gif, fmt.Sprintf("10.%d.%d.%d", (i>>16)&0xff, (i>>8)&0xff, i&0xff)
			switch i % 100 {
			case 0:
				from = fmt.Sprintf("198.51.100.%d", 1+i%250)
				legitSent.Add(1)
			case 50:
				from, u = fmt.Sprintf("203.0.113.%d", 1+i%250), gif+"&cid="+utkTarget
				legitSent.Add(1)
			}
			req, _ := http.NewRequest("GET", u, nil)
			// Loopback is a trusted proxy here, so each hit comes from
			// the address it forwards.
			req.Header.Set("User-Agent", "Mozilla/5.0")
			req.Header.Set("X-Forwarded-For", from)
			t0 := time.Now()
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			local = append(local, time.Since(t0))
			if resp.StatusCode != 200 {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
		lmu.Lock()
		lat = append(lat, local...)
		lmu.Unlock()
	})
	b.StopTimer()
	elapsed := b.Elapsed()

	// Stop as the daemon does on SIGTERM.
	t0 := time.Now()
	srv.Config.Shutdown(context.Background())
	cancel()
	<-done
	stop := time.Since(t0)

	counted := w.views(b, w.cidr) + w.views(b, w.cookie)
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "req/s")
	}
	if n := legitSent.Load(); n > 0 {
		b.ReportMetric(100*float64(counted)/float64(n), "legit-%")
	}
	d := collector.Dropped()
	b.ReportMetric(float64(d[DropDNSBusy]), "dns-busy")
	b.ReportMetric(float64(d[DropQueueFull]), "queue-full")
	b.ReportMetric(float64(stop.Milliseconds()), "stop-ms")
}
