package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"
)

// crawlRecorder records, per host, when requests arrive and how many
// requests are being served at once over all hosts.
type crawlRecorder struct {
	mu          sync.Mutex
	arrivals    map[string][]time.Time
	inflight    int
	maxInflight int
	busy        time.Duration // summed handler time
}

func (r *crawlRecorder) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.arrivals = map[string][]time.Time{}
	r.inflight, r.maxInflight, r.busy = 0, 0, 0
}

// benchSite is a small company site: robots.txt, no sitemap, a home page
// linking to three people pages. A crawl of it is 6 requests.
func benchSite(rec *crawlRecorder, latency time.Duration) http.Handler {
	pages := map[string]string{
		"/robots.txt": "User-agent: *\nDisallow: /intern/\n",
		"/":           `<a href="/team">Team</a> <a href="/impressum">Impressum</a> <a href="/kontakt">Kontakt</a>`,
		"/team":       `<p>Anna Schmidt, Leiterin Einkauf</p>`,
		"/impressum":  `<p>Geschäftsführer: Dr. Max Müller</p>`,
		"/kontakt":    `<p>Tel. 0711 123</p>`,
	}
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		start := time.Now()
		rec.mu.Lock()
		rec.arrivals[req.Host] = append(rec.arrivals[req.Host], start)
		rec.inflight++
		rec.maxInflight = max(rec.maxInflight, rec.inflight)
		rec.mu.Unlock()
		time.Sleep(latency) // network and server time
		body, ok := pages[req.URL.Path]
		switch {
		case !ok:
			http.NotFound(w, req)
		case req.URL.Path == "/robots.txt":
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprint(w, body)
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, "<!DOCTYPE html><html><body>"+body+"</body></html>")
		}
		rec.mu.Lock()
		rec.inflight--
		rec.busy += time.Since(start)
		rec.mu.Unlock()
	})
}

// startHosts serves n distinct hosts: 127.0.0.2, 127.0.0.3, ... where the
// system lets us bind them, else n ports on 127.0.0.1 (host key
// host:port either way).
func startHosts(b *testing.B, n int, h http.Handler) (urls []string, distinctIPs bool) {
	var listeners []net.Listener
	for i := range n {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.%d.%d:0", (i+2)/256, (i+2)%256))
		if err != nil {
			for _, l := range listeners {
				l.Close()
			}
			listeners = nil
			break
		}
		listeners = append(listeners, l)
	}
	distinctIPs = listeners != nil
	for i := range n {
		srv := httptest.NewUnstartedServer(h)
		if distinctIPs {
			srv.Listener.Close()
			srv.Listener = listeners[i]
		}
		srv.Start()
		b.Cleanup(srv.Close)
		urls = append(urls, srv.URL)
	}
	return urls, distinctIPs
}

// BenchmarkCrawl200Hosts crawls 200 local sites in parallel with
// FetchPages (6 requests each, 10-50 ms server latency) in real time and
// checks politeness: on every host the gap between consecutive request
// arrivals is at least Delay, and the requests in flight reach, but never
// exceed, MaxConcurrency. Run it with -benchtime=1x.
func BenchmarkCrawl200Hosts(b *testing.B) {
	for _, bc := range []struct {
		delay, latency time.Duration
	}{
		{200 * time.Millisecond, 10 * time.Millisecond},
		{time.Second, 50 * time.Millisecond},
	} {
		b.Run(fmt.Sprintf("delay=%v", bc.delay), func(b *testing.B) {
			const hosts, perHost, maxConc = 200, 6, 8
			rec := &crawlRecorder{}
			urls, distinct := startHosts(b, hosts, benchSite(rec, bc.latency))
			if !distinct {
				b.Log("could not bind 127.0.0.2...: using 200 ports on 127.0.0.1")
			}
			var elapsed time.Duration
			var minGap time.Duration = 1<<63 - 1
			for b.Loop() {
				rec.reset()
				c, err := New(Config{ContactURL: testContact, AllowLoopback: true, Delay: bc.delay, MaxConcurrency: maxConc})
				if err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				var wg sync.WaitGroup
				for _, u := range urls {
					wg.Go(func() {
						pages, err := c.FetchPages(context.Background(), u, nil)
						if err != nil || len(pages) != 4 { // the home page and 3 people pages
							b.Errorf("FetchPages(%s) = %d pages, %v", u, len(pages), err)
						}
					})
				}
				wg.Wait()
				elapsed += time.Since(start)
				c.CloseIdleConnections()

				rec.mu.Lock()
				total := 0
				for host, ts := range rec.arrivals {
					total += len(ts)
					slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
					for i := 1; i < len(ts); i++ {
						gap := ts[i].Sub(ts[i-1])
						minGap = min(minGap, gap)
						if gap < bc.delay {
							b.Errorf("host %s: %v between requests, want >= %v", host, gap, bc.delay)
						}
					}
				}
				if len(rec.arrivals) != hosts || total != hosts*perHost {
					b.Errorf("%d hosts, %d requests; want %d, %d", len(rec.arrivals), total, hosts, hosts*perHost)
				}
				if rec.maxInflight != maxConc {
					b.Errorf("max requests in flight %d, want MaxConcurrency %d", rec.maxInflight, maxConc)
				}
				b.ReportMetric(float64(rec.maxInflight), "max-inflight")
				b.ReportMetric(float64(rec.busy)/float64(time.Since(start)), "avg-inflight")
				rec.mu.Unlock()
			}
			b.ReportMetric(float64(hosts*perHost*b.N)/elapsed.Seconds(), "req/s")
			b.ReportMetric(float64(minGap)/float64(time.Millisecond), "min-gap-ms")
			b.ReportMetric(0, "ns/op")
		})
	}
}
