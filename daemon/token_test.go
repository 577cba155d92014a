package daemon

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/abmsync/abmsync/config"
)

// lockedBuffer collects the daemon's log lines from its goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// embeddedDefault is the embedded default (in-process Redis, no admin
// token) on a free admin port, reading the sample campaign, writing into a
// temporary folder, and the environment that puts its token file there.
func embeddedDefault(t *testing.T) (config.Config, func(string) string) {
	t.Helper()
	dir := t.TempDir()
	cfg := config.Default()
	cfg.Admin.Addr = fmt.Sprintf("127.0.0.1:%d", freePort(t))
	cfg.CSV.Dir, _ = filepath.Abs("../deploy/examples/sample-campaign")
	cfg.CSV.OutputDir = filepath.Join(dir, "out")
	cfg.Worker.ShutdownTimeout = 5 * time.Second
	return cfg, func(k string) string {
		if k == "ABMSYNC_STATE_DIR" {
			return dir
		}
		return ""
	}
}

// TestBusyPortKeepsTokenFile starts the embedded default on an address
// another daemon holds: it fails on the port and leaves that daemon's token
// file as it was, so the CLI keeps reaching the first daemon.
func TestBusyPortKeepsTokenFile(t *testing.T) {
	t.Parallel()
	cfg, getenv := embeddedDefault(t)
	ln, err := net.Listen("tcp", cfg.Admin.Addr)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	tokenFile := LocalTokenPath(getenv)
	if err := os.WriteFile(tokenFile, []byte("first-daemons-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var logs lockedBuffer
	err = Run(context.Background(), cfg, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil)), Getenv: getenv})
	if err == nil || !strings.Contains(err.Error(), "listen on "+cfg.Admin.Addr) {
		t.Fatalf("Run on a busy port = %v, want the listen error", err)
	}
	if b, _ := os.ReadFile(tokenFile); string(b) != "first-daemons-token\n" {
		t.Errorf("token file now holds %q: the failed daemon replaced the first one's token", b)
	}
	if strings.Contains(logs.String(), "admin token generated") {
		t.Errorf("the failed daemon claims a token:\n%s", logs.String())
	}
}

// TestCleanShutdown stops an idle embedded default the way SIGTERM does:
// Run returns nil, and nothing is logged at ERROR level. The token file it
// wrote (mode 0600) opens the admin API while it runs.
func TestCleanShutdown(t *testing.T) {
	t.Parallel()
	cfg, getenv := embeddedDefault(t)
	cfg.Schedules = map[string]string{} // idle: no first sync
	var logs lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, cfg, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil)), Getenv: getenv})
	}()
	base := "http://" + cfg.Admin.Addr
	waitFor(t, "healthz", func() bool { return status(base+"/healthz") == 200 })

	tok, err := ReadLocalToken(getenv)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(LocalTokenPath(getenv)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("token file mode = %v, %v; want 0600", fi.Mode(), err)
	}
	req, _ := http.NewRequest(http.MethodGet, base+"/api/status", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /api/status with the file's token: %d", resp.StatusCode)
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(LocalTokenPath(getenv)), ".admin-token-*")); len(m) > 0 {
		t.Errorf("temporary token files left: %v", m)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run returned %v on shutdown", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no shutdown within 30s")
	}
	out := logs.String()
	if !strings.Contains(out, "shutting down") {
		t.Errorf("no shutdown line in:\n%s", out)
	}
	for line := range strings.SplitSeq(out, "\n") {
		if strings.Contains(line, "level=ERROR") {
			t.Errorf("clean shutdown logged an error: %s", line)
		}
	}
}
