package telemetry

import "github.com/prometheus/client_golang/prometheus"

// RegisterTracking registers the tracker's collectors, read at scrape time:
//
//	abmsync_tracking_hits_dropped_total{reason}
//	    tracker hits counted by no aggregate, one counter per key of the map
//	    dropped returns (queue_full, dns_busy, shutdown)
//	abmsync_tracking_dns_lookups_in_flight
//	    reverse-DNS look-ups of tracker hits running now
//
// Call it once per Metrics: a second call panics (duplicate registration).
func (m *Metrics) RegisterTracking(dropped func() map[string]int64, inFlight func() int) {
	m.Registry.MustRegister(trackingCollector{
		droppedDesc: prometheus.NewDesc("abmsync_tracking_hits_dropped_total",
			"Tracker hits dropped before counting, by reason (queue_full, dns_busy, shutdown).",
			[]string{"reason"}, nil),
		inFlightDesc: prometheus.NewDesc("abmsync_tracking_dns_lookups_in_flight",
			"Reverse-DNS look-ups of tracker hits running now.", nil, nil),
		dropped: dropped, inFlight: inFlight,
	})
}

type trackingCollector struct {
	droppedDesc, inFlightDesc *prometheus.Desc
	dropped                   func() map[string]int64
	inFlight                  func() int
}

func (c trackingCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.droppedDesc
	ch <- c.inFlightDesc
}

func (c trackingCollector) Collect(ch chan<- prometheus.Metric) {
	for reason, n := range c.dropped() {
		ch <- prometheus.MustNewConstMetric(c.droppedDesc, prometheus.CounterValue, float64(n), reason)
	}
	ch <- prometheus.MustNewConstMetric(c.inFlightDesc, prometheus.GaugeValue, float64(c.inFlight()))
}
