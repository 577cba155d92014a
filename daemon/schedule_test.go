package daemon

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/abmsync/abmsync/config"
	"github.com/abmsync/abmsync/internal/porttest"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/store"
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
