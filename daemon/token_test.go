package daemon

import (
	"context"
	"errors"
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
	"github.com/abmsync/abmsync/internal/porttest"
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
	cfg.Admin.Addr = porttest.Addr(t)
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

// testAdminToken is the admin token of the daemons these tests start.
const testAdminToken = "daemon-test-token-0123456789abcdef"

// TestWriteLocalToken: whatever was at the token file's place before, the
// token ends up in a file of mode 0600 that only the daemon made; a
// symbolic link or a folder anyone may write to is refused.
func TestWriteLocalToken(t *testing.T) {
	t.Parallel()
	const tok = "0123456789abcdef0123456789abcdef"
	t.Run("pre-created file with mode 0666", func(t *testing.T) {
		t.Parallel()
		p := filepath.Join(t.TempDir(), "admin-token")
		if err := os.WriteFile(p, []byte("old\n"), 0o666); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, 0o666); err != nil { // past the umask
			t.Fatal(err)
		}
		if err := writeLocalToken(p, tok); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("mode after writing: %v, %v; want 0600", fi.Mode(), err)
		}
		if b, _ := os.ReadFile(p); string(b) != tok+"\n" {
			t.Errorf("file holds %q", b)
		}
	})
	t.Run("hard link to another file", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		other, p := filepath.Join(dir, "other"), filepath.Join(dir, "admin-token")
		if err := os.WriteFile(other, []byte("someone else's\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Link(other, p); err != nil {
			t.Skip("no hard links here:", err)
		}
		if err := writeLocalToken(p, tok); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(other); string(b) != "someone else's\n" {
			t.Errorf("the token went into the linked file: %q", b)
		}
	})
	t.Run("symbolic link", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		target, p := filepath.Join(dir, "elsewhere"), filepath.Join(dir, "admin-token")
		if err := os.WriteFile(target, []byte("keep\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
		err := writeLocalToken(p, tok)
		if err == nil || !strings.Contains(err.Error(), "symbolic link") {
			t.Errorf("writeLocalToken over a symlink = %v, want it refused", err)
		}
		if b, _ := os.ReadFile(target); string(b) != "keep\n" {
			t.Errorf("the link's target now holds %q", b)
		}
		if fi, err := os.Lstat(p); err != nil || fi.Mode()&os.ModeSymlink == 0 {
			t.Errorf("the link was replaced: %v %v", fi, err)
		}
	})
	t.Run("folder writable by everyone", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(t.TempDir(), "shared")
		if err := os.Mkdir(dir, 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o777); err != nil {
			t.Fatal(err)
		}
		err := writeLocalToken(filepath.Join(dir, "admin-token"), tok)
		if err == nil || !strings.Contains(err.Error(), "ABMSYNC_STATE_DIR") {
			t.Errorf("writeLocalToken in a 0777 folder = %v, want it refused naming ABMSYNC_STATE_DIR", err)
		}
		if strings.Contains(fmt.Sprint(err), tok) {
			t.Errorf("the error holds the token")
		}
	})
	t.Run("new folder", func(t *testing.T) {
		t.Parallel()
		p := filepath.Join(t.TempDir(), "state", "admin-token")
		if err := writeLocalToken(p, tok); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(filepath.Dir(p)); err != nil || fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("folder mode %v, %v; want private", fi.Mode(), err)
		}
	})
}

// TestWeakAdminTokenRefused: Run refuses a token that can be guessed, with
// an error naming the setting, before it listens.
func TestWeakAdminTokenRefused(t *testing.T) {
	t.Parallel()
	cfg, getenv := embeddedDefault(t)
	for _, tok := range []string{" ", "test-token", "0123456789abcdef0123456789abcde"} {
		cfg.Admin.Token = tok
		err := Run(context.Background(), cfg, Options{Logger: slog.New(slog.DiscardHandler), Getenv: getenv})
		var ce *config.Error
		if !errors.As(err, &ce) || ce.Key != "admin.token" {
			t.Errorf("Run with a %d-character token = %v, want a config error naming admin.token", len(tok), err)
		}
	}
}

func TestAdminBaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		public, bound, want string
	}{
		{"", "127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"", "[::]:8080", "http://localhost:8080"},
		{"", "0.0.0.0:8080", "http://localhost:8080"},
		{"", "[::1]:8080", "http://[::1]:8080"},
		{"", "192.0.2.10:8080", "http://192.0.2.10:8080"},
		{"https://abmsync.example.com/", "[::]:8080", "https://abmsync.example.com"},
	}
	for _, tt := range tests {
		addr, err := net.ResolveTCPAddr("tcp", tt.bound)
		if err != nil {
			t.Fatal(err)
		}
		if got := adminBaseURL(tt.public, addr); got != tt.want {
			t.Errorf("adminBaseURL(%q, %s) = %q, want %q", tt.public, tt.bound, got, tt.want)
		}
	}
}

func TestWarnExposedAdmin(t *testing.T) {
	t.Parallel()
	tests := []struct {
		bound, public string
		warn          bool
	}{
		{"127.0.0.1:8080", "", false},
		{"[::1]:8080", "", false},
		{"[::]:8080", "", true},
		{"0.0.0.0:8080", "", true},
		{"192.0.2.10:8080", "http://192.0.2.10:8080", true},
		{"192.0.2.10:8080", "https://abmsync.example.com", false},
	}
	for _, tt := range tests {
		var logs lockedBuffer
		addr, _ := net.ResolveTCPAddr("tcp", tt.bound)
		warnExposedAdmin(slog.New(slog.NewTextHandler(&logs, nil)), config.AdminConfig{PublicURL: tt.public}, addr)
		if got := strings.Contains(logs.String(), "without TLS"); got != tt.warn {
			t.Errorf("%s with public_url %q: warned %v, want %v: %s", tt.bound, tt.public, got, tt.warn, logs.String())
		}
	}
}

// TestMonitoringModes starts the daemon with each admin.monitoring value
// and asks asynqmon for a page and for a queue pause: off mounts nothing,
// read-only (the default) shows pages and refuses the pause, read-write
// takes it. Every answer forbids framing.
func TestMonitoringModes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		mode            string
		wantPage, pause int
	}{
		{config.MonitoringOff, http.StatusNotFound, http.StatusNotFound},
		{config.MonitoringReadOnly, http.StatusOK, http.StatusMethodNotAllowed},
		{config.MonitoringReadWrite, http.StatusOK, http.StatusNoContent},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			t.Parallel()
			cfg, getenv := embeddedDefault(t)
			cfg.Schedules = map[string]string{}
			cfg.Admin.Token, cfg.Admin.Monitoring = testAdminToken, tt.mode
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() {
				done <- Run(ctx, cfg, Options{Logger: slog.New(slog.DiscardHandler), Getenv: getenv})
			}()
			defer func() {
				cancel()
				if err := <-done; err != nil {
					t.Error(err)
				}
			}()
			base := "http://" + cfg.Admin.Addr
			waitFor(t, "healthz", func() bool { return status(base+"/healthz") == 200 })
			do := func(method, path string) *http.Response {
				t.Helper()
				req, _ := http.NewRequest(method, base+path, nil)
				req.Header.Set("Authorization", "Bearer "+testAdminToken)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				return resp
			}
			page := do(http.MethodGet, "/monitoring/")
			if page.StatusCode != tt.wantPage {
				t.Errorf("GET /monitoring/: %d, want %d", page.StatusCode, tt.wantPage)
			}
			if page.Header.Get("X-Frame-Options") != "DENY" {
				t.Errorf("GET /monitoring/: X-Frame-Options %q, want DENY", page.Header.Get("X-Frame-Options"))
			}
			if got := do(http.MethodPost, "/monitoring/api/queues/default:pause").StatusCode; got != tt.pause {
				t.Errorf("pause a queue: %d, want %d", got, tt.pause)
			}
		})
	}
}
