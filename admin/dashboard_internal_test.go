package admin

import (
	"testing"

	"github.com/abmsync/abmsync/metrics"
)

func TestFormatNumber(t *testing.T) {
	t.Parallel()
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		in   any
		want string
	}{
		{0, "0"},
		{999, "999"},
		{1000, "1,000"},
		{-1234567, "-1,234,567"},
		{int64(10000000), "10,000,000"},
		{12.5, "12.5"},
		{1234.567, "1,234.57"},
		{-0.001, "0"},
		{100.0, "100"},
		{f(9876543.21), "9,876,543.21"},
		{(*float64)(nil), "–"},
		{"text", "–"},
	}
	for _, tt := range tests {
		if got := formatNumber(tt.in); got != tt.want {
			t.Errorf("formatNumber(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKPIStatus(t *testing.T) {
	t.Parallel()
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		name         string
		key          string
		m            metrics.KPI
		wantStatus   string
		wantProgress int
	}{
		{"no goal", metrics.KeyReferrals, metrics.KPI{Current: f(3)}, "none", -1},
		{"no data", metrics.KeyReachPerAccount, metrics.KPI{Goal: f(10)}, "none", -1},
		{"higher is better, behind", metrics.KeyReachPerAccount, metrics.KPI{Current: f(2.5), Goal: f(10)}, "behind", 25},
		{"higher is better, met", metrics.KeyReachPerAccount, metrics.KPI{Current: f(12), Goal: f(10)}, "met", 100},
		{"goal below baseline: lower is better", "custom", metrics.KPI{Current: f(70), Goal: f(50), Baseline: f(63)}, "behind", 0},
		{"time to close met", metrics.KeyTimeToCloseDays, metrics.KPI{Current: f(49), Goal: f(50), Baseline: f(63)}, "met", 100},
		{"time to close without baseline", metrics.KeyTimeToCloseDays, metrics.KPI{Current: f(100), Goal: f(50)}, "behind", 50},
		{"zero goal", metrics.KeyMQAAccounts, metrics.KPI{Current: f(0), Goal: f(0)}, "met", 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, _, progress := kpiStatus(tt.key, tt.m)
			if status != tt.wantStatus || progress != tt.wantProgress {
				t.Errorf("kpiStatus = %s %d, want %s %d", status, progress, tt.wantStatus, tt.wantProgress)
			}
		})
	}
}

func TestTruncate(t *testing.T) {
	t.Parallel()
	if got := truncate("Österreichische Pharmawerke Gesellschaft", 10); got != "Österreic…" {
		t.Errorf("truncate = %q", got)
	}
	if got := truncate("Kurz", 10); got != "Kurz" {
		t.Errorf("truncate = %q", got)
	}
}
