package traffic

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"hash"
	"sort"
	"sync"
	"time"

	"github.com/abmsync/abmsync/crm"
)

// OtherPages is the path under which page views are counted once an
// account-day already tracks AggregatorConfig.MaxPaths distinct paths.
const OtherPages = "(other)"

// AggregatorConfig configures an Aggregator.
type AggregatorConfig struct {
	// Salt returns the HMAC key for a UTC day (midnight). Required. The
	// caller rotates it daily and forgets old salts, so visitor keys cannot
	// be linked across days or reversed to an address.
	Salt func(day time.Time) []byte
	// VisitGap is the inactivity after which a visitor's next hit starts a
	// new visit. Default 30 minutes.
	VisitGap time.Duration
	// MaxPaths caps the distinct paths tracked per account-day; further
	// paths count under OtherPages. Default 1000.
	MaxPaths int
	// TopN is the number of pages in crm.TrafficDay.TopPages. Default 10.
	TopN int
}

// Aggregator counts hits per account and UTC day. It stores keyed hashes of
// visitors, never addresses or cookie ids. It is safe for concurrent use.
// Hits should arrive roughly in time order: a hit older than the visitor's
// last hit never opens a new visit. A visit spanning midnight counts on both
// days.
type Aggregator struct {
	cfg  AggregatorConfig
	mu   sync.Mutex
	days map[dayKey]*dayAgg
	macs map[time.Time]hash.Hash // per-day HMAC, reused under mu
}

type dayKey struct {
	account string
	day     int64 // Unix seconds of midnight UTC
}

type visitorKey [16]byte

type dayAgg struct {
	visits, views int
	last          time.Time
	visitors      map[visitorKey]time.Time // last hit per visitor
	paths         map[string]int
}

// NewAggregator returns an empty Aggregator; the error reports a missing Salt.
func NewAggregator(cfg AggregatorConfig) (*Aggregator, error) {
	if cfg.Salt == nil {
		return nil, errors.New("traffic: aggregator: Salt is required")
	}
	if cfg.VisitGap <= 0 {
		cfg.VisitGap = 30 * time.Minute
	}
	if cfg.MaxPaths <= 0 {
		cfg.MaxPaths = 1000
	}
	if cfg.TopN <= 0 {
		cfg.TopN = 10
	}
	return &Aggregator{cfg: cfg, days: make(map[dayKey]*dayAgg), macs: make(map[time.Time]hash.Hash)}, nil
}

func utcDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Add counts h as a page view of accountID. The visitor is h.CookieID when
// set, otherwise h.IP with h.UserAgent. Hits with an empty accountID or a
// zero time are ignored.
func (a *Aggregator) Add(accountID string, h Hit) {
	if accountID == "" || h.Time.IsZero() {
		return
	}
	day := utcDay(h.Time)
	t := h.Time.UTC()
	a.mu.Lock()
	defer a.mu.Unlock()

	vk := a.visitorKey(day, h)
	k := dayKey{accountID, day.Unix()}
	d := a.days[k]
	if d == nil {
		d = &dayAgg{visitors: make(map[visitorKey]time.Time), paths: make(map[string]int)}
		a.days[k] = d
	}
	d.views++
	if last, ok := d.visitors[vk]; !ok || t.Sub(last) > a.cfg.VisitGap {
		d.visits++
		d.visitors[vk] = t
	} else if t.After(last) {
		d.visitors[vk] = t
	}
	if t.After(d.last) {
		d.last = t
	}
	path := h.Path
	if _, ok := d.paths[path]; !ok && len(d.paths) >= a.cfg.MaxPaths {
		path = OtherPages
	}
	d.paths[path]++
}

// visitorKey is HMAC-SHA256(salt(day), kind || id) truncated to 128 bits.
func (a *Aggregator) visitorKey(day time.Time, h Hit) visitorKey {
	mac := a.macs[day]
	if mac == nil {
		if len(a.macs) > 8 { // old days' salts are not kept around
			clear(a.macs)
		}
		mac = hmac.New(sha256.New, a.cfg.Salt(day))
		a.macs[day] = mac
	}
	mac.Reset()
	if h.CookieID != "" {
		mac.Write([]byte("c\x00"))
		mac.Write([]byte(h.CookieID))
	} else {
		b := h.IP.As16()
		mac.Write([]byte("i\x00"))
		mac.Write(b[:])
		mac.Write([]byte(h.UserAgent))
	}
	var sum [sha256.Size]byte
	var k visitorKey
	copy(k[:], mac.Sum(sum[:0]))
	return k
}

// Snapshot returns every account-day, sorted by account then day. The
// result shares nothing with the Aggregator.
func (a *Aggregator) Snapshot() []crm.TrafficDay {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]crm.TrafficDay, 0, len(a.days))
	for k, d := range a.days {
		pages := make([]crm.PageCount, 0, len(d.paths))
		for p, n := range d.paths {
			pages = append(pages, crm.PageCount{Path: p, Views: n})
		}
		sort.Slice(pages, func(i, j int) bool {
			if pages[i].Views != pages[j].Views {
				return pages[i].Views > pages[j].Views
			}
			return pages[i].Path < pages[j].Path
		})
		if len(pages) > a.cfg.TopN {
			pages = pages[:a.cfg.TopN]
		}
		out = append(out, crm.TrafficDay{
			AccountID:      k.account,
			Day:            time.Unix(k.day, 0).UTC(),
			Visits:         d.visits,
			PageViews:      d.views,
			UniqueVisitors: len(d.visitors),
			TopPages:       pages,
			LastVisit:      d.last,
		})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].AccountID != out[j].AccountID {
			return out[i].AccountID < out[j].AccountID
		}
		return out[i].Day.Before(out[j].Day)
	})
	return out
}

// Prune drops every account-day before the UTC day of before, bounding
// memory in a long-running daemon; it returns how many were dropped.
func (a *Aggregator) Prune(before time.Time) int {
	cut := utcDay(before).Unix()
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for k := range a.days {
		if k.day < cut {
			delete(a.days, k)
			n++
		}
	}
	return n
}
