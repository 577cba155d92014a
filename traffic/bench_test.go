package traffic

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// genLog returns n varied combined-format lines (~200 bytes each).
func genLog(n int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	uas := []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
	}
	paths := []string{"/", "/pricing", "/docs/getting-started", "/blog/abm-in-pharma?utm_source=li", "/static/app.js", "/favicon.ico"}
	var b bytes.Buffer
	for i := range n {
		var ip string
		if i%5 == 0 {
			ip = fmt.Sprintf("2001:db8:%x::%x", rng.IntN(4096), rng.IntN(65536))
		} else {
			ip = fmt.Sprintf("%d.%d.%d.%d", 1+rng.IntN(223), rng.IntN(256), rng.IntN(256), 1+rng.IntN(254))
		}
		status := []int{200, 200, 200, 304, 404}[rng.IntN(5)]
		fmt.Fprintf(&b, "%s - - [%02d/Mar/2025:%02d:%02d:%02d +0100] \"GET %s HTTP/1.1\" %d %d \"https://www.google.com/\" \"%s\"\n",
			ip, 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), rng.IntN(60), paths[rng.IntN(len(paths))], status, rng.IntN(50000), uas[rng.IntN(len(uas))])
	}
	return b.Bytes()
}

// loopReader yields buf over and over until n bytes have been read, so the
// benchmark streams an arbitrarily large log without holding it.
type loopReader struct {
	buf []byte
	off int
	n   int64
}

func (r *loopReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.n {
		p = p[:r.n]
	}
	n := copy(p, r.buf[r.off:])
	r.off = (r.off + n) % len(r.buf)
	r.n -= int64(n)
	return n, nil
}

// BenchmarkReadAccessLog streams b.N copies of a 10,000-line chunk through
// ReadAccessLog; one op is one chunk (~2 MB). heap-MB is the live heap at the
// end, which stays flat however large the stream.
func BenchmarkReadAccessLog(b *testing.B) {
	chunk := genLog(10000)
	b.SetBytes(int64(len(chunk)))
	b.ReportAllocs()
	var sink int
	r := &loopReader{buf: chunk, n: int64(len(chunk)) * int64(b.N)}
	b.ResetTimer()
	st, err := ReadAccessLog(r, func(h Hit) error { sink += len(h.Path); return nil })
	b.StopTimer()
	if err != nil || st.Bad != 0 || st.Lines != 10000*b.N {
		b.Fatalf("err %v stats %+v", err, st)
	}
	b.ReportMetric(float64(st.Lines)/b.Elapsed().Seconds(), "lines/s")
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MB")
}

// BenchmarkTracker sends GET /t.gif and POST /t beacons over loopback to an
// httptest server from 16 concurrent keep-alive clients, and reports
// requests/s and the p99 latency seen by the clients.
func BenchmarkTracker(b *testing.B) {
	var mu sync.Mutex
	hits := 0
	h := NewTracker(TrackerConfig{
		AllowedOrigins: []string{site},
		RatePerMinute:  600,
		TrustProxy:     []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")},
	}, func(Hit) { mu.Lock(); hits++; mu.Unlock() })
	srv := httptest.NewServer(h)
	defer srv.Close()
	const conc = 16
	tr := &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	gifURL := srv.URL + "/t.gif?u=" + url.QueryEscape(site+"/pricing") + "&cid=abc123"
	body := `{"url":"` + site + `/docs","referrer":"https://www.google.com/","cid":"abc123"}`

	var lmu sync.Mutex
	var lat []time.Duration
	var seq int64
	b.SetParallelism(conc / max(1, runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		local := make([]time.Duration, 0, 1024)
		lmu.Lock()
		seq++
		me := seq
		lmu.Unlock()
		i := 0
		for pb.Next() {
			i++
			// Spread over many client addresses so the limiter is exercised but
			// never trips.
			xff := fmt.Sprintf("198.51.%d.%d", me, i%250)
			var req *http.Request
			if i%2 == 0 {
				req, _ = http.NewRequest("GET", gifURL, nil)
			} else {
				req, _ = http.NewRequest("POST", srv.URL+"/t", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Origin", site)
			}
			req.Header.Set("X-Forwarded-For", xff)
			req.Header.Set("User-Agent", "Mozilla/5.0")
			t0 := time.Now()
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			local = append(local, time.Since(t0))
			if resp.StatusCode != 200 && resp.StatusCode != 204 {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
		lmu.Lock()
		lat = append(lat, local...)
		lmu.Unlock()
	})
	b.StopTimer()
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		b.ReportMetric(float64(len(lat))/b.Elapsed().Seconds(), "req/s")
	}
}
