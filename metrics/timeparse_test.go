package metrics

import (
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in     string
		want   time.Time
		wantOK bool
	}{
		{"2026-10-01T12:00:00Z", time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC), true},
		{"2026-10-01T12:00:00.123Z", time.Date(2026, 10, 1, 12, 0, 0, 123e6, time.UTC), true},
		{"2026-10-01T14:00:00+02:00", time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC), true},
		{" 2026-10-01T12:00:00Z ", time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC), true},
		{"2026-10-01", time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), true},
		{"1790856000000", time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC), true},
		{"1790856000123", time.Date(2026, 10, 1, 12, 0, 0, 123e6, time.UTC), true},
		{"", time.Time{}, false},
		{"   ", time.Time{}, false},
		{"2026", time.Time{}, false},     // a year, not epoch millis
		{"20261001", time.Time{}, false}, // basic ISO date is not epoch millis
		{"01/10/2026", time.Time{}, false},
		{"2026-13-01", time.Time{}, false},
		{"2026-10-01T12:00:00", time.Time{}, false}, // no zone: ambiguous
		{"99999999999999999999", time.Time{}, false},
		{"yesterday", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, ok := ParseTime(tt.in)
			if ok != tt.wantOK || !got.Equal(tt.want) {
				t.Errorf("ParseTime(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
