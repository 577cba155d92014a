package daemon

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/abmsync/abmsync/internal/dnstest"
	"github.com/abmsync/abmsync/internal/porttest"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/store"
)

// BenchmarkTrackingSIGTERM runs the real abmsync binary (serve, sample
// campaign, Redis database 4) with its tracking listener on loopback and
// reverse DNS pointed at a server that reads every query and never
// answers. 16 keep-alive clients send b.N pixel hits: 98 % from distinct
// addresses that match nothing (each would need a look-up), 1 % from a
// range of target account 1010 (traffic.cidrs) and 1 % with the hubspotutk
// cookie of one of 1010's contacts. Then the process gets SIGTERM. It
// reports the listener's throughput (req/s) and p99 latency, the share of
// range and cookie hits counted for 1010 after the exit flush (legit-%),
// and the time from SIGTERM to the process' exit (sigterm-ms).
//
//	REDIS_URL=redis://127.0.0.1:6379 go test -run '^$' -bench TrackingSIGTERM -benchtime 20000x ./daemon
func BenchmarkTrackingSIGTERM(b *testing.B) {
	const db = 4
	const utk = "9d3e5c7a1b2f4e6d8c0a1b2c3d4e5f60"
	rdb := redistest.Client(b, db, true)
	opt := redistest.Options(b, db)
	dns := dnstest.Start(b)
	dns.SetDrop(true)
	dir := b.TempDir()
	// ABMSYNC_BENCH_BIN runs another build (say, an older commit's) instead.
	bin := os.Getenv("ABMSYNC_BENCH_BIN")
	if bin == "" {
		bin = filepath.Join(dir, "abmsync")
		if out, err := exec.Command("go", "build", "-o", bin, "../cmd/abmsync").CombinedOutput(); err != nil {
			b.Fatalf("go build: %v\n%s", err, out)
		}
	}
	adminAddr := porttest.Addr(b)
	trackAddr := porttest.Addr(b)
	cfgFile := filepath.Join(dir, "abmsync.yaml")
	cfg := fmt.Sprintf(`redis:
  url: "redis://%s/%d"
admin:
  addr: %q
  token: t
csv:
  dir: %q
  output_dir: %q
schedules:
  crm_sync: "@every 1h"
tracking:
  addr: %q
  rate_per_minute: 100000
  trust_proxy: ["127.0.0.1"]
traffic:
  dns_server: %q
  cidrs:
    "1010": ["198.51.100.0/24"]
worker:
  shutdown_timeout: 10s
`, opt.Addr, db, adminAddr, sampleWithCookie(b, utk), filepath.Join(dir, "out"), trackAddr, dns.Addr())
	if err := os.WriteFile(cfgFile, []byte(cfg), 0o600); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(bin, "serve", "--config", cfgFile)
	// REDIS_URL would override redis.url with the test's database 0.
	cmd.Env = append(os.Environ(), "ABMSYNC_LOG_LEVEL=warn", fmt.Sprintf("REDIS_URL=redis://%s/%d", opt.Addr, db))
	var logs syncBuffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	b.Cleanup(func() {
		select {
		case <-exited:
		default:
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	st := store.New(rdb, "abmsync")
	deadline := time.Now().Add(20 * time.Second)
	for {
		co, _ := st.Status(context.Background(), "companies")
		cs, _ := st.Status(context.Background(), "contacts")
		if co["last_success_at"] != "" && cs["last_success_at"] != "" {
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("the first sync did not finish within 20 s; log:\n%s", logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(1200 * time.Millisecond) // the collector looks for finished pulls once a second

	const conc = 16
	tr := &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	gif := "http://" + trackAddr + "/t.gif?u=https%3A%2F%2Fwww.kremstal.example%2Fprodukte"
	var seq, legit atomic.Int64
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
				legit.Add(1)
			case 50:
				from, u = fmt.Sprintf("203.0.113.%d", 1+i%250), gif+"&cid="+utk
				legit.Add(1)
			}
			req, _ := http.NewRequest("GET", u, nil)
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

	t0 := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		b.Fatal(err)
	}
	select {
	case <-exited:
		if waitErr != nil {
			b.Errorf("abmsync serve exited with %v after SIGTERM; log:\n%s", waitErr, logs.String())
		}
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
		b.Error("abmsync serve still running 60 s after SIGTERM; killed")
	}
	sigterm := time.Since(t0)

	days, err := st.Traffic(context.Background(), "1010", time.Now().AddDate(0, 0, -1))
	if err != nil {
		b.Fatal(err)
	}
	views := 0
	for _, d := range days {
		views += d.PageViews
	}
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
		b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "req/s")
	}
	if n := legit.Load(); n > 0 {
		b.ReportMetric(100*float64(views)/float64(n), "legit-%")
	}
	b.ReportMetric(float64(sigterm.Milliseconds()), "sigterm-ms")
}

// syncBuffer is a bytes.Buffer safe for a process' output and a reader.
type syncBuffer struct {
	mu  sync.Mutex
	buf []byte
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf = append(s.buf, p...)
	return len(p), nil
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.buf)
}
