package traffic

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/crm"
)

func setupAggregator(t *testing.T, cfg AggregatorConfig) *Aggregator {
	t.Helper()
	if cfg.Salt == nil {
		cfg.Salt = func(day time.Time) []byte { return []byte("salt-" + day.Format(time.DateOnly)) }
	}
	a, err := NewAggregator(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestAggregator(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)
	ipA := netip.MustParseAddr("198.51.100.7")
	ipB := netip.MustParseAddr("2001:db8::42")
	hit := func(ip netip.Addr, ua, cid, path string, after time.Duration) Hit {
		return Hit{IP: ip, UserAgent: ua, CookieID: cid, Path: path, Time: t0.Add(after), Status: 200}
	}
	type add struct {
		account string
		hit     Hit
	}
	tests := []struct {
		name string
		adds []add
		want []crm.TrafficDay
	}{
		{
			name: "visits split by 30 minute gap",
			adds: []add{
				{"alpen", hit(ipA, "UA", "", "/", 0)},
				{"alpen", hit(ipA, "UA", "", "/pricing", 29*time.Minute)},
				{"alpen", hit(ipA, "UA", "", "/pricing", 58*time.Minute)}, // 29m after previous: same visit
				{"alpen", hit(ipA, "UA", "", "/", 89*time.Minute)},        // 31m gap: new visit
			},
			want: []crm.TrafficDay{{AccountID: "alpen", Day: utcDay(t0), Visits: 2, PageViews: 4, UniqueVisitors: 1,
				TopPages: []crm.PageCount{{Path: "/", Views: 2}, {Path: "/pricing", Views: 2}}, LastVisit: t0.Add(89 * time.Minute)}},
		},
		{
			name: "unique visitors by ip+ua or cookie",
			adds: []add{
				{"alpen", hit(ipA, "UA1", "", "/", 0)},
				{"alpen", hit(ipA, "UA2", "", "/", time.Minute)},   // same IP, other browser
				{"alpen", hit(ipB, "UA1", "", "/", 2*time.Minute)}, // other IP
				{"alpen", hit(ipA, "UA1", "c1", "/", 3*time.Minute)},
				{"alpen", hit(ipB, "UA9", "c1", "/docs", 4*time.Minute)}, // same cookie elsewhere
				{"biotech", hit(ipA, "UA1", "", "/", 0)},
			},
			want: []crm.TrafficDay{
				{AccountID: "alpen", Day: utcDay(t0), Visits: 4, PageViews: 5, UniqueVisitors: 4,
					TopPages: []crm.PageCount{{Path: "/", Views: 4}, {Path: "/docs", Views: 1}}, LastVisit: t0.Add(4 * time.Minute)},
				{AccountID: "biotech", Day: utcDay(t0), Visits: 1, PageViews: 1, UniqueVisitors: 1,
					TopPages: []crm.PageCount{{Path: "/", Views: 1}}, LastVisit: t0},
			},
		},
		{
			name: "days split at UTC midnight, out of order hit opens no visit",
			adds: []add{
				{"alpen", hit(ipA, "UA", "", "/", 14*time.Hour+50*time.Minute)}, // 23:50
				{"alpen", hit(ipA, "UA", "", "/", 15*time.Hour+5*time.Minute)},  // 00:05 next day
				{"alpen", hit(ipA, "UA", "", "/a", 15*time.Hour+10*time.Minute)},
				{"alpen", hit(ipA, "UA", "", "/b", 14*time.Hour+52*time.Minute)}, // late arrival
				{"", hit(ipA, "UA", "", "/", 0)},                                 // no account: ignored
			},
			want: []crm.TrafficDay{
				{AccountID: "alpen", Day: utcDay(t0), Visits: 1, PageViews: 2, UniqueVisitors: 1,
					TopPages: []crm.PageCount{{Path: "/", Views: 1}, {Path: "/b", Views: 1}}, LastVisit: t0.Add(14*time.Hour + 52*time.Minute)},
				{AccountID: "alpen", Day: utcDay(t0).AddDate(0, 0, 1), Visits: 1, PageViews: 2, UniqueVisitors: 1,
					TopPages: []crm.PageCount{{Path: "/", Views: 1}, {Path: "/a", Views: 1}}, LastVisit: t0.Add(15*time.Hour + 10*time.Minute)},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := setupAggregator(t, AggregatorConfig{})
			for _, ad := range tt.adds {
				a.Add(ad.account, ad.hit)
			}
			got, _ := json.Marshal(a.Snapshot())
			want, _ := json.Marshal(tt.want)
			if string(got) != string(want) {
				t.Errorf("snapshot\n got  %s\n want %s", got, want)
			}
		})
	}
}

func TestAggregatorTopPagesAndPathCap(t *testing.T) {
	t.Parallel()
	a := setupAggregator(t, AggregatorConfig{MaxPaths: 20})
	t0 := time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)
	for i := range 50 {
		for j := 0; j <= i%7; j++ {
			a.Add("alpen", Hit{Path: fmt.Sprintf("/p%02d", i), Time: t0, UserAgent: "UA"})
		}
	}
	snap := a.Snapshot()
	if len(snap) != 1 || len(snap[0].TopPages) != 10 {
		t.Fatalf("snapshot = %+v", snap)
	}
	top := snap[0].TopPages
	if top[0].Path != OtherPages || top[1] != (crm.PageCount{Path: "/p06", Views: 7}) || top[2] != (crm.PageCount{Path: "/p13", Views: 7}) {
		t.Errorf("top pages = %v", top)
	}
	if n := len(a.days[dayKey{"alpen", utcDay(t0).Unix()}].paths); n != 21 {
		t.Errorf("distinct paths kept = %d, want 20 + %s", n, OtherPages)
	}
}

func TestAggregatorNeverExposesIPOrCookie(t *testing.T) {
	t.Parallel()
	salts := 0
	a := setupAggregator(t, AggregatorConfig{Salt: func(day time.Time) []byte {
		salts++
		return []byte("k" + day.String())
	}})
	t0 := time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)
	ips := []string{"198.51.100.7", "2001:db8::42", "203.0.113.250", "::ffff:192.0.2.1"}
	for i, s := range ips {
		a.Add("alpen", Hit{IP: netip.MustParseAddr(s), UserAgent: "UA", Path: "/", Time: t0.Add(time.Duration(i) * time.Hour)})
	}
	a.Add("alpen", Hit{IP: netip.MustParseAddr("198.51.100.8"), CookieID: "hubspotutk-secret-42", Path: "/", Time: t0})
	a.Add("alpen", Hit{IP: netip.MustParseAddr("198.51.100.9"), Path: "/", Time: t0.AddDate(0, 0, 1)})
	js, err := json.Marshal(a.Snapshot())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append(ips, "192.0.2.1", "198.51.100.8", "198.51.100.9", "2001:0db8", "hubspotutk-secret-42") {
		if strings.Contains(string(js), s) {
			t.Errorf("snapshot JSON contains %q: %s", s, js)
		}
	}
	if salts != 2 {
		t.Errorf("salt asked %d times, want once per day (2)", salts)
	}
	// Same visitor, different day salt: keys differ, so days are unlinkable.
	h := Hit{IP: netip.MustParseAddr("198.51.100.7"), UserAgent: "UA"}
	if a.visitorKey(utcDay(t0), h) == a.visitorKey(utcDay(t0).AddDate(0, 0, 1), h) {
		t.Error("visitor key does not change with the daily salt")
	}
}

func TestAggregatorPruneAndConfig(t *testing.T) {
	t.Parallel()
	if _, err := NewAggregator(AggregatorConfig{}); err == nil {
		t.Error("NewAggregator without Salt: no error")
	}
	a := setupAggregator(t, AggregatorConfig{})
	t0 := time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)
	for d := range 5 {
		a.Add("alpen", Hit{Path: "/", Time: t0.AddDate(0, 0, d)})
	}
	if n := a.Prune(t0.AddDate(0, 0, 3)); n != 3 || len(a.Snapshot()) != 2 {
		t.Errorf("pruned %d, left %d", n, len(a.Snapshot()))
	}
}
