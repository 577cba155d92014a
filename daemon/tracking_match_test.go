package daemon

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/config"
	"github.com/abmsync/abmsync/internal/dnstest"
	"github.com/abmsync/abmsync/internal/porttest"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/store"
)

// sampleWithCookie copies the sample campaign into a temporary folder and
// gives contact 2045 (of target account 1010) the hubspotutk cookie utk.
func sampleWithCookie(t testing.TB, utk string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"companies.csv", "contacts.csv", "deals.csv"} {
		b, err := os.ReadFile(filepath.Join("../deploy/examples/sample-campaign", f))
		if err != nil {
			t.Fatal(err)
		}
		if f == "contacts.csv" {
			lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
			for i, l := range lines {
				l = strings.TrimRight(l, "\r")
				switch {
				case i == 0:
					l += ",hubspotutk"
				case strings.HasPrefix(l, "2045,"):
					l += "," + utk
				default:
					l += ","
				}
				lines[i] = l
			}
			b = []byte(strings.Join(lines, "\n") + "\n")
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestTrackingMatchesDNSAndCookie runs the daemon with traffic.dns_server
// pointing at a local fake DNS server and a contact carrying a hubspotutk
// cookie: a pixel hit from a gateway whose PTR is under a target account's
// domain (forward-confirmed) counts for that account, a hit from an
// unmatched address with the contact's cookie counts for the contact's
// account, an unknown cookie counts for nobody, no DNS query leaves the
// machine, and the cookie value is nowhere in Redis.
func TestTrackingMatchesDNSAndCookie(t *testing.T) {
	const db = 4
	const utk = "9d3e5c7a1b2f4e6d8c0a1b2c3d4e5f60"
	rdb := redistest.Client(t, db, true)
	opt := redistest.Options(t, db)
	dns := dnstest.Start(t)
	// 1012 is a target account of the sample with domain nordkapbio.example.
	dns.PTR("192.0.2.10", "fw1.oslo.nordkapbio.example")
	dns.Host("fw1.oslo.nordkapbio.example", "192.0.2.10")
	// A look-alike that must not count.
	dns.PTR("192.0.2.11", "fw1.nordkapbio.example.attacker.test")
	dns.Host("fw1.nordkapbio.example.attacker.test", "192.0.2.11")

	cfg := config.Default()
	cfg.Redis.URL = fmt.Sprintf("redis://%s/%d", opt.Addr, db)
	cfg.Admin.Addr = porttest.Addr(t)
	cfg.Admin.Token = testAdminToken
	cfg.CSV.Dir = sampleWithCookie(t, utk)
	cfg.CSV.OutputDir = filepath.Join(t.TempDir(), "out")
	cfg.Schedules = map[string]string{}
	cfg.Tracking.Addr = porttest.Addr(t)
	cfg.Tracking.TrustProxy = []string{"127.0.0.1"}
	cfg.Traffic.ReverseDNS = true
	cfg.Traffic.DNSServer = dns.Addr()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}

	stop := runSynced(t, cfg)
	st := store.New(rdb, "abmsync")
	waitFor(t, "the companies and contacts pulls", func() bool {
		co, _ := st.Status(context.Background(), "companies")
		cs, _ := st.Status(context.Background(), "contacts")
		ids, _ := st.Members(context.Background(), "1010", "contacts")
		return co["last_success_at"] != "" && cs["last_success_at"] != "" && slices.Contains(ids, "2045")
	})
	// The collector looks for finished pulls at most once a second.
	time.Sleep(1100 * time.Millisecond)

	pixel := func(from, cid string) {
		t.Helper()
		r, _ := http.NewRequest("GET", "http://"+cfg.Tracking.Addr+"/t.gif?u=https%3A%2F%2Fwww.kremstal.example%2Fprodukte&cid="+cid, nil)
		r.Header.Set("X-Forwarded-For", from)
		r.Header.Set("User-Agent", "Mozilla/5.0")
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("pixel from %s: %d", from, resp.StatusCode)
		}
	}
	pixel("192.0.2.10", "")                                  // reverse DNS -> 1012
	pixel("192.0.2.11", "")                                  // look-alike: nobody
	pixel("203.0.113.5", utk)                                // cookie -> 1010
	pixel("203.0.113.6", "ffffffffffffffffffffffffffffffff") // unknown cookie: nobody
	// Reverse DNS runs beside the collector, and stopping cancels it: wait
	// until the gateway's name was confirmed and no look-up is left.
	waitFor(t, "the reverse-DNS look-ups", func() bool {
		return slices.Contains(dns.Log(), "TypeA fw1.oslo.nordkapbio.example.") &&
			strings.Contains(metricsText(t, cfg), "abmsync_tracking_dns_lookups_in_flight 0\n")
	})
	stop()

	since := time.Now().AddDate(0, 0, -1)
	for acc, want := range map[string]int{"1010": 1, "1012": 1} {
		days, err := st.Traffic(context.Background(), acc, since)
		if err != nil || len(days) != 1 || days[0].PageViews != want {
			t.Errorf("traffic of %s = %+v, %v; want one day with %d page view", acc, days, err, want)
		}
	}
	total := 0
	for k := range redistest.Scan(t, rdb, "*") {
		if strings.HasPrefix(k, "abmsync:v1:traffic:") {
			total++
		}
	}
	if total != 2 {
		t.Errorf("%d accounts have traffic, want 2 (1010 and 1012)", total)
	}
	if dns.Queries() == 0 {
		t.Error("no query reached the fake DNS server")
	}
	for _, q := range dns.Log() {
		if strings.Contains(q, "attacker") && !strings.HasPrefix(q, "TypePTR") {
			t.Errorf("look-alike name looked up forward: %s", q)
		}
	}
	for k, vals := range redistest.Scan(t, rdb, "*") {
		for _, v := range append(vals, k) {
			if strings.Contains(strings.ToLower(v), utk) {
				t.Errorf("Redis key %s holds the hubspotutk value", k)
			}
		}
	}
}

// metricsText is the daemon's /metrics page.
func metricsText(t *testing.T, cfg config.Config) string {
	t.Helper()
	r, _ := http.NewRequest("GET", "http://"+cfg.Admin.Addr+"/metrics", nil)
	r.Header.Set("Authorization", "Bearer "+cfg.Admin.Token)
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}
