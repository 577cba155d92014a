package crm

import (
	"strings"
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

func TestParseTimeIn(t *testing.T) {
	t.Parallel()
	vienna, err := time.LoadLocation("Europe/Vienna")
	if err != nil {
		t.Skip("no tz database:", err)
	}
	tests := []struct {
		in     string
		loc    *time.Location
		want   time.Time
		wantOK bool
	}{
		{"2026-04-01", vienna, time.Date(2026, 3, 31, 22, 0, 0, 0, time.UTC), true},
		{" 2026-04-01 ", nil, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), true},
		{"2026-04-01T00:30:00+02:00", vienna, time.Date(2026, 3, 31, 22, 30, 0, 0, time.UTC), true},
		{"1790856000000", vienna, time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC), true},
		{"2026", vienna, time.Time{}, false},
		{"", vienna, time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseTimeIn(tt.in, tt.loc)
		if ok != tt.wantOK || !got.Equal(tt.want) {
			t.Errorf("ParseTimeIn(%q, %v) = %v, %v; want %v, %v", tt.in, tt.loc, got, ok, tt.want, tt.wantOK)
		}
		if dateOnly := len(strings.TrimSpace(tt.in)) == len(time.DateOnly); ok && !dateOnly && got.Location() != time.UTC {
			t.Errorf("ParseTimeIn(%q) in %v, want UTC for an instant", tt.in, got.Location())
		}
	}
}
