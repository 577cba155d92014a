package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/admin"
	"github.com/abmsync/abmsync/config"
	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/daemon"
	"github.com/abmsync/abmsync/internal/dnstest"
	"github.com/abmsync/abmsync/internal/porttest"
	"github.com/abmsync/abmsync/internal/redistest"
)

// logSpec is what the generated access log is made of: the target
// accounts' ranges, their gateways with forward-confirmed PTR names, and
// the hubspotutk cookies of their contacts.
type logSpec struct {
	cidrs    []netip.Prefix
	gateways []string
	cookies  []string
	// rdns tells whether gateway lines are expected to match (reverse DNS on).
	rdns bool
}

// logTotals is what a generated log should import as.
type logTotals struct {
	bytes, lines, pageViews, matched int64
}

// Realistic pieces of a combined-format line. One user agent in eight is a
// robot and about one path in five is a static asset: neither is a page view.
var (
	benchUAs = []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
		"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
	}
	benchPaths = []string{
		"/", "/de/", "/en/", "/produkte/abfuellanlagen", "/produkte/blisterlinie-bl-400", "/loesungen/pharma",
		"/loesungen/medtech", "/pricing", "/kontakt", "/karriere", "/blog/abm-in-pharma?utm_source=linkedin&utm_medium=social",
		"/blog/gmp-annex-1-checkliste", "/news/2026/messe-achema", "/downloads/datenblatt-bl400.pdf", "/search?q=reinraum",
		"/static/js/app.3f9a1c.js", "/static/css/site.8d2e.css", "/img/hero-2560.webp", "/favicon.ico",
	}
	benchRefs = []string{"-", "-", "https://www.google.com/", "https://www.linkedin.com/", "https://www.example-pharma.com/de/", "https://duckduckgo.com/"}
	benchStat = []int{200, 200, 200, 200, 200, 200, 304, 301, 404}
)

// visitor is one browser in the generated log: its address, user agent
// and cookie field, and whether its page views belong to a target account.
type visitor struct {
	ip      string
	ua      int
	cookie  string
	matches bool
}

// writeAccessLog writes combined-format lines with nginx's trailing
// "$cookie_hubspotutk" field to w until about size bytes, and returns what
// the import should find. Lines come from fixed visitor populations, as on
// a real site: 10 % from 30 visitors in each target range, 2 % from 30
// visitors behind each gateway, 1 % from the contacts with known cookies
// (from addresses of no account), the rest from 50,000 other visitors (a
// fifth IPv6, frequent visitors more often). 40 % of visitors carry a
// cookie and one in eight is a robot; times run over the last seven days.
// The number of distinct visitors is thus the same for any size.
func writeAccessLog(w io.Writer, size int64, spec logSpec, seed uint64) (logTotals, error) {
	rng := rand.New(rand.NewPCG(seed, 0xabcdef))
	bw := bufio.NewWriterSize(w, 1<<20)
	inTargets := func(a netip.Addr) bool {
		for _, p := range spec.cidrs {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	cookie := func() string {
		if rng.Float64() < 0.4 {
			return fmt.Sprintf("%016x%016x", rng.Uint64(), rng.Uint64())
		}
		return "-"
	}
	others := make([]visitor, 50000)
	for i := range others {
		for {
			var a netip.Addr
			if i%5 == 0 {
				a = netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, byte(rng.IntN(256)), byte(rng.IntN(256)), 0, 0, 0, 0, 0, 0, 0, 0, byte(rng.IntN(256)), byte(1 + rng.IntN(255))})
			} else {
				a = netip.AddrFrom4([4]byte{byte(1 + rng.IntN(223)), byte(rng.IntN(256)), byte(rng.IntN(256)), byte(1 + rng.IntN(254))})
			}
			if !inTargets(a) && !a.IsLoopback() && !a.IsPrivate() && !slices.Contains(spec.gateways, a.String()) {
				others[i] = visitor{ip: a.String(), ua: rng.IntN(len(benchUAs)), cookie: cookie()}
				break
			}
		}
	}
	var ranged, gated, contacts []visitor
	for _, p := range spec.cidrs {
		for range 30 {
			a := p.Addr().As4()
			a[3] = byte(1 + rng.IntN(254))
			ranged = append(ranged, visitor{netip.AddrFrom4(a).String(), rng.IntN(len(benchUAs)), cookie(), true})
		}
	}
	for _, gw := range spec.gateways {
		for range 30 {
			gated = append(gated, visitor{gw, rng.IntN(len(benchUAs)), cookie(), spec.rdns})
		}
	}
	for _, c := range spec.cookies {
		contacts = append(contacts, visitor{others[rng.IntN(len(others))].ip, rng.IntN(len(benchUAs) - 1), c, true})
	}

	const avgLine = 230
	start := time.Now().UTC().Add(-7 * 24 * time.Hour)
	step := 7 * 24 * time.Hour / time.Duration(max(1, size/avgLine))
	var tot logTotals
	var line []byte
	for tot.bytes < size {
		var v visitor
		switch r := rng.Float64(); {
		case r < 0.10 && len(ranged) > 0:
			v = ranged[rng.IntN(len(ranged))]
		case r < 0.12 && len(gated) > 0:
			v = gated[rng.IntN(len(gated))]
		case r < 0.13 && len(contacts) > 0:
			v = contacts[rng.IntN(len(contacts))]
		default:
			u := rng.Float64()
			v = others[int(u*u*float64(len(others)))]
		}
		path := benchPaths[rng.IntN(len(benchPaths))]
		status := benchStat[rng.IntN(len(benchStat))]
		at := start.Add(time.Duration(tot.lines) * step)

		line = append(line[:0], v.ip...)
		line = append(line, " - - ["...)
		line = at.AppendFormat(line, "02/Jan/2006:15:04:05 -0700")
		line = append(line, "] \"GET "...)
		line = append(line, path...)
		line = append(line, " HTTP/1.1\" "...)
		line = strconv.AppendInt(line, int64(status), 10)
		line = append(line, ' ')
		line = strconv.AppendInt(line, int64(200+rng.IntN(60000)), 10)
		line = append(line, " \""...)
		line = append(line, benchRefs[rng.IntN(len(benchRefs))]...)
		line = append(line, "\" \""...)
		line = append(line, benchUAs[v.ua]...)
		line = append(line, "\" \""...)
		line = append(line, v.cookie...)
		line = append(line, "\"\n"...)
		if _, err := bw.Write(line); err != nil {
			return tot, err
		}
		tot.bytes += int64(len(line))
		tot.lines++
		pageView := status < 400 && v.ua != len(benchUAs)-1 && !strings.HasPrefix(path, "/static/") &&
			!strings.HasPrefix(path, "/img/") && path != "/favicon.ico"
		if pageView {
			tot.pageViews++
			if v.matches {
				tot.matched++
			}
		}
	}
	return tot, bw.Flush()
}

// procStatus returns a field of /proc/self/status in MB (VmHWM, VmRSS).
func procStatus(field string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, field+":"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return -1
}

// resetPeakRSS returns the process' memory to the OS and resets VmHWM to the
// current RSS (Linux: "5" into /proc/self/clear_refs), so each measurement
// sees its own peak; it reports whether the reset worked.
func resetPeakRSS() bool {
	runtime.GC()
	debug.FreeOSMemory()
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// trafficWorld is a running daemon synced from a fake HubSpot portal whose
// target accounts have ranges, gateways (in a local fake DNS) and contacts
// with hubspotutk cookies.
type trafficWorld struct {
	c    *admin.Client
	dns  *dnstest.Server
	spec logSpec
	stop func()
}

func startTrafficWorld(b *testing.B, rdns bool) *trafficWorld {
	b.Helper()
	redistest.Client(b, db, true)
	gen := hubspottest.GenOptions{Companies: 1000, Contacts: 5000, Deals: 100, TargetShare: 0.1, Seed: 9, Now: time.Now()}
	portal := hubspottest.NewServer(hubspottest.Options{Data: hubspottest.Generate(gen)})
	b.Cleanup(portal.Close)
	dns, err := dnstest.NewServer()
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(dns.Close)
	if v := os.Getenv("ABMSYNC_BENCH_DNS_DELAY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.Fatalf("ABMSYNC_BENCH_DNS_DELAY: %v", err)
		}
		dns.SetDelay(d)
	}

	w := &trafficWorld{dns: dns, spec: logSpec{rdns: rdns}}
	cidrs := map[string][]string{}
	n := 0
	for _, id := range portal.IDs("companies") {
		co := portal.Company(id)
		contacts := portal.Associations("companies", id, "contacts")
		if co["hs_is_target_account"] != "true" || len(contacts) == 0 {
			continue
		}
		switch {
		case n < 50: // a /24 each
			p := netip.PrefixFrom(netip.AddrFrom4([4]byte{198, 18, byte(n), 0}), 24)
			cidrs[id] = []string{p.String()}
			w.spec.cidrs = append(w.spec.cidrs, p)
		case n < 75: // a gateway under the company's domain
			gw := netip.AddrFrom4([4]byte{198, 19, byte(n), 1}).String()
			dns.PTR(gw, "gw."+co["domain"])
			dns.Host("gw."+co["domain"], gw)
			w.spec.gateways = append(w.spec.gateways, gw)
		}
		utk := fmt.Sprintf("%032x", uint64(n+1)*0x9e3779b97f4a7c15)
		portal.Update("contacts", contacts[0], map[string]string{"hubspotutk": utk})
		w.spec.cookies = append(w.spec.cookies, utk)
		n++
	}

	opt := redistest.Options(b, db)
	cfg := config.Default()
	cfg.Redis.URL = fmt.Sprintf("redis://%s/%d", opt.Addr, db)
	cfg.Admin.Addr = porttest.Addr(b)
	cfg.Admin.Token = benchAdminToken
	cfg.CRM.Kind = "hubspot"
	cfg.HubSpot.BaseURL = portal.URL()
	cfg.HubSpot.AccessToken = portal.AccessToken()
	cfg.HubSpot.RequestsPer10s = 1_000_000
	cfg.HubSpot.SearchPerSecond = 1000
	cfg.Schedules = map[string]string{}
	cfg.CSV.OutputDir = filepath.Join(b.TempDir(), "out")
	cfg.Traffic.CIDRs = cidrs
	cfg.Traffic.ReverseDNS = rdns
	cfg.Traffic.DNSServer = dns.Addr() // never the internet
	if err := cfg.Validate(); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- daemon.Run(ctx, cfg, daemon.Options{Logger: slog.New(slog.DiscardHandler)}) }()
	w.c = &admin.Client{BaseURL: "http://" + cfg.Admin.Addr, Token: benchAdminToken}
	w.stop = func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	}
	waitReady(b, w.c.BaseURL)
	syncOnce(b, w.c, portal, true)
	return w
}

// benchLogMB is the log sizes measured; ABMSYNC_BENCH_LOG_MB overrides
// them (comma-separated), e.g. "100" for a quick run.
func benchLogMB() []int {
	sizes := []int{100, 1024}
	if v := os.Getenv("ABMSYNC_BENCH_LOG_MB"); v != "" {
		sizes = nil
		for _, s := range strings.Split(v, ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n > 0 {
				sizes = append(sizes, n)
			}
		}
	}
	return sizes
}

// BenchmarkImportAccessLog generates access logs of 100 MB and 1 GB into a
// temporary file (deleted afterwards) and uploads each through the admin
// API into the running daemon, exactly as `abmsync import access-log FILE`
// does, with reverse DNS against a local fake DNS server
// (rdns=local_fake) and without (rdns=off). It reports lines/s, MB/s and
// the process' peak RSS during the import: the import streams, so the peak
// must not grow with the file. ABMSYNC_BENCH_DNS_DELAY (a Go duration such
// as "2ms") makes the fake DNS server answer each query that much later, as
// a real resolver would.
func BenchmarkImportAccessLog(b *testing.B) {
	for _, mode := range []struct {
		name string
		rdns bool
	}{{"rdns=off", false}, {"rdns=local_fake", true}} {
		b.Run(mode.name, func(b *testing.B) {
			w := startTrafficWorld(b, mode.rdns)
			defer w.stop()
			for _, mb := range benchLogMB() {
				b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
					for range b.N {
						importLog(b, w, int64(mb)<<20)
					}
				})
			}
		})
	}
}

func importLog(b *testing.B, w *trafficWorld, size int64) {
	path := filepath.Join(b.TempDir(), "access.log")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer os.Remove(path)
	genStart := time.Now()
	want, err := writeAccessLog(f, size, w.spec, uint64(size))
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		b.Fatal(err)
	}
	genWall := time.Since(genStart)
	f, err = os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()

	reset := resetPeakRSS()
	rssBefore := procStatus("VmRSS")
	stopHeap := sampleHeap(100 * time.Millisecond)
	queries := w.dns.Queries()
	b.ResetTimer()
	start := time.Now()
	res, err := w.c.ImportAccessLog(context.Background(), f)
	wall := time.Since(start)
	b.StopTimer()
	peakHeap, peakLive := stopHeap()
	if err != nil {
		b.Fatal(err)
	}
	hwm := procStatus("VmHWM")
	if int64(res.Lines) != want.lines || int64(res.Hits) != want.pageViews || int64(res.Matched) != want.matched || res.Bad != 0 {
		b.Fatalf("imported %+v, want %d lines, %d page views, %d matched", res, want.lines, want.pageViews, want.matched)
	}
	mb := float64(want.bytes) / (1 << 20)
	b.ReportMetric(float64(want.lines)/wall.Seconds(), "lines/s")
	b.ReportMetric(mb/wall.Seconds(), "MB/s")
	b.ReportMetric(wall.Seconds(), "wall_s")
	if reset {
		b.ReportMetric(hwm, "peak_RSS_MB")
	}
	b.ReportMetric(float64(peakHeap)/(1<<20), "peak_heap_MB")
	b.ReportMetric(float64(peakLive)/(1<<20), "peak_live_heap_MB")
	b.Logf("%.0f MB, %d lines (generated in %.1fs): import %.1fs = %.0f lines/s, %.1f MB/s; %d page views, %d matched %v, %d DNS queries; "+
		"RSS before %.0f MB, peak RSS %.0f MB (reset %v), peak heap in use %.0f MB, peak live heap %.0f MB",
		mb, want.lines, genWall.Seconds(), wall.Seconds(), float64(want.lines)/wall.Seconds(), mb/wall.Seconds(),
		res.Hits, res.Matched, res.MatchedBy, w.dns.Queries()-queries, rssBefore, hwm, reset, float64(peakHeap)/(1<<20), float64(peakLive)/(1<<20))
}

// TestWriteAccessLog writes a generated log for measuring the real binary
// from the shell (README "Performance", "Traffic"); it runs only with
// ABMSYNC_ACCESS_LOG_OUT=FILE, optionally ABMSYNC_BENCH_LOG_MB=SIZE (default
// 1024). Its target ranges are 198.18.0.0/24 … 198.18.5.0/24, one per target
// account of the sample campaign (1004, 1008, 1010 … 1013 in that order).
func TestWriteAccessLog(t *testing.T) {
	out := os.Getenv("ABMSYNC_ACCESS_LOG_OUT")
	if out == "" {
		t.Skip("set ABMSYNC_ACCESS_LOG_OUT=FILE to write a generated access log")
	}
	mb := 1024
	if s := benchLogMB(); os.Getenv("ABMSYNC_BENCH_LOG_MB") != "" && len(s) > 0 {
		mb = s[0]
	}
	var spec logSpec
	for i := range 6 {
		spec.cidrs = append(spec.cidrs, netip.PrefixFrom(netip.AddrFrom4([4]byte{198, 18, byte(i), 0}), 24))
	}
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	tot, err := writeAccessLog(f, int64(mb)<<20, spec, uint64(mb))
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %d bytes, %d lines, %d page views, %d from the target ranges", out, tot.bytes, tot.lines, tot.pageViews, tot.matched)
}
