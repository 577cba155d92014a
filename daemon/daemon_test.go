package daemon

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/abmsync/abmsync/admin"
	"github.com/abmsync/abmsync/config"
	"github.com/abmsync/abmsync/internal/porttest"
)

// startRedis starts a private redis-server on port, so the test can kill it.
func startRedis(t *testing.T, port int) *exec.Cmd {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server binary not installed; the Redis-loss test needs its own server")
	}
	cmd := exec.Command(bin, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			c.Close()
			return cmd
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server on %d did not start", port)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func status(url string) int {
	resp, err := http.Get(url)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestRedisLostWhileRunning kills the daemon's Redis mid-flight: /readyz
// turns 503, the daemon keeps running, and once Redis is back a resync
// succeeds again.
func TestRedisLostWhileRunning(t *testing.T) {
	storeWatchEvery = 100 * time.Millisecond
	port := porttest.Port(t)
	redis := startRedis(t, port)
	defer func() { _ = redis.Process.Kill(); _ = redis.Wait() }()

	dir := t.TempDir()
	sample, _ := filepath.Abs("../deploy/examples/sample-campaign")
	cfg := config.Default()
	cfg.Redis.URL = fmt.Sprintf("redis://127.0.0.1:%d/0", port)
	cfg.Admin.Addr = porttest.Addr(t)
	cfg.Admin.Token = testAdminToken
	cfg.CSV.Dir = sample
	cfg.CSV.OutputDir = filepath.Join(dir, "out")
	cfg.Worker.ShutdownTimeout = 5 * time.Second

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	go func() { done <- Run(ctx, cfg, Options{Logger: log, Getenv: func(string) string { return "" }}) }()
	base := "http://" + cfg.Admin.Addr
	waitFor(t, "readyz 200", func() bool { return status(base+"/readyz") == 200 })

	cl := &admin.Client{BaseURL: base, Token: testAdminToken}
	resync := func() {
		t.Helper()
		res, err := cl.Resync(context.Background(), admin.ResyncRequest{Full: true})
		if err != nil {
			t.Fatal(err)
		}
		waitFor(t, "run "+res.Run.ID, func() bool {
			r, err := cl.Run(context.Background(), res.Run.ID)
			return err == nil && r.Done()
		})
		if r, _ := cl.Run(context.Background(), res.Run.ID); r.State != "succeeded" {
			t.Fatalf("run %s: %s %s", r.ID, r.State, r.Error)
		}
	}
	resync()

	_ = redis.Process.Kill()
	_ = redis.Wait()
	waitFor(t, "readyz 503 without redis", func() bool { return status(base+"/readyz") == 503 })
	if status(base+"/healthz") != 200 {
		t.Fatal("daemon not alive without redis")
	}
	select {
	case err := <-done:
		t.Fatalf("daemon exited when redis went away: %v", err)
	case <-time.After(500 * time.Millisecond):
	}

	redis = startRedis(t, port)
	waitFor(t, "readyz 200 after redis returned", func() bool { return status(base+"/readyz") == 200 })
	// The new Redis is empty: the daemon notices the lost store and syncs
	// it anew by itself, without waiting for the next schedule tick.
	waitFor(t, "a full sync of the emptied store", func() bool {
		st, err := cl.Status(context.Background())
		return err == nil && st.LastRun != nil && st.LastRun.State == "succeeded" && st.LastRun.Trigger == "startup"
	})
	resync()

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run returned %v on shutdown", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no shutdown within 30s")
	}
	_ = os.RemoveAll(dir)
}
