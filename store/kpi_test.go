package store_test

import (
	"testing"
	"time"
)

// TestKPISnapshots: the latest snapshot on or before a day is returned, a
// day's snapshot is replaced by a later save the same day, and snapshots
// 400 days older than a newly added day go.
func TestKPISnapshots(t *testing.T) {
	t.Parallel()
	st, ctx := setup(t)
	day := time.Date(2026, 11, 27, 15, 0, 0, 0, time.UTC)
	save := func(at time.Time, v float64) {
		t.Helper()
		if err := st.SaveKPISnapshot(ctx, at, map[string]float64{"nps": v}); err != nil {
			t.Fatal(err)
		}
	}
	save(day.AddDate(0, 0, -500), 1)
	if _, _, ok, err := st.KPISnapshot(ctx, day.AddDate(0, 0, -600)); ok || err != nil {
		t.Errorf("before any snapshot: ok %v, %v", ok, err)
	}
	if v, _, ok, _ := st.KPISnapshot(ctx, day.AddDate(0, 0, -400)); !ok || v["nps"] != 1 {
		t.Errorf("the latest snapshot before day-400: %v %v, want the one of day-500", v, ok)
	}
	save(day.AddDate(0, 0, -30), 2)                // a new day 470 days later: day-500 goes
	save(day.AddDate(0, 0, -30).Add(time.Hour), 3) // same day: replaces 2
	save(day, 4)
	tests := []struct {
		at     time.Time
		want   float64
		wantAt string
		ok     bool
	}{
		{day, 4, "2026-11-27", true},
		{day.AddDate(0, 0, -1), 3, "2026-10-28", true},
		{day.AddDate(0, 0, -30), 3, "2026-10-28", true},
		{day.AddDate(0, 0, -400), 0, "", false}, // the 500-day-old one was dropped
	}
	for _, tt := range tests {
		v, at, ok, err := st.KPISnapshot(ctx, tt.at)
		if err != nil || ok != tt.ok || v["nps"] != tt.want || ok && at.Format(time.DateOnly) != tt.wantAt {
			t.Errorf("KPISnapshot(%s) = %v at %s, ok %v, %v; want %v at %s, ok %v",
				tt.at.Format(time.DateOnly), v, at.Format(time.DateOnly), ok, err, tt.want, tt.wantAt, tt.ok)
		}
	}
}
