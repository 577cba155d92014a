package daemon

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/config"
	"github.com/abmsync/abmsync/internal/porttest"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/store"
)

// TestTrackingListener runs the public tracking listener beside the admin
// server: a pixel hit from an account's range lands in its daily
// aggregate, a disallowed origin is refused, and the admin API is not
// reachable on the tracking address.
func TestTrackingListener(t *testing.T) {
	const db = 4
	rdb := redistest.Client(t, db, true)
	opt := redistest.Options(t, db)
	sample, _ := filepath.Abs("../deploy/examples/sample-campaign")
	cfg := config.Default()
	cfg.Redis.URL = fmt.Sprintf("redis://%s/%d", opt.Addr, db)
	cfg.Admin.Addr = porttest.Addr(t)
	cfg.Admin.Token = testAdminToken
	cfg.CSV.Dir = sample
	cfg.CSV.OutputDir = filepath.Join(t.TempDir(), "out")
	cfg.Schedules = map[string]string{}
	cfg.Tracking.Addr = porttest.Addr(t)
	cfg.Tracking.AllowedOrigins = []string{"https://www.kremstal.example"}
	cfg.Traffic.ReverseDNS = false
	cfg.Traffic.CIDRs = map[string][]string{"1010": {"127.0.0.0/8"}}

	stop := runSynced(t, cfg)
	track := "http://" + cfg.Tracking.Addr
	st := store.New(rdb, "abmsync")
	waitFor(t, "companies stored", func() bool { n, _ := st.Count(context.Background(), "companies"); return n == 13 })
	time.Sleep(1100 * time.Millisecond) // the collector looks for new accounts once a second

	for i := 0; i < 3; i++ {
		resp, err := http.Get(track + "/t.gif?u=" + "https%3A%2F%2Fwww.kremstal.example%2Fprodukte" + "&cid=visitor-1")
		if err != nil {
			t.Fatal(err)
		}
		if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "image/gif" {
			t.Errorf("pixel: %d %s", resp.StatusCode, ct)
		}
		resp.Body.Close()
	}
	bad, _ := http.NewRequest("POST", track+"/t", strings.NewReader(`{"url":"https://evil.example/"}`))
	bad.Header.Set("Origin", "https://evil.example")
	bad.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(bad); err == nil {
		if resp.StatusCode != http.StatusForbidden || resp.Header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("disallowed origin: %d, ACAO %q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
		}
		resp.Body.Close()
	}
	if s := status(track + "/api/status"); s == 200 {
		t.Error("the admin API answers on the tracking address")
	}
	stop()
	days, err := st.Traffic(context.Background(), "1010", time.Now().AddDate(0, 0, -1))
	if err != nil || len(days) != 1 || days[0].PageViews != 3 || days[0].Visits != 1 {
		t.Fatalf("traffic of 1010 = %+v, %v; want one day with 3 page views in 1 visit", days, err)
	}
}

// runSynced runs the daemon on cfg, waits until it is ready and asks for a
// sync through the admin API (token "t"). stop ends the daemon and fails
// the test when Run returned an error; the flush of buffered hits happens
// on that shutdown.
func runSynced(t *testing.T, cfg config.Config) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, cfg, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Getenv: func(string) string { return "" }})
	}()
	admin := "http://" + cfg.Admin.Addr
	waitFor(t, "readyz", func() bool { return status(admin+"/readyz") == 200 })
	// The store must know the accounts before hits can be matched.
	req, _ := http.NewRequest("POST", admin+"/api/resync", strings.NewReader("{}"))
	req.Header.Set("Authorization", "Bearer "+testAdminToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		cancel()
		t.Fatalf("resync: %d", resp.StatusCode)
	}
	return func() {
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
