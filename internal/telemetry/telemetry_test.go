package telemetry

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestTransportCountsCallsAnd429(t *testing.T) {
	t.Parallel()
	codes := []int{200, 429, 500, 200}
	i := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(codes[i])
		i++
	}))
	defer srv.Close()
	m := New()
	hc := &http.Client{Transport: m.Transport("hubspot", nil)}
	for range codes {
		resp, err := hc.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	srv.Close()
	if _, err := hc.Get(srv.URL); err == nil {
		t.Fatal("request to a closed server succeeded")
	}
	tests := []struct {
		status string
		want   float64
	}{{"2xx", 2}, {"429", 1}, {"5xx", 1}, {"error", 1}}
	for _, tc := range tests {
		if got := testutil.ToFloat64(m.APICalls.WithLabelValues("hubspot", tc.status)); got != tc.want {
			t.Errorf("api calls %s = %v, want %v", tc.status, got, tc.want)
		}
	}
	if got := testutil.ToFloat64(m.RateLimited.WithLabelValues("hubspot")); got != 1 {
		t.Errorf("rate limited = %v, want 1", got)
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if !strings.Contains(rec.Body.String(), `abmsync_api_rate_limited_total{connector="hubspot"} 1`) {
		t.Errorf("/metrics lacks the 429 counter:\n%.500s", rec.Body.String())
	}
}
