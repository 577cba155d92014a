package traffic

import (
	"context"
	"net"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeDNS is an in-memory Resolver; unknown names and addresses are
// NXDOMAIN, entries in fail return a temporary error.
type fakeDNS struct {
	ptr     map[string][]string // ip -> names
	a       map[string][]string // lower-case name without dot -> ips
	fail    map[string]bool
	reverse atomic.Int64
	forward atomic.Int64
}

func (f *fakeDNS) LookupAddr(_ context.Context, addr string) ([]string, error) {
	f.reverse.Add(1)
	if f.fail[addr] {
		return nil, &net.DNSError{Err: "server misbehaving", Name: addr, IsTemporary: true}
	}
	if names, ok := f.ptr[addr]; ok {
		return names, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: addr, IsNotFound: true}
}

func (f *fakeDNS) LookupIPAddr(_ context.Context, host string) ([]net.IPAddr, error) {
	f.forward.Add(1)
	var out []net.IPAddr
	for _, s := range f.a[strings.ToLower(strings.TrimSuffix(host, "."))] {
		out = append(out, net.IPAddr{IP: net.ParseIP(s)})
	}
	if len(out) == 0 {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return out, nil
}

func testAccounts() []Account {
	return []Account{
		{ID: "alpen", CIDRs: []netip.Prefix{netip.MustParsePrefix("198.51.100.0/24")}, Domains: []string{"AlpenPharma.example."}},
		{ID: "alpen-lab", CIDRs: []netip.Prefix{netip.MustParsePrefix("198.51.100.128/25")}},
		{ID: "biotech", Domains: []string{"biotech.example", "eu.alpenpharma.example"}},
		{ID: "v6corp", CIDRs: []netip.Prefix{netip.MustParsePrefix("2001:db8:aa::/48")}},
	}
}

func setupMatcher(t *testing.T) (*Matcher, *fakeDNS) {
	t.Helper()
	dns := &fakeDNS{
		ptr: map[string][]string{
			"203.0.113.10":   {"gw1.AlpenPharma.Example."},       // confirmed
			"203.0.113.11":   {"gw2.alpenpharma.example."},       // forward points elsewhere
			"203.0.113.12":   {"host.evilalpenpharma.example."},  // lookalike
			"203.0.113.13":   {"alpenpharma.example.evil.test."}, // suffix trick
			"203.0.113.14":   {"x.eu.alpenpharma.example."},      // more specific domain
			"203.0.113.15":   {"unrelated.test.", "proxy.biotech.example."},
			"2001:db8:bb::1": {"v6.biotech.example."},
		},
		a: map[string][]string{
			"gw1.alpenpharma.example":       {"192.0.2.99", "203.0.113.10"},
			"gw2.alpenpharma.example":       {"192.0.2.99"},
			"host.evilalpenpharma.example":  {"203.0.113.12"},
			"alpenpharma.example.evil.test": {"203.0.113.13"},
			"x.eu.alpenpharma.example":      {"203.0.113.14"},
			"proxy.biotech.example":         {"203.0.113.15"},
			"v6.biotech.example":            {"2001:db8:bb::1"},
		},
		fail: map[string]bool{"203.0.113.66": true},
	}
	m, err := NewMatcher(testAccounts(), dns, MatcherConfig{})
	if err != nil {
		t.Fatal(err)
	}
	return m, dns
}

func TestMatcherMatch(t *testing.T) {
	t.Parallel()
	m, _ := setupMatcher(t)
	tests := []struct {
		name, ip, cookie string
		wantID, wantHow  string
	}{
		{"cidr", "198.51.100.7", "", "alpen", MatchCIDR},
		{"longest prefix wins", "198.51.100.200", "", "alpen-lab", MatchCIDR},
		{"cidr beats cookie", "198.51.100.7", "biotech", "alpen", MatchCIDR},
		{"ipv4-mapped", "::ffff:198.51.100.7", "", "alpen", MatchCIDR},
		{"ipv6 cidr", "2001:db8:aa:1::5", "", "v6corp", MatchCIDR},
		{"forward-confirmed ptr, case and dot", "203.0.113.10", "", "alpen", MatchRDNS},
		{"ptr not confirmed", "203.0.113.11", "", "", ""},
		{"ptr not confirmed falls back to cookie", "203.0.113.11", "biotech", "biotech", MatchCookie},
		{"lookalike domain", "203.0.113.12", "", "", ""},
		{"domain as prefix of other zone", "203.0.113.13", "", "", ""},
		{"most specific domain", "203.0.113.14", "", "biotech", MatchRDNS},
		{"second ptr name", "203.0.113.15", "", "biotech", MatchRDNS},
		{"ipv6 ptr", "2001:db8:bb::1", "", "biotech", MatchRDNS},
		{"no ptr, cookie", "192.0.2.1", "alpen", "alpen", MatchCookie},
		{"nothing", "192.0.2.1", "", "", ""},
		{"dns failure is no match", "203.0.113.66", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			id, how := m.Match(context.Background(), netip.MustParseAddr(tt.ip), tt.cookie)
			if id != tt.wantID || how != tt.wantHow {
				t.Errorf("Match(%s, %q) = %q, %q; want %q, %q", tt.ip, tt.cookie, id, how, tt.wantID, tt.wantHow)
			}
		})
	}
}

func TestMatcherCachesPerIP(t *testing.T) {
	t.Parallel()
	m, dns := setupMatcher(t)
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	m.cfg.Now = func() time.Time { return now }
	ctx := context.Background()
	for range 100 {
		m.Match(ctx, netip.MustParseAddr("203.0.113.10"), "")
		m.Match(ctx, netip.MustParseAddr("192.0.2.1"), "")    // negative answer cached too
		m.Match(ctx, netip.MustParseAddr("203.0.113.66"), "") // so is a failure
	}
	if got := dns.reverse.Load(); got != 3 {
		t.Errorf("reverse lookups = %d, want 3", got)
	}
	now = now.Add(10 * time.Minute) // past ErrorTTL, within CacheTTL
	m.Match(ctx, netip.MustParseAddr("203.0.113.10"), "")
	m.Match(ctx, netip.MustParseAddr("203.0.113.66"), "")
	if got := dns.reverse.Load(); got != 4 {
		t.Errorf("reverse lookups after 10m = %d, want 4", got)
	}
	now = now.Add(2 * time.Hour)
	if id, _ := m.Match(ctx, netip.MustParseAddr("203.0.113.10"), ""); id != "alpen" || dns.reverse.Load() != 5 {
		t.Errorf("after TTL: id %q, lookups %d", id, dns.reverse.Load())
	}
}

func TestMatcherCacheBounded(t *testing.T) {
	t.Parallel()
	dns := &fakeDNS{}
	m, err := NewMatcher(testAccounts(), dns, MatcherConfig{CacheSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 1000 {
		m.Match(context.Background(), netip.AddrFrom4([4]byte{10, 0, byte(i >> 8), byte(i)}), "")
	}
	if m.cache.len() != 10 {
		t.Errorf("cache len = %d, want 10", m.cache.len())
	}
}

// slowDNS blocks reverse lookups until release is closed.
type slowDNS struct {
	fakeDNS
	release chan struct{}
}

func (s *slowDNS) LookupAddr(ctx context.Context, addr string) ([]string, error) {
	<-s.release
	return s.fakeDNS.LookupAddr(ctx, addr)
}

func TestMatcherConcurrentLookupsShared(t *testing.T) {
	t.Parallel()
	base, _ := setupMatcher(t)
	dns := &slowDNS{release: make(chan struct{})}
	dns.ptr, dns.a = map[string][]string{"203.0.113.10": {"gw1.alpenpharma.example"}}, map[string][]string{"gw1.alpenpharma.example": {"203.0.113.10"}}
	m, _ := NewMatcher(testAccounts(), dns, base.cfg)
	var wg sync.WaitGroup
	var ok atomic.Int64
	for range 20 {
		wg.Go(func() {
			if id, _ := m.Match(context.Background(), netip.MustParseAddr("203.0.113.10"), ""); id == "alpen" {
				ok.Add(1)
			}
		})
	}
	time.Sleep(20 * time.Millisecond)
	close(dns.release)
	wg.Wait()
	if ok.Load() != 20 || dns.reverse.Load() != 1 {
		t.Errorf("matched %d/20 with %d lookups, want 20 with 1", ok.Load(), dns.reverse.Load())
	}
}

func TestNewMatcherErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		accounts []Account
		want     string
	}{
		{"empty id", []Account{{}}, "accounts[0]: empty id"},
		{"duplicate", []Account{{ID: "a"}, {ID: "a"}}, `account "a": duplicate id`},
		{"bad prefix", []Account{{ID: "a", CIDRs: []netip.Prefix{{}}}}, "invalid cidr"},
		{"bad domain", []Account{{ID: "a", Domains: []string{"localhost"}}}, "not a domain"},
		{"shared domain", []Account{{ID: "a", Domains: []string{"x.example"}}, {ID: "b", Domains: []string{"X.example."}}}, `already belongs to account "a"`},
	}
	for _, tt := range tests {
		_, err := NewMatcher(tt.accounts, nil, MatcherConfig{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestMatcherNilResolverAndCancelledContext(t *testing.T) {
	t.Parallel()
	m, err := NewMatcher(testAccounts(), nil, MatcherConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if id, how := m.Match(context.Background(), netip.MustParseAddr("203.0.113.10"), ""); id != "" || how != "" {
		t.Errorf("nil resolver matched %q %q", id, how)
	}
	m2, dns := setupMatcher(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m2.Match(ctx, netip.MustParseAddr("203.0.113.10"), "")
	if id, _ := m2.Match(context.Background(), netip.MustParseAddr("203.0.113.10"), ""); id != "alpen" {
		t.Errorf("a cancelled lookup poisoned the cache: %q (lookups %d)", id, dns.reverse.Load())
	}
}

func TestMatcherCachesPerIPv6Slash64(t *testing.T) {
	t.Parallel()
	m, dns := setupMatcher(t)
	ctx := context.Background()
	// A visitor rotating through its /64 costs one look-up, and the answer
	// holds for the whole /64; another /64 is asked on its own.
	for i := range 50 {
		ip := netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, 0, 0xbb, 0, 0, 0, 0, 0, 0, 0, 0, 0, byte(i + 1)})
		if id, how := m.Match(ctx, ip, ""); i == 0 && (id != "biotech" || how != MatchRDNS) {
			t.Fatalf("first address: %q %q", id, how)
		}
	}
	if id, _ := m.Match(ctx, netip.MustParseAddr("2001:db8:bb::ffff:1"), ""); id != "biotech" {
		t.Errorf("same /64 answered %q, want the cached biotech", id)
	}
	m.Match(ctx, netip.MustParseAddr("2001:db8:bb:1::1"), "")
	if got := dns.reverse.Load(); got != 2 {
		t.Errorf("reverse lookups = %d, want 2 (one per /64)", got)
	}
}

func TestMatchNowNeverAsks(t *testing.T) {
	t.Parallel()
	m, dns := setupMatcher(t)
	tests := []struct {
		ip, cookie    string
		id, how       string
		needDNS, warm bool
	}{
		{"198.51.100.7", "", "alpen", MatchCIDR, false, false},
		{"192.0.2.1", "biotech", "biotech", MatchCookie, false, false},
		{"192.0.2.1", "", "", "", true, false},
		{"203.0.113.10", "", "alpen", MatchRDNS, false, true},
		{"203.0.113.12", "", "", "", false, true}, // cached: no account
		{"203.0.113.12", "biotech", "biotech", MatchCookie, false, true},
	}
	for _, tt := range tests {
		ip := netip.MustParseAddr(tt.ip)
		if tt.warm {
			m.Resolve(context.Background(), ip)
		}
		before := dns.reverse.Load()
		id, how, need := m.MatchNow(ip, tt.cookie)
		if id != tt.id || how != tt.how || need != tt.needDNS {
			t.Errorf("MatchNow(%s, %q) = %q %q %v, want %q %q %v", tt.ip, tt.cookie, id, how, need, tt.id, tt.how, tt.needDNS)
		}
		if dns.reverse.Load() != before {
			t.Errorf("MatchNow(%s) asked DNS", tt.ip)
		}
	}
}

func TestMatcherShareCache(t *testing.T) {
	t.Parallel()
	m1, dns := setupMatcher(t)
	m1.Match(context.Background(), netip.MustParseAddr("203.0.113.10"), "")
	same, _ := NewMatcher(testAccounts(), dns, MatcherConfig{})
	if !same.ShareCache(m1) {
		t.Fatal("ShareCache refused a Matcher over the same domains")
	}
	if id, how, _ := same.MatchNow(netip.MustParseAddr("203.0.113.10"), ""); id != "alpen" || how != MatchRDNS {
		t.Errorf("shared cache: %q %q", id, how)
	}
	other := testAccounts()
	other[2].Domains = []string{"biotech.example"}
	diff, _ := NewMatcher(other, dns, MatcherConfig{})
	if diff.ShareCache(m1) {
		t.Error("ShareCache shared answers across different domains")
	}
}
