package telemetry

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// LinkedIn token kinds, the values of the "token" label.
const (
	TokenAccess  = "access"
	TokenRefresh = "refresh"
)

// LinkedInMetrics are the LinkedIn connection's collectors:
//
//	abmsync_linkedin_token_expiry_seconds{token="access|refresh"}
//	    seconds until the stored token expires, negative once expired,
//	    computed at scrape time; absent while no expiry is known
//	abmsync_linkedin_audience_elements_total{action,outcome}
//	    Matched Audience company elements (ADD, REMOVE) applied or failed
type LinkedInMetrics struct {
	// AudienceElements counts DMP segment company elements by action and
	// outcome (applied, failed).
	AudienceElements *prometheus.CounterVec
	// Now is the scrape clock (nil: time.Now).
	Now func() time.Time

	expiryDesc *prometheus.Desc
	mu         sync.Mutex
	expiry     map[string]time.Time
}

// RegisterLinkedIn creates the LinkedIn collectors and registers them on
// m.Registry. Call it once per Metrics: a second call panics (duplicate
// registration), as prometheus.MustRegister does.
func (m *Metrics) RegisterLinkedIn() *LinkedInMetrics {
	l := &LinkedInMetrics{
		AudienceElements: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "abmsync_linkedin_audience_elements_total",
			Help: "LinkedIn Matched Audience company elements sent, by action and outcome.",
		}, []string{"action", "outcome"}),
		expiryDesc: prometheus.NewDesc("abmsync_linkedin_token_expiry_seconds",
			"Seconds until the stored LinkedIn access or refresh token expires (negative: expired).",
			[]string{"token"}, nil),
		expiry: map[string]time.Time{},
	}
	m.Registry.MustRegister(l.AudienceElements, expiryCollector{l})
	return l
}

// ObserveTokenExpiry records when the token of kind (TokenAccess or
// TokenRefresh) expires; a zero time removes the series. A nil receiver
// does nothing.
func (l *LinkedInMetrics) ObserveTokenExpiry(kind string, expiry time.Time) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if expiry.IsZero() {
		delete(l.expiry, kind)
		return
	}
	l.expiry[kind] = expiry
}

// CountAudienceElements adds n elements of action with outcome. A nil
// receiver does nothing.
func (l *LinkedInMetrics) CountAudienceElements(action, outcome string, n int) {
	if l == nil || n == 0 {
		return
	}
	l.AudienceElements.WithLabelValues(action, outcome).Add(float64(n))
}

// expiryCollector computes the expiry gauge at scrape time, so it never
// goes stale between syncs.
type expiryCollector struct{ l *LinkedInMetrics }

func (c expiryCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.l.expiryDesc }

func (c expiryCollector) Collect(ch chan<- prometheus.Metric) {
	now := time.Now()
	if c.l.Now != nil {
		now = c.l.Now()
	}
	c.l.mu.Lock()
	defer c.l.mu.Unlock()
	for kind, t := range c.l.expiry {
		ch <- prometheus.MustNewConstMetric(c.l.expiryDesc, prometheus.GaugeValue, t.Sub(now).Seconds(), kind)
	}
}
