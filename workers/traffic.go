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
	targets, err := TargetAccounts(ctx, d.Store, d.Settings, "")
	if err != nil {
		return res, err
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
	res.Accounts = len(accounts)
	matcher, err := traffic.NewMatcher(accounts, d.Traffic.Resolver, traffic.MatcherConfig{})
	if err != nil {
		return res, fmt.Errorf("traffic accounts: %w", err)
	}
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
