package traffic

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/netip"
	"sort"
	"strings"
	"sync"
	"time"
)

// How an IP address was matched to an account, as returned by Matcher.Match.
const (
	MatchCIDR   = "cidr"   // the address is in one of the account's ranges
	MatchRDNS   = "rdns"   // forward-confirmed PTR name under the account's domain
	MatchCookie = "cookie" // the caller's cookie mapping
)

// Account is a target account as the matcher sees it.
type Account struct {
	// ID is the account's identifier (for example the CRM company id).
	ID string
	// CIDRs are the account's address ranges.
	CIDRs []netip.Prefix
	// Domains are the account's DNS domains; a PTR name equal to one of them
	// or under it (label boundary) belongs to the account.
	Domains []string
}

// Resolver is the DNS the Matcher needs. *net.Resolver satisfies it.
type Resolver interface {
	LookupAddr(ctx context.Context, addr string) ([]string, error)
	LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error)
}

var _ Resolver = (*net.Resolver)(nil)

// MatcherConfig tunes a Matcher; zero values take the defaults.
type MatcherConfig struct {
	// CacheSize bounds the reverse-DNS cache (entries, LRU). Default 65536.
	CacheSize int
	// CacheTTL is how long a reverse-DNS answer is reused. Default 1 hour.
	CacheTTL time.Duration
	// ErrorTTL is how long a failed lookup is remembered, so a DNS outage does
	// not cost a timeout per hit. Default 5 minutes.
	ErrorTTL time.Duration
	// LookupTimeout bounds the reverse plus forward lookups for one address.
	// Default 3 seconds.
	LookupTimeout time.Duration
	// MaxNames caps the PTR names checked per address. Default 4.
	MaxNames int
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Matcher attributes client addresses to accounts. It is safe for concurrent
// use; concurrent lookups of the same address share one DNS query.
type Matcher struct {
	cfg      MatcherConfig
	res      Resolver
	prefixes []acctPrefix      // longest prefix first
	domains  map[string]string // lower-case domain -> account ID
	*rdnsCache
}

// rdnsCache holds reverse-DNS answers and the look-ups in flight, keyed by
// cacheKey. It is its own value so that a Matcher rebuilt over the same
// domains can keep it (ShareCache).
type rdnsCache struct {
	mu       sync.Mutex // guards everything below
	cache    *lru[netip.Addr, rdnsEntry]
	inflight map[netip.Addr]*rdnsCall
	lookups  int // DNS reverse lookups made, for tests
}

// cacheKey is the address an answer is cached under: the address itself for
// IPv4, its /64 for IPv6. One IPv6 subscriber owns a whole /64 (the
// tracker's rate limiter treats it as one client too), so a visitor rotating
// through its /64 costs one look-up, not one per address.
func cacheKey(ip netip.Addr) netip.Addr {
	if ip.Is6() {
		return netip.PrefixFrom(ip, 64).Masked().Addr()
	}
	return ip
}

type acctPrefix struct {
	p  netip.Prefix
	id string
}

type rdnsEntry struct {
	account string
	expires time.Time
}

type rdnsCall struct {
	done    chan struct{}
	account string
}

// NewMatcher builds a Matcher. res may be nil to disable reverse DNS. The
// error names the account and field at fault: an empty or duplicate ID, an
// invalid prefix, an empty domain, or a domain claimed by two accounts.
func NewMatcher(accounts []Account, res Resolver, cfg MatcherConfig) (*Matcher, error) {
	if cfg.CacheSize <= 0 {
		cfg.CacheSize = 1 << 16
	}
	if cfg.CacheTTL <= 0 {
		cfg.CacheTTL = time.Hour
	}
	if cfg.ErrorTTL <= 0 {
		cfg.ErrorTTL = 5 * time.Minute
	}
	if cfg.LookupTimeout <= 0 {
		cfg.LookupTimeout = 3 * time.Second
	}
	if cfg.MaxNames <= 0 {
		cfg.MaxNames = 4
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	m := &Matcher{
		cfg:     cfg,
		res:     res,
		domains: make(map[string]string),
		rdnsCache: &rdnsCache{
			cache:    newLRU[netip.Addr, rdnsEntry](cfg.CacheSize),
			inflight: make(map[netip.Addr]*rdnsCall),
		},
	}
	seen := make(map[string]bool)
	for i, a := range accounts {
		if a.ID == "" {
			return nil, fmt.Errorf("traffic: accounts[%d]: empty id", i)
		}
		if seen[a.ID] {
			return nil, fmt.Errorf("traffic: account %q: duplicate id", a.ID)
		}
		seen[a.ID] = true
		for _, p := range a.CIDRs {
			if !p.IsValid() {
				return nil, fmt.Errorf("traffic: account %q: invalid cidr", a.ID)
			}
			if p.Addr().Is4In6() {
				p = netip.PrefixFrom(p.Addr().Unmap(), max(p.Bits()-96, 0))
			}
			m.prefixes = append(m.prefixes, acctPrefix{p.Masked(), a.ID})
		}
		for _, d := range a.Domains {
			d = normName(d)
			if d == "" || !strings.Contains(d, ".") {
				return nil, fmt.Errorf("traffic: account %q: domain %q: not a domain name", a.ID, d)
			}
			if other, ok := m.domains[d]; ok && other != a.ID {
				return nil, fmt.Errorf("traffic: account %q: domain %q already belongs to account %q", a.ID, d, other)
			}
			m.domains[d] = a.ID
		}
	}
	sort.SliceStable(m.prefixes, func(i, j int) bool { return m.prefixes[i].p.Bits() > m.prefixes[j].p.Bits() })
	return m, nil
}

func normName(s string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), "."))
}

// Match returns the account ip belongs to and how it was matched (MatchCIDR,
// MatchRDNS or MatchCookie), or "", "" when none applies. Order: configured
// ranges (longest prefix wins), then reverse DNS, then cookieAccount — the
// account the caller mapped the visitor's cookie to, "" if none. Reverse DNS
// results, including failures, are cached per IPv4 address and per IPv6
// /64; DNS errors are treated as no match. It blocks for at most MatcherConfig.LookupTimeout on a
// cache miss, or until ctx is done.
func (m *Matcher) Match(ctx context.Context, ip netip.Addr, cookieAccount string) (accountID, how string) {
	if ip.IsValid() {
		ip = ip.WithZone("").Unmap()
		if id := m.byRange(ip); id != "" {
			return id, MatchCIDR
		}
		if m.reverseDNS() {
			if id := m.rdns(ctx, ip); id != "" {
				return id, MatchRDNS
			}
		}
	}
	if cookieAccount != "" {
		return cookieAccount, MatchCookie
	}
	return "", ""
}

// MatchNow is Match without waiting for DNS: configured ranges, then a
// cached reverse-DNS answer, then cookieAccount. needDNS reports that
// nothing matched and reverse DNS could still match: the address' answer is
// not cached yet, and Resolve would ask. A cookie match is returned at once
// even when reverse DNS has not been asked, so a cookie never waits for a
// resolver.
func (m *Matcher) MatchNow(ip netip.Addr, cookieAccount string) (accountID, how string, needDNS bool) {
	if ip.IsValid() {
		ip = ip.WithZone("").Unmap()
		if id := m.byRange(ip); id != "" {
			return id, MatchCIDR, false
		}
		if m.reverseDNS() {
			id, ok := m.cachedAt(ip)
			if id != "" {
				return id, MatchRDNS, false
			}
			needDNS = !ok
		}
	}
	if cookieAccount != "" {
		return cookieAccount, MatchCookie, false
	}
	return "", "", needDNS
}

// Resolve returns the account ip belongs to by forward-confirmed reverse DNS
// alone, "" if none, as Match does after the ranges: cached, shared with a
// look-up of the same address in flight, bounded by LookupTimeout and ended
// by ctx. It blocks; "" for a nil resolver or no domains.
func (m *Matcher) Resolve(ctx context.Context, ip netip.Addr) string {
	if !ip.IsValid() || !m.reverseDNS() {
		return ""
	}
	return m.rdns(ctx, ip.WithZone("").Unmap())
}

// ShareCache makes m use prev's reverse-DNS cache (and look-ups in flight)
// when both match the same domains to the same accounts, so rebuilding a
// Matcher for a changed account list does not forget every answer. It
// reports whether it did; with other domains the cached account IDs could
// be wrong, and m keeps its own cache.
func (m *Matcher) ShareCache(prev *Matcher) bool {
	if prev == nil || prev == m || !maps.Equal(m.domains, prev.domains) || m.cfg.MaxNames != prev.cfg.MaxNames {
		return false
	}
	m.rdnsCache = prev.rdnsCache
	return true
}

// cachedAt is cached under the lock, with the Matcher's clock.
func (m *Matcher) cachedAt(ip netip.Addr) (string, bool) {
	now := m.cfg.Now()
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.cached(ip, now)
}

// byRange returns the account whose range (longest prefix first) holds the
// normalised address ip, "" if none.
func (m *Matcher) byRange(ip netip.Addr) string {
	for _, ap := range m.prefixes {
		if ap.p.Contains(ip) {
			return ap.id
		}
	}
	return ""
}

// reverseDNS reports whether reverse DNS can match anything at all.
func (m *Matcher) reverseDNS() bool { return m.res != nil && len(m.domains) > 0 }

// cached returns the unexpired cached reverse-DNS answer for ip ("" for a
// failure or no account) and whether there is one. The caller holds m.mu.
func (m *Matcher) cached(ip netip.Addr, now time.Time) (string, bool) {
	if e, ok := m.cache.get(cacheKey(ip)); ok && now.Before(e.expires) {
		return e.account, true
	}
	return "", false
}

func (m *Matcher) rdns(ctx context.Context, ip netip.Addr) string {
	now := m.cfg.Now()
	key := cacheKey(ip)
	m.mu.Lock()
	if id, ok := m.cached(ip, now); ok {
		m.mu.Unlock()
		return id
	}
	if c, ok := m.inflight[key]; ok {
		m.mu.Unlock()
		select {
		case <-c.done:
			return c.account
		case <-ctx.Done():
			return ""
		}
	}
	c := &rdnsCall{done: make(chan struct{})}
	m.inflight[key] = c
	m.lookups++
	m.mu.Unlock()

	lctx, cancel := context.WithTimeout(ctx, m.cfg.LookupTimeout)
	id, err := m.lookup(lctx, ip)
	cancel()

	ttl := m.cfg.CacheTTL
	if err != nil {
		ttl = m.cfg.ErrorTTL
		id = ""
	}
	c.account = id
	m.mu.Lock()
	delete(m.inflight, key)
	// A cancelled caller says nothing about the address; don't cache it.
	if ctx.Err() == nil {
		m.cache.put(key, rdnsEntry{account: id, expires: now.Add(ttl)})
	}
	m.mu.Unlock()
	close(c.done)
	return id
}

// lookup does the PTR query and forward-confirms each candidate name. A
// not-found answer is a definite "no account" (nil error).
func (m *Matcher) lookup(ctx context.Context, ip netip.Addr) (string, error) {
	names, err := m.res.LookupAddr(ctx, ip.String())
	if err != nil && !isNotFound(err) {
		return "", err
	}
	if len(names) > m.cfg.MaxNames {
		names = names[:m.cfg.MaxNames]
	}
	for _, name := range names {
		id := m.accountForName(name)
		if id == "" {
			continue
		}
		addrs, err := m.res.LookupIPAddr(ctx, name)
		if err != nil {
			if isNotFound(err) {
				continue
			}
			return "", err
		}
		for _, a := range addrs {
			fa, ok := netip.AddrFromSlice(a.IP)
			if ok && fa.Unmap() == ip {
				return id, nil
			}
		}
	}
	return "", nil
}

func isNotFound(err error) bool {
	var de *net.DNSError
	return errors.As(err, &de) && de.IsNotFound
}

// accountForName finds the most specific configured domain that name equals
// or lies under, walking label boundaries so "evilalpenpharma.example" never
// matches "alpenpharma.example".
func (m *Matcher) accountForName(name string) string {
	name = normName(name)
	for name != "" {
		if id, ok := m.domains[name]; ok {
			return id
		}
		i := strings.IndexByte(name, '.')
		if i < 0 {
			break
		}
		name = name[i+1:]
	}
	return ""
}
