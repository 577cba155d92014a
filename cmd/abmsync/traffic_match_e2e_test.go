package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/internal/dnstest"
	"github.com/abmsync/abmsync/internal/redistest"
)

// TestImportAccessLogDNSAndCookie runs "abmsync import access-log" against
// a daemon synced from the fake HubSpot portal, with traffic.dns_server
// pointing at a local fake DNS server: a visitor whose gateway has a
// forward-confirmed PTR under a target account's domain counts for it, a
// spoofed PTR does not, a visitor from an unmatched address whose cookie
// field is the hubspotutk of a target account's contact counts for that
// account, an unknown cookie counts for nobody; the counts reach HubSpot,
// and the cookie value is stored nowhere in Redis.
func TestImportAccessLogDNSAndCookie(t *testing.T) {
	const db = 14
	const utk = "e1d2c3b4a5968778695a4b3c2d1e0f01"
	dns := dnstest.Start(t)
	portal, env := hubspotEnv(t, db, hubspottest.GenOptions{Companies: 6, Contacts: 30, Deals: 2, TargetShare: 0.5, Seed: 5, Now: time.Now()},
		fmt.Sprintf("traffic:\n  reverse_dns: true\n  dns_server: %q\n", dns.Addr()))
	var targets []string
	for _, id := range portal.IDs("companies") {
		if portal.Company(id)["hs_is_target_account"] == "true" && len(portal.Associations("companies", id, "contacts")) > 0 {
			targets = append(targets, id)
		}
	}
	if len(targets) < 2 {
		t.Fatalf("portal has %d target accounts with contacts, want 2", len(targets))
	}
	byCookie, byDNS := targets[0], targets[1]
	portal.Update("contacts", portal.Associations("companies", byCookie, "contacts")[0], map[string]string{"hubspotutk": utk})
	domain := portal.Company(byDNS)["domain"]
	dns.PTR("192.0.2.10", "gw."+domain)
	dns.Host("gw."+domain, "192.0.2.10")
	dns.PTR("192.0.2.11", "spoof."+domain) // forward points elsewhere
	dns.Host("spoof."+domain, "192.0.2.99")

	startServe(t, env)
	resyncWait(t, env)

	var log strings.Builder
	at := time.Now().UTC().Add(-time.Hour)
	line := func(ip string, at time.Time, path, cookie string) {
		fmt.Fprintf(&log, "%s - - [%s] \"GET %s HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\" \"%s\"\n", ip, at.Format("02/Jan/2006:15:04:05 -0700"), path, cookie)
	}
	line("203.0.113.5", at, "/pricing", utk)
	line("203.0.113.5", at.Add(time.Minute), "/demo", utk)
	line("203.0.113.6", at, "/", "ffffffffffffffffffffffffffffffff")
	line("192.0.2.10", at, "/careers", "-")
	line("192.0.2.11", at, "/", "-")
	logFile := filepath.Join(t.TempDir(), "access.log")
	if err := os.WriteFile(logFile, []byte(log.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"import", "access-log", logFile}, envFunc(env), &out, &out); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "5 lines, 5 page views, 3 from target accounts") || !strings.Contains(out.String(), "matched by: cookie 2, rdns 1") {
		t.Errorf("import summary: %s", out.String())
	}
	if dns.Queries() == 0 {
		t.Error("no query reached the fake DNS server")
	}

	resyncWait(t, env)
	for _, id := range portal.IDs("companies") {
		want := map[string]string{byCookie: "2", byDNS: "1"}[id]
		if got := portal.Company(id)["abm_pageviews_30d"]; got != want {
			t.Errorf("company %s: abm_pageviews_30d = %q, want %q", id, got, want)
		}
	}

	rdb := redistest.Client(t, db, false)
	keys := redistest.Scan(t, rdb, "*")
	if len(keys) == 0 {
		t.Fatal("no keys in the test database")
	}
	for k, vals := range keys {
		for _, v := range append(vals, k) {
			if strings.Contains(strings.ToLower(v), utk) {
				t.Errorf("Redis key %s holds the hubspotutk value", k)
			}
		}
	}
}
