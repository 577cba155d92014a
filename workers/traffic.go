package workers

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/abmsync/abmsync/abm"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/traffic"
)

// TrafficSettings maps visitor addresses to accounts.
type TrafficSettings struct {
	// CIDRs are configured address ranges by company id.
	CIDRs map[string][]netip.Prefix
	// Resolver does reverse DNS; nil disables it.
	Resolver traffic.Resolver
}

// AccessLogResult reports an access-log import.
type AccessLogResult struct {
	Lines    int `json:"lines"`
	Hits     int `json:"hits"`
	Matched  int `json:"matched"`
	Bad      int `json:"bad"`
	Accounts int `json:"accounts"`
	Days     int `json:"account_days"`
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
// forward-confirmed reverse DNS under the account's domain) and stores only
// per-account daily aggregates: no address leaves this function. Import
// each log once: imports add up.
func (d *Deps) ImportAccessLog(ctx context.Context, r io.Reader) (AccessLogResult, error) {
	var res AccessLogResult
	matcher, n, err := d.trafficMatcher(ctx)
	if err != nil {
		return res, err
	}
	res.Accounts = n
	agg, err := traffic.NewAggregator(traffic.AggregatorConfig{Salt: daySalt})
	if err != nil {
		return res, err
	}
	stats, err := traffic.ReadAccessLog(r, func(h traffic.Hit) error {
		if id, _ := matcher.Match(ctx, h.IP, ""); id != "" {
			agg.Add(id, h)
			res.Matched++
		}
		return ctx.Err()
	})
	res.Lines, res.Hits, res.Bad = stats.Lines, stats.Hits, stats.Bad
	if err != nil {
		return res, err
	}
	days := agg.Snapshot()
	res.Days = len(days)
	return res, d.Store.AddTraffic(ctx, days)
}

// trafficMatcher builds the visitor matcher from the current target
// accounts: configured CIDRs and the company domain for reverse DNS.
func (d *Deps) trafficMatcher(ctx context.Context) (*traffic.Matcher, int, error) {
	targets, err := TargetAccounts(ctx, d.Store, d.Settings, "")
	if err != nil {
		return nil, 0, err
	}
	var accounts []traffic.Account
	for _, c := range targets {
		a := traffic.Account{ID: c.ID, CIDRs: d.Traffic.CIDRs[c.ID]}
		if dom := abm.NormalizeDomain(c.Properties["domain"]); dom != "" {
			a.Domains = []string{dom}
		}
		if len(a.CIDRs) > 0 || len(a.Domains) > 0 {
			accounts = append(accounts, a)
		}
	}
	m, err := traffic.NewMatcher(accounts, d.Traffic.Resolver, traffic.MatcherConfig{})
	if err != nil {
		return nil, 0, fmt.Errorf("traffic accounts: %w", err)
	}
	return m, len(accounts), nil
}

// TrafficCollector receives hits from the public tracking listener,
// matches them to target accounts and stores daily aggregates every
// flush interval. Hits are handed over through a bounded queue: when the
// queue is full, hits are dropped (counted) rather than slowing the
// listener. A visit that spans a flush counts once per flush.
type TrafficCollector struct {
	d       *Deps
	hits    chan traffic.Hit
	dropped atomic.Int64
	every   time.Duration
}

// NewTrafficCollector returns a collector that flushes every interval.
func (d *Deps) NewTrafficCollector(every time.Duration) *TrafficCollector {
	return &TrafficCollector{d: d, hits: make(chan traffic.Hit, 10000), every: every}
}

// Sink is the tracker's sink; it never blocks.
func (c *TrafficCollector) Sink(h traffic.Hit) {
	select {
	case c.hits <- h:
	default:
		c.dropped.Add(1)
	}
}

// Dropped returns how many hits were dropped because the queue was full.
func (c *TrafficCollector) Dropped() int64 { return c.dropped.Load() }

// Run consumes hits until ctx ends, then flushes what it has.
func (c *TrafficCollector) Run(ctx context.Context) {
	t := time.NewTicker(c.every)
	defer t.Stop()
	var matcher *traffic.Matcher
	var agg *traffic.Aggregator
	accounts, builtAt := 0, time.Time{}
	rebuild := func() {
		builtAt = time.Now()
		if m, n, err := c.d.trafficMatcher(context.WithoutCancel(ctx)); err == nil {
			matcher, accounts = m, n
		} else {
			c.d.Logger.Warn("tracking: target accounts not readable; the previous account list stays in use", "err", err)
		}
	}
	reset := func() {
		agg, _ = traffic.NewAggregator(traffic.AggregatorConfig{Salt: daySalt})
		rebuild()
	}
	flush := func() {
		days := agg.Snapshot()
		if len(days) > 0 {
			if err := c.d.Store.AddTraffic(context.WithoutCancel(ctx), days); err != nil {
				c.d.Logger.Error("tracking: store aggregates", "err", err)
				return // keep them for the next flush
			}
		}
		reset()
	}
	add := func(h traffic.Hit) {
		// Before the first sync there are no accounts: look again, at most
		// once a second, rather than waiting for the next flush.
		if accounts == 0 && time.Since(builtAt) > time.Second {
			rebuild()
		}
		if matcher == nil {
			return
		}
		if id, _ := matcher.Match(context.WithoutCancel(ctx), h.IP, ""); id != "" {
			agg.Add(id, h)
		}
	}
	reset()
	for {
		select {
		case <-ctx.Done():
			// The listener has stopped: take what is queued, then flush.
			for {
				select {
				case h := <-c.hits:
					add(h)
				default:
					flush()
					return
				}
			}
		case <-t.C:
			flush()
		case h := <-c.hits:
			add(h)
		}
	}
}

// Website-traffic company properties.
const (
	PropVisits30d    = "abm_visits_30d"
	PropPageviews30d = "abm_pageviews_30d"
	PropLastVisitAt  = "abm_last_visit_at"
)

// trafficProperties sums an account's last 30 days of traffic.
func (d *Deps) trafficProperties(ctx context.Context, accountID string) (map[string]string, int, error) {
	days, err := d.Store.Traffic(ctx, accountID, d.now().AddDate(0, 0, -30))
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
		PropVisits30d: strconv.Itoa(visits), PropPageviews30d: strconv.Itoa(views),
		PropLastVisitAt: last.UTC().Format(time.RFC3339),
	}, visits, nil
}

// TrafficPropertyDefs are the website-traffic company properties.
func TrafficPropertyDefs() []crm.PropertyDef {
	return []crm.PropertyDef{
		{Name: PropVisits30d, Label: "ABM visits (30 days)", Type: "number", FieldType: "number", GroupName: "abm",
			Description: "Website visits from the account in the last 30 days. Written by abmsync."},
		{Name: PropPageviews30d, Label: "ABM page views (30 days)", Type: "number", FieldType: "number", GroupName: "abm",
			Description: "Website page views from the account in the last 30 days. Written by abmsync."},
		{Name: PropLastVisitAt, Label: "ABM last visit", Type: "datetime", FieldType: "date", GroupName: "abm",
			Description: "Last website visit from the account. Written by abmsync."},
	}
}
