package campaign

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net/http/httptest"
	"net/netip"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/dnstest"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/keycontacts/merge"
	"github.com/abmsync/abmsync/store"
	"github.com/abmsync/abmsync/traffic"
)

// The visitor cookies of the tests: HubSpot writes hubspotutk as 32
// lower-case hex digits.
const (
	utkTarget    = "5f2bb37a6e8c4f0c9a7b2d1e3f405162" // a contact of a target account
	utkNonTarget = "0badc0ffee0ddf00d5eed5a1e5b0a710" // a contact of another company
	utkShared    = "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0" // contacts at two target accounts
	utkUnknown   = "ffffffffffffffffffffffffffffffff" // no contact
)

// trafficWorld is a store holding target accounts whose contacts carry
// hubspotutk fingerprints (as a pull stores them), a fake DNS server, and
// the accounts the tests expect.
type trafficWorld struct {
	svc    *Service
	st     *store.Store
	rdb    *redis.Client
	prefix string
	now    time.Time
	dns    *dnstest.Server
	// cookie: the target account of utkTarget's contact; cidr: a target
	// account with a configured range; rdns: a target account whose
	// gateway's PTR is forward-confirmed; other: a target account sharing
	// utkShared with cookie.
	cookie, cidr, rdns, other string
}

func setupTraffic(t testing.TB) *trafficWorld {
	t.Helper()
	rdb := redistest.Client(t, redisDB, false)
	w := &trafficWorld{rdb: rdb, prefix: redistest.Prefix(t, rdb), now: time.Now().UTC(), dns: dnstest.Start(t),
		cookie: "101", cidr: "102", rdns: "103", other: "104"}
	w.st = store.New(rdb, w.prefix)
	fp, err := w.st.Fingerprinter(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	company := func(id string, target bool) crm.Record {
		return crm.Record{Type: crm.Companies, ID: id, Properties: map[string]string{
			"name": "Company " + id, "domain": w.domain(id), "hs_is_target_account": fmt.Sprint(target)}}
	}
	contact := func(id, company, utk string) crm.Record {
		return crm.Record{Type: crm.Contacts, ID: id, Properties: map[string]string{"utk_hash": merge.UTKHash(fp, utk)},
			Associations: map[crm.ObjectType][]string{crm.Companies: {company}}}
	}
	recs := []crm.Record{
		company(w.cookie, true), company(w.cidr, true), company(w.rdns, true), company(w.other, true), company("200", false),
		contact("1", w.cookie, strings.ToUpper(utkTarget)),
		contact("2", w.cookie, utkShared),
		contact("3", w.other, utkShared),
		contact("4", "200", utkNonTarget),
	}
	if _, err := w.st.UpsertRecords(t.Context(), recs); err != nil {
		t.Fatal(err)
	}

	domain := w.domain(w.rdns)
	w.dns.PTR("192.0.2.10", "gw."+domain)
	w.dns.Host("gw."+domain, "192.0.2.10")
	w.svc = &Service{
		Store: w.st, Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return w.now },
		Traffic: TrafficSettings{
			CIDRs:    map[string][]netip.Prefix{w.cidr: {netip.MustParsePrefix("198.51.100.0/24")}},
			Resolver: traffic.NewResolver(w.dns.Addr()),
		},
	}
	return w
}

// domain is company id's website domain.
func (w *trafficWorld) domain(id string) string { return "company" + id + ".example" }

// accessLine is one combined-format line with nginx's trailing
// "$cookie_hubspotutk" field ("-" when the visitor has none).
func accessLine(ip string, at time.Time, path, cookie string) string {
	return fmt.Sprintf("%s - - [%s] \"GET %s HTTP/1.1\" 200 512 \"https://www.google.com/\" \"Mozilla/5.0 (X11; Linux x86_64)\" \"%s\"\n",
		ip, at.Format("02/Jan/2006:15:04:05 -0700"), path, cookie)
}

func (w *trafficWorld) views(t testing.TB, account string) int {
	t.Helper()
	days, err := w.st.Traffic(t.Context(), account, w.now.AddDate(0, 0, -2))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range days {
		n += d.PageViews
	}
	return n
}

// assertNoCookieInRedis scans every key of the test's prefix, names and
// values, for the raw cookie ids.
func assertNoCookieInRedis(t *testing.T, rdb *redis.Client, pattern string, cookies ...string) {
	t.Helper()
	keys := redistest.Scan(t, rdb, pattern)
	if len(keys) == 0 {
		t.Fatalf("no keys match %s", pattern)
	}
	for k, vals := range keys {
		for _, v := range append(vals, k) {
			for _, c := range cookies {
				if strings.Contains(strings.ToLower(v), c) {
					t.Errorf("key %s holds the cookie id %s", k, c)
				}
			}
		}
	}
}

// TestTrafficCookieMatch imports an access log whose lines carry a
// hubspotutk cookie field: a visitor from an address that matches no
// account counts for the target account of the stored contact with that
// cookie; a range and reverse DNS take precedence over the cookie; an
// unknown cookie, the cookie of a non-target company's contact and a cookie
// shared by contacts of two accounts count for nobody; and no cookie value
// reaches Redis.
func TestTrafficCookieMatch(t *testing.T) {
	t.Parallel()
	w := setupTraffic(t)
	ctx := t.Context()

	at := w.now.Add(-time.Hour)
	var log strings.Builder
	log.WriteString(accessLine("203.0.113.5", at, "/pricing", utkTarget))               // cookie -> w.cookie
	log.WriteString(accessLine("203.0.113.5", at.Add(time.Minute), "/demo", utkTarget)) // same visit
	log.WriteString(accessLine("203.0.113.6", at, "/", utkUnknown))                     // nobody
	log.WriteString(accessLine("203.0.113.7", at, "/", utkNonTarget))                   // not a target
	log.WriteString(accessLine("203.0.113.8", at, "/", utkShared))                      // ambiguous
	log.WriteString(accessLine("203.0.113.9", at, "/", "-"))                            // no cookie
	log.WriteString(accessLine("198.51.100.7", at, "/careers", utkTarget))              // range wins
	log.WriteString(accessLine("192.0.2.10", at, "/blog", utkTarget))                   // reverse DNS wins
	res, err := w.svc.ImportAccessLog(ctx, strings.NewReader(log.String()))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{traffic.MatchCookie: 2, traffic.MatchCIDR: 1, traffic.MatchRDNS: 1}
	if res.Hits != 8 || res.Matched != 4 || !maps.Equal(res.MatchedBy, want) {
		t.Errorf("result %+v, want 8 hits, 4 matched by %v", res, want)
	}
	for acc, n := range map[string]int{w.cookie: 2, w.cidr: 1, w.rdns: 1, w.other: 0} {
		if got := w.views(t, acc); got != n {
			t.Errorf("account %s: %d page views, want %d", acc, got, n)
		}
	}

	// The tracker: a pixel hit with the cookie as cid, from an address that
	// matches nothing, counts for the contact's account once flushed.
	collector := w.svc.NewTrafficCollector(time.Hour)
	cctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { collector.Run(cctx); close(done) }()
	tracker := traffic.NewTracker(traffic.TrackerConfig{}, collector.Sink)
	for _, cid := range []string{utkTarget, utkUnknown, utkNonTarget} {
		req := httptest.NewRequest("GET", "/t.gif?u=https%3A%2F%2Fwww.example.com%2Fpricing&cid="+cid, nil)
		req.RemoteAddr = "203.0.113.50:40000"
		req.Header.Set("User-Agent", "Mozilla/5.0")
		rec := httptest.NewRecorder()
		tracker.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("pixel with cid %s: %d", cid, rec.Code)
		}
	}
	cancel()
	<-done
	if got := w.views(t, w.cookie); got != 3 {
		t.Errorf("account %s after the pixel: %d page views, want 3", w.cookie, got)
	}
	for _, acc := range []string{w.cidr, w.rdns, w.other} {
		if got := w.views(t, acc); got > 1 {
			t.Errorf("account %s got pixel hits of other cookies: %d page views", acc, got)
		}
	}

	assertNoCookieInRedis(t, w.rdb, w.prefix+":*", utkTarget, utkNonTarget, utkShared, utkUnknown)
}

// writeRDNSLog serves the reverse-DNS zone of a generated log from w.dns
// and returns the log: lines from forward-confirmed gateways of w.rdns,
// from PTR names under its domain that are not confirmed, from other zones,
// from addresses with no PTR (NXDOMAIN), from w.cidr's range and from
// w.cookie's contact, over more than 1,000 paths (so which paths an
// account-day keeps depends on the order of its hits), with gaps that
// sometimes end a visit.
func writeRDNSLog(w *trafficWorld, lines int) string {
	domain := w.domain(w.rdns)
	var gateways, others []string
	for i := range 160 {
		ip := fmt.Sprintf("192.0.2.%d", i+1)
		switch {
		case i < 40: // confirmed
			w.dns.PTR(ip, fmt.Sprintf("gw%d.%s", i, domain))
			w.dns.Host(fmt.Sprintf("gw%d.%s", i, domain), ip)
			gateways = append(gateways, ip)
			continue
		case i < 60: // the forward name points elsewhere
			w.dns.PTR(ip, fmt.Sprintf("spoof%d.%s", i, domain))
			w.dns.Host(fmt.Sprintf("spoof%d.%s", i, domain), "203.0.113.250")
		case i < 80: // another zone
			w.dns.PTR(ip, fmt.Sprintf("host%d.isp.example", i))
			w.dns.Host(fmt.Sprintf("host%d.isp.example", i), ip)
		}
		others = append(others, ip)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	at := w.now.Add(-10 * time.Hour)
	var b strings.Builder
	for range lines {
		var ip, cookie = "", "-"
		switch r := rng.IntN(10); {
		case r < 5:
			ip = gateways[rng.IntN(len(gateways))]
		case r < 6:
			ip = fmt.Sprintf("198.51.100.%d", 1+rng.IntN(20))
		case r < 7:
			ip, cookie = others[rng.IntN(len(others))], utkTarget
		default:
			ip = others[rng.IntN(len(others))]
		}
		at = at.Add(time.Duration(rng.IntN(10)) * time.Second)
		if rng.IntN(200) == 0 {
			at = at.Add(time.Hour) // everyone's visit ends
		}
		b.WriteString(accessLine(ip, at, fmt.Sprintf("/doc/%d", rng.IntN(3000)), cookie))
	}
	return b.String()
}

// ptrQueries counts the PTR queries per name in a slice of the fake DNS
// server's log.
func ptrQueries(log []string) map[string]int {
	n := map[string]int{}
	for _, q := range log {
		if name, ok := strings.CutPrefix(q, "TypePTR "); ok {
			n[name]++
		}
	}
	return n
}

// TestImportAccessLogConcurrentDNS imports one generated log with one
// reverse-DNS look-up at a time and with the default number in flight,
// against a fake DNS server that answers after a delay: the aggregates and
// counts are identical to each other and to matching hit by hit as the
// tracker does, and no address is asked for twice in an import.
func TestImportAccessLogConcurrentDNS(t *testing.T) {
	t.Parallel()
	w := setupTraffic(t)
	ctx := t.Context()
	log := writeRDNSLog(w, 6000)
	w.dns.SetDelay(time.Millisecond)

	// Hit by hit, as ImportAccessLog did before look-ups ran concurrently.
	matcher, _, err := w.svc.trafficMatcher(ctx)
	if err != nil {
		t.Fatal(err)
	}
	agg, err := traffic.NewAggregator(traffic.AggregatorConfig{Salt: daySalt})
	if err != nil {
		t.Fatal(err)
	}
	matchedBy := map[string]int{}
	if _, err := traffic.ReadAccessLog(strings.NewReader(log), func(h traffic.Hit) error {
		if id, how := matcher.match(ctx, h); id != "" {
			agg.Add(id, h)
			matchedBy[how]++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := agg.Snapshot()
	if matchedBy[traffic.MatchRDNS] == 0 || matchedBy[traffic.MatchCIDR] == 0 || matchedBy[traffic.MatchCookie] == 0 {
		t.Fatalf("the log does not exercise every kind of match: %v", matchedBy)
	}
	var overflow bool
	for _, d := range want {
		overflow = overflow || slices.ContainsFunc(d.TopPages, func(p crm.PageCount) bool { return p.Path == traffic.OtherPages })
	}
	if !overflow {
		t.Fatalf("no account-day exceeds the path limit: the order of hits is not exercised")
	}

	for _, lookups := range []int{1, 0} {
		t.Run(fmt.Sprintf("lookups=%d", lookups), func(t *testing.T) {
			before := len(w.dns.Log())
			res, days, err := w.svc.aggregateAccessLog(ctx, strings.NewReader(log), lookups)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(res.MatchedBy, matchedBy) || res.Days != len(want) {
				t.Errorf("result %+v, want matched by %v and %d account-days", res, matchedBy, len(want))
			}
			if !reflect.DeepEqual(days, want) {
				t.Errorf("aggregates differ from matching hit by hit:\n got %+v\nwant %+v", days, want)
			}
			asked := ptrQueries(w.dns.Log()[before:])
			if len(asked) != 160 {
				t.Errorf("PTR queries for %d addresses, want the 160 outside ranges", len(asked))
			}
			for name, n := range asked {
				if n > 1 {
					t.Errorf("%d PTR queries for %s in one import, want 1", n, name)
				}
			}
		})
	}
}

// TestImportAccessLogCancel cancels an import whose DNS server never
// answers: the import returns the context's error without waiting out the
// look-up timeout, and stores nothing.
func TestImportAccessLogCancel(t *testing.T) {
	t.Parallel()
	w := setupTraffic(t)
	log := writeRDNSLog(w, 2000)
	w.dns.SetDrop(true)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := w.svc.ImportAccessLog(ctx, strings.NewReader(log))
		done <- err
	}()
	for w.dns.Queries() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	cancelled := time.Now()
	select {
	case err := <-done:
		t.Logf("returned %v after cancel", time.Since(cancelled))
		if !errors.Is(err, context.Canceled) {
			t.Errorf("import after cancel: %v, want context.Canceled", err)
		}
	case <-time.After(3 * time.Second): // the look-up timeout
		t.Fatal("import still running 3 s after cancel")
	}
	for _, acc := range []string{w.rdns, w.cidr, w.cookie} {
		if n := w.views(t, acc); n != 0 {
			t.Errorf("account %s: %d page views stored by a cancelled import", acc, n)
		}
	}
}

// TestTrackerCollectorSilentDNS floods the tracker's collector with 12,000
// hits from distinct unmatched addresses while the DNS server reads every
// query and never answers, with 100 hits of a configured range and of a
// known cookie among them: every range and cookie hit is counted, the
// flood's hits are dropped and counted (no look-up slot free) rather than
// queued behind the resolver, and cancelling the collector ends its
// look-ups and returns.
func TestTrackerCollectorSilentDNS(t *testing.T) {
	w := setupTraffic(t)
	w.dns.SetDrop(true)
	collector := w.svc.NewTrafficCollector(time.Hour)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { collector.Run(ctx); close(done) }()

	hit := func(ip, cid string) traffic.Hit {
		return traffic.Hit{IP: netip.MustParseAddr(ip), Time: w.now, Method: "GET", Path: "/pricing",
			UserAgent: "Mozilla/5.0", Status: 200, CookieID: cid}
	}
	// A stalled collector leaves the queue full: give up after 30 s.
	stall := time.Now().Add(30 * time.Second)
	wait := func(queued int) {
		for len(collector.hits) > queued {
			if time.Now().After(stall) {
				t.Fatalf("the collector stalled with %d hits queued", len(collector.hits))
			}
			runtime.Gosched()
		}
	}
	legit := 0
	for i := range 12000 {
		collector.Sink(hit(fmt.Sprintf("10.%d.%d.%d", i>>16, (i>>8)&0xff, i&0xff), ""))
		if i%240 == 0 && legit < 50 {
			collector.Sink(hit(fmt.Sprintf("198.51.100.%d", 1+legit), ""))       // range
			collector.Sink(hit(fmt.Sprintf("203.0.113.%d", 1+legit), utkTarget)) // cookie
			legit++
		}
		// Keep the queue from overflowing, so that every drop counted is
		// one for want of a look-up slot.
		wait(5000)
	}
	wait(0)
	cancel()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the collector did not return within 30 s of cancel (waiting for DNS?)")
	}
	if got := w.views(t, w.cidr); got != 50 {
		t.Errorf("range hits counted: %d of 50", got)
	}
	if got := w.views(t, w.cookie); got != 50 {
		t.Errorf("cookie hits counted: %d of 50", got)
	}
	d := collector.Dropped()
	if d[DropQueueFull] != 0 || d[DropDNSBusy] < 12000-2*DefaultTrackerLookups {
		t.Errorf("dropped %v, want no queue_full and most of the 12,000 as dns_busy", d)
	}
	if got := d[DropDNSBusy] + d[DropShutdown]; got > 12000 {
		t.Errorf("dropped %d hits, more than the 12,000 unmatched ones", got)
	}
}
