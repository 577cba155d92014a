package telemetry

import "github.com/prometheus/client_golang/prometheus"

// AdminMetrics are the admin server's collectors:
//
//	abmsync_admin_auth_failures_total{reason="wrong_token|rate_limited"}
//	    failed authentications at the admin server: a wrong token (Bearer,
//	    Basic or the dashboard login), or a request refused unchecked
//	    because its address failed too often
type AdminMetrics struct {
	AuthFailures *prometheus.CounterVec
}

// RegisterAdmin creates the admin server's collectors and registers them on
// m.Registry. Call it once per Metrics.
func (m *Metrics) RegisterAdmin() *AdminMetrics {
	a := &AdminMetrics{AuthFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "abmsync_admin_auth_failures_total",
		Help: "Failed authentications at the admin server, by reason (wrong_token, rate_limited).",
	}, []string{"reason"})}
	m.Registry.MustRegister(a.AuthFailures)
	return a
}

// CountAuthFailure counts one failed authentication (admin.AuthMetrics). A
// nil receiver does nothing.
func (a *AdminMetrics) CountAuthFailure(reason string) {
	if a == nil {
		return
	}
	a.AuthFailures.WithLabelValues(reason).Inc()
}
