package daemon

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/abmsync/abmsync/config"
	"github.com/abmsync/abmsync/internal/porttest"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/store"
	"github.com/abmsync/abmsync/workers"
)

// TestTwoProcessesOneTick runs two daemons on one Redis with a 3-second
// schedule. Each process's asynq scheduler enqueues every tick, but only one
// scheduled run may start per interval.
func TestTwoProcessesOneTick(t *testing.T) {
	const db = 4
	rdb := redistest.Client(t, db, true)
	opt := redistest.Options(t, db)
	sample, _ := filepath.Abs("../deploy/examples/sample-campaign")
	const interval = 3 * time.Second

	ctx, cancel := context.WithCancel(context.Background())
	var dones []chan error
	for i := range 2 {
		cfg := config.Default()
		cfg.Redis.URL = fmt.Sprintf("redis://%s/%d", opt.Addr, db)
		cfg.Admin.Addr = porttest.Addr(t)
		cfg.Admin.Token = testAdminToken
		cfg.CSV.Dir = sample
		cfg.CSV.OutputDir = filepath.Join(t.TempDir(), fmt.Sprint("out", i))
		cfg.Schedules = map[string]string{"crm_sync": "@every 3s"}
		done := make(chan error, 1)
		dones = append(dones, done)
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		go func() { done <- Run(ctx, cfg, Options{Logger: log, Getenv: func(string) string { return "" }}) }()
		time.Sleep(700 * time.Millisecond) // start the schedulers out of phase
	}
	const window = 10 * time.Second
	time.Sleep(window)
	cancel()
	for _, d := range dones {
		if err := <-d; err != nil {
			t.Fatal(err)
		}
	}

	st := store.New(rdb, "abmsync")
	ids, err := st.RecentRuns(context.Background(), 100)
	if err != nil {
		t.Fatal(err)
	}
	scheduled := 0
	for _, id := range ids {
		r, err := st.GetRun(context.Background(), id)
		if err == nil && r.Trigger == "schedule" {
			scheduled++
		}
	}
	// Two schedulers enqueue about 2*window/interval ticks; the lease (90 %
	// of the interval) admits at most one run per 2.7 s.
	maxRuns := int(window/(interval*9/10)) + 1
	if scheduled == 0 || scheduled > maxRuns {
		t.Fatalf("%d scheduled runs in %v with two processes, want 1..%d", scheduled, window, maxRuns)
	}
	t.Logf("%d scheduled runs in %v from two processes ticking every %v", scheduled, window, interval)
}

// TestTickIntervalIsShortestGap checks the period each tick carries (its
// lease lasts 90 % of it) against every gap between two ticks over four
// weeks: a lease longer than a gap would skip the tick after it. The period
// used to be the gap after the next tick seen at start-up, so a daemon
// started at 10:00 with "0 9,17 * * *" held each lease 14.4 h and skipped
// every 17:00 run.
func TestTickIntervalIsShortestGap(t *testing.T) {
	tests := []struct {
		spec string
		want time.Duration
	}{
		{"0 9,17 * * *", 8 * time.Hour},
		{"30 6 * * 1-5", 24 * time.Hour}, // Friday to Monday is 72 h
		{"0 */6 * * *", 6 * time.Hour},
		{"0 8,12 * * 1", 4 * time.Hour},
		{"@every 90s", 90 * time.Second},
		{"@hourly", time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := tickInterval("crm_sync", tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("interval %v, want %v", got, tt.want)
			}
			sch, _ := cron.ParseStandard(tt.spec)
			lease := workers.TickLease(got)
			prev := sch.Next(time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC))
			for end := prev.Add(28 * 24 * time.Hour); prev.Before(end); {
				next := sch.Next(prev)
				if gap := next.Sub(prev); lease >= gap {
					t.Fatalf("lease %v taken at %v still held at the next tick %v", lease, prev, next)
				}
				prev = next
			}
		})
	}
	if _, err := tickInterval("crm_sync", "0 25 * * *"); err == nil || !strings.Contains(err.Error(), "schedules.crm_sync") {
		t.Fatalf("bad spec: err %v, want one naming schedules.crm_sync", err)
	}
}
