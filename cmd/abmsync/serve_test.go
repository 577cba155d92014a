package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/abmsync/abmsync/internal/porttest"
)

// embeddedEnv is the environment of the embedded default — no REDIS_URL, no
// admin token, the built-in sample campaign — on a free admin port, with
// its token file and its output in a temporary folder. Only
// csv.output_dir is configured, so that a test writes no out/ folder
// beside the package.
func embeddedEnv(t *testing.T) (env map[string]string, dir string) {
	t.Helper()
	dir = t.TempDir()
	cfg := filepath.Join(dir, "abmsync.yaml")
	if err := os.WriteFile(cfg, fmt.Appendf(nil, "csv:\n  output_dir: %s\n", filepath.Join(dir, "out")), 0o600); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"ABMSYNC_ADMIN_ADDR": porttest.Addr(t), "ABMSYNC_STATE_DIR": dir, "ABMSYNC_CONFIG": cfg}, dir
}

// TestSecondServeKeepsFirstToken starts the embedded default twice with one
// state folder: the second fails on the busy admin port without replacing
// the first one's token file, and the CLI keeps working with the first.
func TestSecondServeKeepsFirstToken(t *testing.T) {
	t.Parallel()
	env, dir := embeddedEnv(t)
	startServe(t, env)
	tokenFile := filepath.Join(dir, "admin-token")
	before, err := os.ReadFile(tokenFile)
	if err != nil {
		t.Fatal(err)
	}

	var logs syncBuffer
	err = run(context.Background(), []string{"serve"}, envFunc(env), &logs, &logs)
	if err == nil || exitCode(err) != 1 || !strings.Contains(err.Error(), "listen on "+env["ABMSYNC_ADMIN_ADDR"]) {
		t.Fatalf("second serve = %v (exit %d), want the busy-port error\n%s", err, exitCode(err), logs.String())
	}
	if after, _ := os.ReadFile(tokenFile); !bytes.Equal(after, before) {
		t.Errorf("the second serve replaced the token file: %q -> %q", before, after)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"status"}, envFunc(env), &out, &out); err != nil {
		t.Fatalf("status against the first daemon after the second failed: %v\n%s", err, out.String())
	}
	if o, _ := resyncWait(t, env); !strings.Contains(o, "succeeded") {
		t.Errorf("resync against the first daemon:\n%s", o)
	}
}

// TestEmbeddedSampleInProcess runs the embedded default from this package's
// folder, where the default csv.dir (deploy/examples/sample-campaign,
// relative) does not exist: the sample comes from the binary.
func TestEmbeddedSampleInProcess(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("deploy/examples/sample-campaign"); err == nil {
		t.Fatal("the test must run where the relative sample folder does not exist")
	}
	env, dir := embeddedEnv(t)
	logs := startServe(t, env)
	out, _ := resyncWait(t, env)
	if !strings.Contains(out, "succeeded") {
		t.Fatalf("run did not succeed:\n%s\n%s", out, logs)
	}
	if rows := readCSV(t, filepath.Join(dir, "out", "companies_abm.csv")); len(rows) != 6 {
		t.Errorf("metrics for %d companies, want the sample's 6 target accounts", len(rows))
	}
	if !strings.Contains(logs.String(), "the sample campaign built into the binary") {
		t.Errorf("no log line says the built-in sample is used:\n%s", logs)
	}
}

// TestBuiltBinaryRunsSampleFromAnyFolder builds abmsync, runs "abmsync
// serve" with no config from an empty folder elsewhere, syncs, and finds
// the demo's output there. SIGTERM then ends it with status 0, no ERROR
// line, and the unpacked sample removed.
func TestBuiltBinaryRunsSampleFromAnyFolder(t *testing.T) {
	t.Parallel()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build the binary with")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "abmsync")
	build := exec.Command(goBin, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	work := filepath.Join(tmp, "elsewhere")
	if err := os.Mkdir(work, 0o700); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"ABMSYNC_ADMIN_ADDR": porttest.Addr(t), "ABMSYNC_STATE_DIR": filepath.Join(tmp, "state")}
	var childEnv []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "REDIS_URL" && !strings.HasPrefix(k, "ABMSYNC_") {
			childEnv = append(childEnv, kv)
		}
	}
	for k, v := range env {
		childEnv = append(childEnv, k+"="+v)
	}
	cmd := exec.Command(bin, "serve")
	cmd.Dir, cmd.Env = work, childEnv
	var logs syncBuffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + env["ABMSYNC_ADMIN_ADDR"] + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("abmsync serve exited: %v\n%s", err, logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("abmsync serve not healthy after 30s:\n%s", logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}

	if out, _ := resyncWait(t, env); !strings.Contains(out, "succeeded") {
		t.Fatalf("run did not succeed:\n%s\n%s", out, logs.String())
	}
	rows := readCSV(t, filepath.Join(work, "out", "companies_abm.csv"))
	if len(rows) != 6 {
		t.Errorf("metrics for %d companies in %s, want the sample's 6 target accounts", len(rows), work)
	}
	var rep bytes.Buffer
	if err := run(context.Background(), []string{"report", "--json"}, envFunc(env), &rep, &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, rep.String())
	}
	var r struct {
		KPIs map[string]map[string]*float64 `json:"kpis"`
	}
	if err := json.Unmarshal(rep.Bytes(), &r); err != nil || r.KPIs["avg_deal_size"]["current"] == nil || *r.KPIs["avg_deal_size"]["current"] != 1480000 {
		t.Errorf("report of the sample: %v\n%s", err, rep.String())
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("abmsync serve ended with %v after SIGTERM, want status 0\n%s", err, logs.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("no exit within 60s of SIGTERM:\n%s", logs.String())
	}
	for line := range strings.SplitSeq(logs.String(), "\n") {
		if strings.Contains(line, "level=ERROR") {
			t.Errorf("error logged by a clean run and shutdown: %s", line)
		}
	}
	m := regexp.MustCompile(`unpacked_to=(\S+)`).FindStringSubmatch(logs.String())
	if m == nil {
		t.Fatalf("no unpacked_to in the log:\n%s", logs.String())
	}
	if _, err := os.Stat(strings.Trim(m[1], `"`)); !os.IsNotExist(err) {
		t.Errorf("unpacked sample %s left behind after exit: %v", m[1], err)
	}
}
