package campaign

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"maps"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/fingerprint"
	"github.com/abmsync/abmsync/keycontacts/merge"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/traffic"
)

// TrafficSettings maps visitor addresses to accounts.
type TrafficSettings struct {
	// CIDRs are configured address ranges by company id.
	CIDRs map[string][]netip.Prefix
	// Resolver does reverse DNS; nil disables it.
	Resolver traffic.Resolver
	// DNSLookups bounds the reverse-DNS look-ups in flight during an
	// access-log import (0: traffic.DefaultLookups) and in the tracker's
	// collector (0: DefaultTrackerLookups).
	DNSLookups int
}

// AccessLogResult reports an access-log import.
type AccessLogResult struct {
	Lines    int `json:"lines"`
	Hits     int `json:"hits"`
	Matched  int `json:"matched"`
	Bad      int `json:"bad"`
	Accounts int `json:"accounts"`
	Days     int `json:"account_days"`
	// MatchedBy splits Matched by how the visitor was attributed
	// (traffic.MatchCIDR, MatchRDNS, MatchCookie).
	MatchedBy map[string]int `json:"matched_by,omitempty"`
}

// daySalt keys the visitor hashes of one process and day; it is never
// stored, so hashes cannot be linked across days or reversed.
var daySalt = func() func(time.Time) []byte {
	var secret [32]byte
	_, _ = rand.Read(secret[:])
	return func(day time.Time) []byte {
		m := hmac.New(sha256.New, secret[:])
		m.Write([]byte(day.UTC().Format(time.DateOnly)))
		return m.Sum(nil)
	}
}()

// ImportAccessLog streams a web-server access log in the combined format,
// matches each page view to a target account (configured CIDRs, then
// forward-confirmed reverse DNS under the account's domain, then the
// line's cookie field when it is the hubspotutk of a stored contact of the
// account) and stores only per-account daily aggregates: no address or
// cookie leaves this function. Import each log once: imports add up.
//
// Up to TrafficSettings.DNSLookups reverse-DNS look-ups run at once while
// the log streams on; hits still reach the aggregates in file order, so
// the result is the same as resolving one address at a time.
func (s *Service) ImportAccessLog(ctx context.Context, r io.Reader) (AccessLogResult, error) {
	res, days, err := s.aggregateAccessLog(ctx, r, s.Traffic.DNSLookups)
	if err != nil {
		return res, err
	}
	return res, s.Store.AddTraffic(ctx, days)
}

// aggregateAccessLog is ImportAccessLog without the storing, with lookups
// reverse-DNS look-ups in flight (0: the default).
func (s *Service) aggregateAccessLog(ctx context.Context, r io.Reader, lookups int) (AccessLogResult, []crm.TrafficDay, error) {
	res := AccessLogResult{MatchedBy: map[string]int{}}
	matcher, n, err := s.trafficMatcher(ctx)
	if err != nil {
		return res, nil, err
	}
	res.Accounts = n
	agg, err := traffic.NewAggregator(traffic.AggregatorConfig{Salt: daySalt})
	if err != nil {
		return res, nil, err
	}
	pipe := matcher.m.NewPipeline(ctx, traffic.PipelineConfig{Lookups: lookups}, func(h traffic.Hit, id, how string) error {
		if id == "" {
			id, how = matcher.byCookie(ctx, h)
		}
		if id != "" {
			agg.Add(id, h)
			res.Matched++
			res.MatchedBy[how]++
		}
		return nil
	})
	defer pipe.Close()
	stats, err := traffic.ReadAccessLog(r, pipe.Add)
	if err == nil {
		err = pipe.Flush()
	}
	res.Lines, res.Hits, res.Bad = stats.Lines, stats.Hits, stats.Bad
	if err != nil {
		return res, nil, err
	}
	days := agg.Snapshot()
	res.Days = len(days)
	return res, days, nil
}

// visitorMatcher attributes hits to target accounts: the address through
// the traffic.Matcher (configured CIDRs, then reverse DNS), then the
// visitor's cookie through cookies.
type visitorMatcher struct {
	m *traffic.Matcher
	// cookies maps merge.UTKHash of a cookie id to the target account of the
	// stored contact carrying that utk_hash.
	cookies map[string]string
	fp      *fingerprint.Fingerprinter
}

// matchNow returns the hit's account without waiting for DNS (range,
// cached reverse-DNS answer, cookie), or needDNS when only a look-up could
// still match it.
func (v *visitorMatcher) matchNow(h traffic.Hit) (accountID string, needDNS bool) {
	cookie := ""
	if h.CookieID != "" && len(v.cookies) > 0 {
		cookie = v.cookies[merge.UTKHash(v.fp, h.CookieID)]
	}
	id, _, needDNS := v.m.MatchNow(h.IP, cookie)
	return id, needDNS
}

// match returns the hit's account and how it was matched, "" when none.
// The cookie is hashed only when the address matched nothing, so the
// common case (an address in a range, or no cookie) costs no hashing.
func (v *visitorMatcher) match(ctx context.Context, h traffic.Hit) (accountID, how string) {
	if id, how := v.m.Match(ctx, h.IP, ""); id != "" {
		return id, how
	}
	return v.byCookie(ctx, h)
}

// byCookie returns the account of the hit's cookie and MatchCookie, ""
// when none; for hits whose address matched nothing.
func (v *visitorMatcher) byCookie(ctx context.Context, h traffic.Hit) (accountID, how string) {
	if h.CookieID == "" || len(v.cookies) == 0 {
		return "", ""
	}
	return v.m.Match(ctx, netip.Addr{}, v.cookies[merge.UTKHash(v.fp, h.CookieID)])
}

// trafficMatcher builds the visitor matcher from the current target
// accounts: configured CIDRs, the company domain for reverse DNS and the
// cookie index of their contacts. It also returns how many target
// accounts can be matched by address.
func (s *Service) trafficMatcher(ctx context.Context) (*visitorMatcher, int, error) {
	targets, err := s.targetAccounts(ctx)
	if err != nil {
		return nil, 0, err
	}
	var accounts []traffic.Account
	for _, c := range targets {
		a := traffic.Account{ID: c.ID, CIDRs: s.Traffic.CIDRs[c.ID]}
		if dom := crm.NormalizeDomain(c.Properties["domain"]); dom != "" {
			a.Domains = []string{dom}
		}
		if len(a.CIDRs) > 0 || len(a.Domains) > 0 {
			accounts = append(accounts, a)
		}
	}
	m, err := traffic.NewMatcher(accounts, s.Traffic.Resolver, traffic.MatcherConfig{})
	if err != nil {
		return nil, 0, fmt.Errorf("traffic accounts: %w", err)
	}
	fp, err := s.Store.Fingerprinter(ctx)
	if err != nil {
		return nil, 0, err
	}
	cookies, err := s.cookieIndex(ctx, fp, targets)
	if err != nil {
		return nil, 0, err
	}
	return &visitorMatcher{m: m, cookies: cookies, fp: fp}, len(accounts), nil
}

// cookieIndex maps the utk_hash of every stored contact of the target
// accounts to its account. A fingerprint seen at two accounts (a shared
// browser) maps to none: better no attribution than a wrong one.
//
// The index lives in memory and is rebuilt with the account list (once per
// import; in the collector at every flush and within a second of a
// finished companies or contacts pull), rather than kept as a Redis hash
// maintained at store time: a lookup per hit is then a map read with no
// round trip, which matters at tracker rates and for a 1 GB log, and the
// index cannot drift from the contacts' associations, deletions and
// target flags, because it is derived from them every time. The price is
// reading the target accounts' contacts per rebuild (one SMEMBERS and one
// MGET per target account), which is small next to the flush interval.
func (s *Service) cookieIndex(ctx context.Context, fp *fingerprint.Fingerprinter, targets []crm.Record) (map[string]string, error) {
	idx := make(map[string]string)
	for _, c := range targets {
		contacts, err := s.Store.MemberRecords(ctx, c.ID, crm.Contacts)
		if err != nil {
			return nil, fmt.Errorf("traffic cookie index: %w", err)
		}
		for _, p := range contacts {
			h := fp.Canon(p.Properties["utk_hash"])
			if h == "" {
				continue
			}
			if other, ok := idx[h]; ok && other != c.ID {
				idx[h] = "" // ambiguous
				continue
			}
			idx[h] = c.ID
		}
	}
	maps.DeleteFunc(idx, func(_, id string) bool { return id == "" })
	return idx, nil
}

// Reasons a tracker hit is dropped, the values of TrafficCollector.Dropped's
// keys and of the "reason" label of abmsync_tracking_hits_dropped_total.
const (
	// DropQueueFull: the queue between the listener and the collector was
	// full.
	DropQueueFull = "queue_full"
	// DropDNSBusy: the hit needed a reverse-DNS look-up and every look-up
	// slot was taken (a slow or silent resolver, or a flood of new
	// addresses).
	DropDNSBusy = "dns_busy"
	// DropShutdown: the hit was waiting for a look-up when the collector
	// stopped.
	DropShutdown = "shutdown"
)

// DefaultTrackerLookups is how many reverse-DNS look-ups the tracker's
// collector runs at once when TrafficSettings.DNSLookups is 0.
const DefaultTrackerLookups = 32

// TrafficCollector receives hits from the public tracking listener,
// matches them to target accounts (by address, then by the visitor's
// hubspotutk cookie id) and stores daily aggregates every flush interval.
// Hits are handed over through a bounded queue: when the queue is full,
// hits are dropped (counted) rather than slowing the listener. A visit that
// spans a flush counts once per flush.
//
// The collector never waits for DNS: a hit matched by range, by a cached
// reverse-DNS answer or by cookie is counted at once; a hit that needs a
// look-up gets one of a bounded number of look-up slots and is counted when
// its answer comes, or is dropped (counted) when every slot is taken. A
// silent resolver therefore costs unmatched visitors their attribution,
// never the hits of the ranges and cookies, and never the collector's
// progress. Stopping cancels the look-ups in flight.
type TrafficCollector struct {
	s        *Service
	hits     chan traffic.Hit
	resolved chan resolvedHit
	slots    chan struct{} // one token per look-up in flight
	dropped  [3]atomic.Int64
	every    time.Duration
}

// resolvedHit is a hit whose reverse-DNS look-up ended.
type resolvedHit struct {
	h         traffic.Hit
	accountID string
	cancelled bool
}

var dropReasons = [3]string{DropQueueFull, DropDNSBusy, DropShutdown}

func (c *TrafficCollector) drop(reason string) {
	for i, r := range dropReasons {
		if r == reason {
			c.dropped[i].Add(1)
		}
	}
}

// NewTrafficCollector returns a collector that flushes every interval,
// with s.Traffic.DNSLookups look-up slots (DefaultTrackerLookups when 0).
func (s *Service) NewTrafficCollector(every time.Duration) *TrafficCollector {
	n := s.Traffic.DNSLookups
	if n <= 0 {
		n = DefaultTrackerLookups
	}
	return &TrafficCollector{s: s, hits: make(chan traffic.Hit, 10000), every: every,
		slots: make(chan struct{}, n), resolved: make(chan resolvedHit, n)}
}

// Sink is the tracker's sink; it never blocks.
func (c *TrafficCollector) Sink(h traffic.Hit) {
	select {
	case c.hits <- h:
	default:
		c.drop(DropQueueFull)
	}
}

// Dropped returns how many hits were dropped, by reason (DropQueueFull,
// DropDNSBusy, DropShutdown); every reason is present.
func (c *TrafficCollector) Dropped() map[string]int64 {
	out := make(map[string]int64, len(dropReasons))
	for i, r := range dropReasons {
		out[r] = c.dropped[i].Load()
	}
	return out
}

// InFlight returns how many reverse-DNS look-ups of hits are running or
// answered but not yet counted.
func (c *TrafficCollector) InFlight() int { return len(c.slots) }

// Run consumes hits until ctx ends, then cancels the look-ups in flight,
// counts what is queued and flushes. The flush itself is not cancelled by
// ctx (it is one Redis write); the look-ups are.
func (c *TrafficCollector) Run(ctx context.Context) {
	t := time.NewTicker(c.every)
	defer t.Stop()
	r := &collectorRun{c: c}
	r.reset(ctx)
	for {
		select {
		case <-ctx.Done():
			r.drain(ctx)
			return
		case <-t.C:
			r.flush(ctx)
		case res := <-c.resolved:
			r.done(res)
		case h := <-c.hits:
			r.add(ctx, h, true)
		}
	}
}

// collectorRun is the state of one TrafficCollector.Run: the matcher of
// target accounts (rebuilt when targets may have changed), the day's
// aggregates since the last flush and the reverse-DNS look-ups in flight.
// Only Run's goroutine uses it.
type collectorRun struct {
	c         *TrafficCollector
	matcher   *visitorMatcher
	agg       *traffic.Aggregator
	lookups   sync.WaitGroup
	accounts  int
	checkedAt time.Time
	pulled    string // the pull mark the matcher was built after
}

// rebuild builds the matcher anew from the stored target accounts; when
// they cannot be read the previous matcher stays.
func (r *collectorRun) rebuild(ctx context.Context) {
	r.checkedAt = time.Now()
	// Read the mark first: a pull finishing during the build is seen
	// as new at the next check.
	r.pulled = r.c.pullMark(context.WithoutCancel(ctx))
	if m, n, err := r.c.s.trafficMatcher(context.WithoutCancel(ctx)); err == nil {
		if r.matcher != nil {
			// Keep the reverse-DNS answers: without them every flush
			// would ask again for every visitor.
			m.m.ShareCache(r.matcher.m)
		}
		r.matcher, r.accounts = m, n
	} else {
		r.c.s.Logger.Warn("tracking: target accounts not readable; the previous account list stays in use", "err", err)
	}
}

// reset starts new aggregates and rebuilds the matcher.
func (r *collectorRun) reset(ctx context.Context) {
	r.agg, _ = traffic.NewAggregator(traffic.AggregatorConfig{Salt: daySalt})
	r.rebuild(ctx)
}

// flush stores the aggregates and resets; aggregates the store refused
// are kept for the next flush.
func (r *collectorRun) flush(ctx context.Context) {
	days := r.agg.Snapshot()
	if len(days) > 0 {
		if err := r.c.s.Store.AddTraffic(context.WithoutCancel(ctx), days); err != nil {
			r.c.s.Logger.Error("tracking: store aggregates", "err", err)
			return // keep them for the next flush
		}
	}
	r.reset(ctx)
}

// resolve looks the hit's address up in a free slot; the answer comes back
// on c.resolved, which has room for one answer per slot.
func (r *collectorRun) resolve(ctx context.Context, m *visitorMatcher, h traffic.Hit) {
	select {
	case r.c.slots <- struct{}{}:
	default:
		r.c.drop(DropDNSBusy)
		return
	}
	r.lookups.Add(1)
	go func() {
		defer r.lookups.Done()
		id := m.m.Resolve(ctx, h.IP)
		r.c.resolved <- resolvedHit{h: h, accountID: id, cancelled: ctx.Err() != nil}
	}()
}

// done counts a look-up's answer and frees its slot.
func (r *collectorRun) done(res resolvedHit) {
	<-r.c.slots
	switch {
	case res.accountID != "":
		r.agg.Add(res.accountID, res.h)
	case res.cancelled:
		r.c.drop(DropShutdown)
	}
}

// add counts a hit for its account, looking its address up when it needs
// one and mayResolve.
func (r *collectorRun) add(ctx context.Context, h traffic.Hit, mayResolve bool) {
	// Look again at most once a second rather than waiting for the
	// next flush: before the first sync there are no accounts, and a
	// finished companies or contacts pull may bring new targets or
	// contacts' cookies.
	if time.Since(r.checkedAt) > time.Second {
		empty := r.accounts == 0 && (r.matcher == nil || len(r.matcher.cookies) == 0)
		if empty || r.c.pullMark(context.WithoutCancel(ctx)) != r.pulled {
			r.rebuild(ctx)
		}
		r.checkedAt = time.Now()
	}
	if r.matcher == nil {
		return
	}
	id, needDNS := r.matcher.matchNow(h)
	switch {
	case id != "":
		r.agg.Add(id, h)
	case needDNS && mayResolve:
		r.resolve(ctx, r.matcher, h)
	case needDNS:
		r.c.drop(DropShutdown)
	}
}

// drain ends the run once ctx is done. The listener has stopped and the
// look-ups are cancelled: it takes what is queued (without new look-ups),
// collects the look-ups' ends, then flushes.
func (r *collectorRun) drain(ctx context.Context) {
	for {
		select {
		case h := <-r.c.hits:
			r.add(ctx, h, false)
			continue
		default:
		}
		break
	}
	r.lookups.Wait()
	for len(r.c.resolved) > 0 {
		r.done(<-r.c.resolved)
	}
	r.flush(ctx)
}

// pullMark identifies the last finished companies and contacts pulls
// (their run and time in the pull status); "" when unreadable.
func (c *TrafficCollector) pullMark(ctx context.Context) string {
	var mark string
	for _, t := range []crm.ObjectType{crm.Companies, crm.Contacts} {
		st, err := c.s.Store.Status(ctx, t)
		if err != nil {
			return ""
		}
		mark += st["last_run"] + "@" + st["last_success_at"] + ";"
	}
	return mark
}

// trafficProperties sums an account's last 30 days of traffic.
func (s *Service) trafficProperties(ctx context.Context, accountID string) (map[string]string, int, error) {
	days, err := s.Store.Traffic(ctx, accountID, s.now().AddDate(0, 0, -30))
	if err != nil || len(days) == 0 {
		return nil, 0, err
	}
	var visits, views int
	var last time.Time
	for _, day := range days {
		visits += day.Visits
		views += day.PageViews
		if day.LastVisit.After(last) {
			last = day.LastVisit
		}
	}
	return map[string]string{
		metrics.PropVisits30d: strconv.Itoa(visits), metrics.PropPageviews30d: strconv.Itoa(views),
		metrics.PropLastVisitAt: last.UTC().Format(time.RFC3339),
	}, visits, nil
}
