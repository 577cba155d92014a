package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/admin"
	"github.com/abmsync/abmsync/config"
	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/daemon"
	"github.com/abmsync/abmsync/internal/porttest"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/store"
)

const db = 7

// benchAdminToken is the admin token of the benchmarks' daemons.
const benchAdminToken = "bench-admin-token-0123456789abcdef"

// startDaemon runs daemon.Run against portal until stop is called.
func startDaemon(b *testing.B, portal *hubspottest.Server, per10s, searchPerSec int) (*admin.Client, func()) {
	b.Helper()
	opt := redistest.Options(b, db)
	cfg := config.Default()
	cfg.Redis.URL = fmt.Sprintf("redis://%s/%d", opt.Addr, db)
	cfg.Admin.Addr = porttest.Addr(b)
	cfg.Admin.Token = benchAdminToken
	cfg.CRM.Kind = "hubspot"
	cfg.HubSpot.BaseURL = portal.URL()
	cfg.HubSpot.AccessToken = portal.AccessToken()
	cfg.HubSpot.RequestsPer10s = per10s
	cfg.HubSpot.SearchPerSecond = searchPerSec
	cfg.Schedules = map[string]string{}
	cfg.CSV.OutputDir = filepath.Join(b.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	// ABMSYNC_BENCH_DAEMON_LOG=file keeps the daemon's debug log, to see
	// where a run spends its time.
	var logw io.Writer = io.Discard
	if f := os.Getenv("ABMSYNC_BENCH_DAEMON_LOG"); f != "" {
		fh, err := os.Create(f)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { fh.Close() })
		logw = fh
	}
	log := slog.New(slog.NewTextHandler(logw, &slog.HandlerOptions{Level: slog.LevelDebug}))
	go func() { done <- daemon.Run(ctx, cfg, daemon.Options{Logger: log}) }()
	c := &admin.Client{BaseURL: "http://" + cfg.Admin.Addr, Token: benchAdminToken}
	waitReady(b, c.BaseURL)
	return c, func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	}
}

// result is one measured sync.
type result struct {
	name     string
	wall     time.Duration
	run      store.Run
	calls    map[string]int
	minCalls int
}

// syncOnce starts a resync and waits for it, measuring wall time and calls.
func syncOnce(b *testing.B, c *admin.Client, portal *hubspottest.Server, full bool) (store.Run, time.Duration, map[string]int) {
	b.Helper()
	portal.ResetCalls()
	ctx := context.Background()
	start := time.Now()
	res, err := c.Resync(ctx, admin.ResyncRequest{Full: full})
	if err != nil {
		b.Fatal(err)
	}
	for {
		r, err := c.Run(ctx, res.Run.ID)
		if err != nil {
			b.Fatal(err)
		}
		if r.Done() {
			if r.State != store.RunSucceeded {
				b.Fatalf("run %s %s: %s", r.ID, r.State, r.Error)
			}
			return r, time.Since(start), portal.Calls()
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func report(b *testing.B, r result) {
	b.ReportMetric(float64(r.calls["total"]), "api_calls")
	b.ReportMetric(float64(r.run.Writes), "write_calls")
	b.ReportMetric(r.wall.Seconds(), "wall_s")
	b.ReportMetric(float64(r.run.Pulled)/r.wall.Seconds(), "records/s")
	var keys []string
	for k := range r.calls {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s=%d", k, r.calls[k]))
	}
	b.Logf("%s: wall %.1fs, pulled %d, pushed %d, api calls %d (minimum %d), writes %d; %s",
		r.name, r.wall.Seconds(), r.run.Pulled, r.run.Pushed, r.calls["total"], r.minCalls, r.run.Writes, strings.Join(parts, ", "))
}

// BenchmarkSync measures what README "Performance" reports on one 10,000 /
// 100,000 / 20,000 portal: a full sync, a resync when nothing changed, an
// incremental sync after 1 % of the contacts changed, and full syncs under
// the portal's rate limits, in order (each step depends on the one
// before).
func BenchmarkSync(b *testing.B) {
	redistest.Client(b, db, true)
	gen := hubspottest.DefaultGenOptions()
	gen.Now = time.Now().UTC()
	portal := hubspottest.NewServer(hubspottest.Options{Data: hubspottest.Generate(gen)})
	defer portal.Close()
	targets := int(float64(gen.Companies) * gen.TargetShare)
	// Reads: one list page of 100 per object; writes: one batch per 100
	// target accounts (property set-up is extra and happens once).
	minFull := gen.Companies/100 + gen.Contacts/100 + gen.Deals/100 + (targets+99)/100

	c, stop := startDaemon(b, portal, 1_000_000, 1000)
	b.Run("full_10k_100k_20k", func(b *testing.B) {
		for range b.N {
			run, wall, calls := syncOnce(b, c, portal, true)
			report(b, result{"full sync", wall, run, calls, minFull})
		}
	})
	b.Run("resync_nothing_changed", func(b *testing.B) {
		for range b.N {
			run, wall, calls := syncOnce(b, c, portal, false)
			if run.Writes != 0 {
				b.Fatalf("resync without changes made %d write calls", run.Writes)
			}
			report(b, result{"resync, nothing changed", wall, run, calls, 0})
		}
	})
	b.Run("incremental_1pct_contacts", func(b *testing.B) {
		ids := portal.IDs("contacts")
		rng := rand.New(rand.NewPCG(7, 7))
		for range b.N {
			changed := make([]string, 0, len(ids)/100)
			for _, i := range rng.Perm(len(ids))[:len(ids)/100] {
				changed = append(changed, ids[i])
			}
			portal.Touch("contacts", time.Now(), changed...)
			run, wall, calls := syncOnce(b, c, portal, false)
			report(b, result{"incremental, 1% contacts changed", wall, run, calls, len(changed)/200 + (len(changed)+999)/1000})
		}
	})
	stop()

	// The rate-limited rows start from a new portal and an empty store, so
	// each is a first full sync (with the property set-up and the writes),
	// as when run alone.
	fresh := func(b *testing.B) *hubspottest.Server {
		redistest.Client(b, db, true)
		p := hubspottest.NewServer(hubspottest.Options{Data: hubspottest.Generate(gen)})
		b.Cleanup(p.Close)
		p.SetRateLimit(100, 10*time.Second)
		return p
	}
	// The client follows the portal's announced budget (requests_per_10s
	// 0): a portal with the API limit increase (5,000 per 10 s) is used at
	// its speed, a Starter portal (100 per 10 s) to its limit.
	for _, max := range []int{5000, 100} {
		b.Run(fmt.Sprintf("full_follow_portal_%d_per_10s", max), func(b *testing.B) {
			for range b.N {
				portal := fresh(b)
				portal.SetRateLimit(max, 10*time.Second)
				c, stop := startDaemon(b, portal, 0, 5)
				run, wall, calls := syncOnce(b, c, portal, true)
				stop()
				report(b, result{fmt.Sprintf("full sync following a portal of %d requests/10 s", max), wall, run, calls, minFull})
				b.ReportMetric(float64(calls["total"])/wall.Seconds(), "calls/s")
				b.ReportMetric(100*float64(calls["total"])/wall.Seconds()/(float64(max)/10), "pct_of_budget")
				b.ReportMetric(float64(portal.RateLimited()), "answers_429")
			}
		})
	}
	b.Run("full_ratelimited_100_per_10s", func(b *testing.B) {
		for range b.N {
			portal := fresh(b)
			c, stop := startDaemon(b, portal, 100, 5)
			run, wall, calls := syncOnce(b, c, portal, true)
			stop()
			report(b, result{"full sync at 100 requests/10 s", wall, run, calls, minFull})
			b.ReportMetric(float64(calls["total"])/wall.Seconds(), "calls/s")
			b.ReportMetric(float64(portal.RateLimited()), "answers_429")
		}
	})
	// A client configured above the portal's real limit (190 vs 100): the
	// portal answers 429 and the client must wait as told, losing nothing.
	b.Run("full_client190_server100", func(b *testing.B) {
		for range b.N {
			portal := fresh(b)
			c, stop := startDaemon(b, portal, 190, 5)
			run, wall, calls := syncOnce(b, c, portal, true)
			stop()
			if run.Pulled != int64(gen.Companies+gen.Contacts+gen.Deals) {
				b.Fatalf("pulled %d records, want %d", run.Pulled, gen.Companies+gen.Contacts+gen.Deals)
			}
			report(b, result{"full sync, client 190/10 s vs portal 100/10 s", wall, run, calls, minFull})
			b.ReportMetric(float64(portal.RateLimited()), "answers_429")
		}
	})
}

// waitReady waits up to 30 s for the daemon at base to answer /readyz.
func waitReady(b testing.TB, base string) {
	b.Helper()
	for i := 0; ; i++ {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		if i > 600 {
			b.Fatal("daemon did not become ready")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
