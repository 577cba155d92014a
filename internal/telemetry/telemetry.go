package telemetry

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the daemon's collectors.
type Metrics struct {
	Registry *prometheus.Registry
	// Tasks counts finished task attempts by type and outcome
	// (ok, error, rate_limited, skipped).
	Tasks *prometheus.CounterVec
	// APICalls counts HTTP requests to outside systems by connector and
	// status code class (2xx, 4xx, 429, 5xx, error).
	APICalls *prometheus.CounterVec
	// RateLimited counts 429 answers by connector.
	RateLimited *prometheus.CounterVec
	// RecordsPulled and RecordsPushed count records by object type.
	RecordsPulled *prometheus.CounterVec
	RecordsPushed *prometheus.CounterVec
	// RecordsFailed counts records a CRM refused to write (207 partial failures).
	RecordsFailed *prometheus.CounterVec
	// SyncLag is the age of each object's incremental cursor in seconds.
	SyncLag *prometheus.GaugeVec
	// LastSuccess is the Unix time of each object's last successful pull.
	LastSuccess *prometheus.GaugeVec
}

// New returns a Metrics with its own registry, including Go and process
// collectors.
func New() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		Tasks: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "abmsync_tasks_total", Help: "Task attempts by type and outcome.",
		}, []string{"type", "outcome"}),
		APICalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "abmsync_api_calls_total", Help: "HTTP requests to outside APIs by connector and status class.",
		}, []string{"connector", "status"}),
		RateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "abmsync_api_rate_limited_total", Help: "HTTP 429 answers by connector.",
		}, []string{"connector"}),
		RecordsPulled: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "abmsync_records_pulled_total", Help: "Records pulled from the CRM by object type.",
		}, []string{"object"}),
		RecordsPushed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "abmsync_records_pushed_total", Help: "Records written to the CRM by object type.",
		}, []string{"object"}),
		RecordsFailed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "abmsync_records_failed_total", Help: "Records the CRM refused to write, by object type.",
		}, []string{"object"}),
		SyncLag: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "abmsync_sync_lag_seconds", Help: "Age of the incremental cursor by object type.",
		}, []string{"object"}),
		LastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "abmsync_last_success_timestamp_seconds", Help: "Unix time of the last successful pull by object type.",
		}, []string{"object"}),
	}
	m.Registry.MustRegister(m.Tasks, m.APICalls, m.RateLimited, m.RecordsPulled, m.RecordsPushed,
		m.RecordsFailed, m.SyncLag, m.LastSuccess,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
}

// Transport wraps base (nil: http.DefaultTransport) so every request is
// counted under connector. Place it innermost, below retry layers, so each
// attempt counts.
func (m *Metrics) Transport(connector string, base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := base.RoundTrip(r)
		if err != nil {
			m.APICalls.WithLabelValues(connector, "error").Inc()
			return resp, err
		}
		class := strconv.Itoa(resp.StatusCode/100) + "xx"
		if resp.StatusCode == http.StatusTooManyRequests {
			class = "429"
			m.RateLimited.WithLabelValues(connector).Inc()
		}
		m.APICalls.WithLabelValues(connector, class).Inc()
		return resp, nil
	})
}

// ObserveCursor sets the sync lag of object from its cursor time.
func (m *Metrics) ObserveCursor(object string, cursor, now time.Time) {
	if cursor.IsZero() {
		return
	}
	m.SyncLag.WithLabelValues(object).Set(now.Sub(cursor).Seconds())
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
