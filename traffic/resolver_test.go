package traffic

import (
	"context"
	"net"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/internal/dnstest"
)

// setupDNS starts the fake DNS server with the zone of the tests below and
// a Matcher that reaches it through NewResolver, i.e. the real Go
// resolver over UDP (and TCP) on loopback.
func setupDNS(t *testing.T, cfg MatcherConfig) (*Matcher, *dnstest.Server) {
	t.Helper()
	dns := dnstest.Start(t)
	// pharma.com's gateway: PTR under the domain, forward-confirmed.
	dns.PTR("192.0.2.10", "gw1.pharma.com")
	dns.Host("gw1.pharma.com", "192.0.2.10", "192.0.2.99")
	dns.PTR("2001:db8::10", "gw6.PHARMA.com.")
	dns.Host("gw6.pharma.com", "2001:db8::10")
	// Spoofed: PTR claims pharma.com, but the name resolves elsewhere.
	dns.PTR("192.0.2.11", "gw2.pharma.com")
	dns.Host("gw2.pharma.com", "192.0.2.99")
	// Spoofed: PTR claims a pharma.com name that does not exist.
	dns.PTR("192.0.2.12", "ghost.pharma.com")
	// Look-alikes, forward-confirmed in their own zones.
	dns.PTR("192.0.2.13", "gw.evilpharma.com")
	dns.Host("gw.evilpharma.com", "192.0.2.13")
	dns.PTR("192.0.2.14", "pharma.com.evil.net")
	dns.Host("pharma.com.evil.net", "192.0.2.14")
	// The second name of several is the account's.
	dns.PTR("192.0.2.15", "unrelated.example.net", "proxy.pharma.com")
	dns.Host("proxy.pharma.com", "192.0.2.15")
	// 192.0.2.20 has no PTR: NXDOMAIN.
	m, err := NewMatcher([]Account{{ID: "pharma", Domains: []string{"pharma.com"}}}, NewResolver(dns.Addr()), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m, dns
}

func TestMatchReverseDNSServer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, ip, want string
		// forward is the name whose A query proves the PTR answer arrived
		// (a negative result must not come from an unreachable server).
		forward string
	}{
		{"forward-confirmed PTR under the domain", "192.0.2.10", "pharma", "gw1.pharma.com."},
		{"forward-confirmed IPv6 PTR, name case ignored", "2001:db8::10", "pharma", "gw6.pharma.com."},
		{"second PTR name confirmed", "192.0.2.15", "pharma", "proxy.pharma.com."},
		{"spoofed PTR: forward lookup gives another address", "192.0.2.11", "", "gw2.pharma.com."},
		{"spoofed PTR: forward name does not exist", "192.0.2.12", "", "ghost.pharma.com."},
		{"look-alike domain evilpharma.com", "192.0.2.13", "", ""},
		{"look-alike domain pharma.com.evil.net", "192.0.2.14", "", ""},
		{"NXDOMAIN", "192.0.2.20", "", ""},
	}
	m, dns := setupDNS(t, MatcherConfig{LookupTimeout: 5 * time.Second})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ip := netip.MustParseAddr(tt.ip)
			id, how := m.Match(t.Context(), ip, "")
			if id != tt.want {
				t.Fatalf("Match(%s) = %q (%s), want %q; queries %v", tt.ip, id, how, tt.want, dns.Log())
			}
			if id != "" && how != MatchRDNS {
				t.Errorf("Match(%s) how = %q, want %q", tt.ip, how, MatchRDNS)
			}
			log := dns.Log()
			if !slices.Contains(log, "TypePTR "+dnstest.ReverseName(ip)) {
				t.Errorf("no PTR query for %s reached the server: %v", tt.ip, log)
			}
			if tt.forward != "" && !slices.Contains(log, "TypeA "+tt.forward) {
				t.Errorf("no forward query for %s: %v", tt.forward, log)
			}
			// Look-alike names are never looked up forward: not ours.
			for _, q := range log {
				if strings.Contains(q, "evil") && !strings.HasPrefix(q, "TypePTR") {
					t.Errorf("look-alike name looked up: %s", q)
				}
			}
			// A repeat visitor is answered from the cache, match or not.
			before := dns.Queries()
			if again, _ := m.Match(t.Context(), ip, ""); again != id {
				t.Errorf("second Match(%s) = %q, want %q", tt.ip, again, id)
			}
			if n := dns.Queries() - before; n != 0 {
				t.Errorf("repeat visitor %s cost %d DNS queries, want 0 (cached)", tt.ip, n)
			}
		})
	}
}

// TestMatchReverseDNSTimeout: a DNS server that never answers costs at
// most LookupTimeout, gives no match, and the failure is cached so the
// next hit from the address does not wait again.
func TestMatchReverseDNSTimeout(t *testing.T) {
	t.Parallel()
	m, dns := setupDNS(t, MatcherConfig{LookupTimeout: 300 * time.Millisecond})
	dns.SetDrop(true)
	ip := netip.MustParseAddr("192.0.2.10") // would match if answered
	done := make(chan string, 1)
	go func() { id, _ := m.Match(context.Background(), ip, ""); done <- id }()
	select {
	case id := <-done:
		if id != "" {
			t.Fatalf("Match with a silent DNS server = %q, want no match", id)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Match hangs on a silent DNS server")
	}
	if dns.Queries() == 0 {
		t.Fatal("the resolver never reached the fake server")
	}
	before := dns.Queries()
	if id, _ := m.Match(context.Background(), ip, ""); id != "" || dns.Queries() != before {
		t.Errorf("after a timeout: Match = %q with %d new queries, want no match from the error cache", id, dns.Queries()-before)
	}
	// A caller's own deadline is honoured too.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if id, _ := m.Match(ctx, netip.MustParseAddr("192.0.2.15"), "cookie-account"); id != "cookie-account" {
		t.Errorf("timed-out reverse DNS then cookie = %q, want the cookie's account", id)
	}
}

// TestMatchReverseDNSCancel: cancelling the caller's context ends a
// look-up at a silent server at once, not after LookupTimeout, and caches
// nothing.
func TestMatchReverseDNSCancel(t *testing.T) {
	t.Parallel()
	m, dns := setupDNS(t, MatcherConfig{LookupTimeout: time.Minute})
	dns.SetDrop(true)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan string, 1)
	go func() { id, _ := m.Match(ctx, netip.MustParseAddr("192.0.2.10"), ""); done <- id }()
	for dns.Queries() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case id := <-done:
		if id != "" {
			t.Errorf("cancelled Match = %q, want no match", id)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("cancelled Match still waits for the silent server")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if n := m.cache.len(); n != 0 {
		t.Errorf("%d answers cached after a cancelled look-up, want none", n)
	}
}

// TestMatchReverseDNSOverTCP: truncated UDP answers make the resolver ask
// again over TCP, and the match still holds.
func TestMatchReverseDNSOverTCP(t *testing.T) {
	t.Parallel()
	m, dns := setupDNS(t, MatcherConfig{LookupTimeout: 5 * time.Second})
	dns.SetTruncate(true)
	if id, _ := m.Match(t.Context(), netip.MustParseAddr("192.0.2.10"), ""); id != "pharma" {
		t.Fatalf("Match over TCP = %q, want pharma; queries %v", id, dns.Log())
	}
	if dns.TCPQueries() == 0 {
		t.Error("no query came over TCP after truncated UDP answers")
	}
}

func TestNewResolverDefault(t *testing.T) {
	t.Parallel()
	if NewResolver("") != net.DefaultResolver {
		t.Error(`NewResolver("") is not the system resolver`)
	}
	if r := NewResolver("127.0.0.1:5353"); !r.PreferGo || r.Dial == nil {
		t.Error("NewResolver(server) does not use Go's resolver with its own dialer")
	}
}
