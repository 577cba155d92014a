package chaos

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/connectors/salesforce/salesforcetest"
	"github.com/abmsync/abmsync/internal/porttest"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/store"
)

// adminToken is the admin token every daemon of the suite is given.
const adminToken = "chaos-admin-token-0123456789abcdef"

var (
	// binary is the abmsync binary TestMain built; empty when the suite is
	// off.
	binary string
	// skipReason, when set, makes every test skip with it.
	skipReason string
	// chaosOn and haOn say which suites run: the crash-safety suite
	// (ABMSYNC_CHAOS=1) and the Redis Sentinel, Cluster and replicas suite
	// (ABMSYNC_REDIS_HA=1, ha_test.go); both share this harness.
	chaosOn, haOn bool
	// genNow is the "today" of every generated portal, so that a scenario's
	// portal and its clean reference hold the same records.
	genNow = time.Now().UTC().Truncate(time.Second)
)

func TestMain(m *testing.M) {
	chaosOn, haOn = os.Getenv("ABMSYNC_CHAOS") == "1", os.Getenv(redistest.HAEnv) == "1"
	if !chaosOn && !haOn {
		skipReason = "chaos suite off: set ABMSYNC_CHAOS=1 (make chaos) or ABMSYNC_REDIS_HA=1 (make redis-ha); it runs real processes for minutes"
		os.Exit(m.Run())
	}
	if _, err := exec.LookPath("redis-server"); err != nil {
		skipReason = "redis-server not found in PATH: the chaos suite starts its own Redis servers (apt-get install redis-server)"
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "abmsync-chaos-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "chaos:", err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "abmsync")
	start := time.Now()
	build := exec.Command("go", "build", "-o", binary, "./cmd/abmsync")
	build.Dir = "../.."
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "chaos: go build ./cmd/abmsync: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "chaos: built %s in %s\n", binary, time.Since(start).Round(time.Millisecond))
	code := m.Run()
	if !chaosOn {
		os.RemoveAll(dir)
		os.Exit(code)
	}
	// A run of some scenarios (-run) must not replace the whole suite's
	// table with its few rows: it writes beside it, untracked.
	results := "RESULTS.md"
	if f := flag.Lookup("test.run"); f != nil && f.Value.String() != "" {
		results = "RESULTS-partial.md"
	}
	if err := writeResults(results); err != nil {
		fmt.Fprintln(os.Stderr, "chaos: write", results+":", err)
	} else {
		fmt.Fprintln(os.Stderr, "chaos: results written to", results)
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// requireChaos skips t unless the suite is on.
func requireChaos(t *testing.T) {
	t.Helper()
	if skipReason != "" {
		t.Skip(skipReason)
	}
	if !chaosOn {
		t.Skip("crash-safety suite off: set ABMSYNC_CHAOS=1 (make chaos)")
	}
}

// requireHA skips t unless the Redis HA suite is on.
func requireHA(t *testing.T) {
	t.Helper()
	if skipReason != "" {
		t.Skip(skipReason)
	}
	redistest.RequireHA(t)
}

// proc is a child process in its own process group, killed with its group
// when the test ends.
type proc struct {
	name string
	cmd  *exec.Cmd
	log  string // file holding its stdout and stderr
	done chan struct{}
	err  error // Wait's result, once done is closed
}

// startProc starts bin args with env (nothing inherited but PATH), output
// appended to logPath.
func startProc(t *testing.T, name, logPath string, env []string, bin string, args ...string) *proc {
	t.Helper()
	f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(f, "\n===== %s start %s =====\n", name, time.Now().Format(time.RFC3339Nano))
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		f.Close()
		t.Fatalf("start %s: %v", name, err)
	}
	p := &proc{name: name, cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		f.Close()
		close(p.done)
	}()
	t.Cleanup(func() { p.kill() })
	return p
}

// kill sends SIGKILL to the process group and waits for the process.
func (p *proc) kill() {
	if p.exited() {
		return
	}
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
	}
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// waitExit waits up to d for the process to end.
func (p *proc) waitExit(d time.Duration) bool {
	select {
	case <-p.done:
		return true
	case <-time.After(d):
		return false
	}
}

// exitCode is the process's exit status, -1 when killed by a signal.
func (p *proc) exitCode() int {
	if p.cmd.ProcessState == nil {
		return -1
	}
	return p.cmd.ProcessState.ExitCode()
}

// tail returns the last n lines of a log file.
func tail(path string, n int) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// redisServer is a redis-server on a loopback port.
type redisServer struct {
	t       *testing.T
	name    string
	addr    string
	dir     string
	persist bool
	p       *proc
	rdb     redis.UniversalClient
	// haURL, when set, is the redis-sentinel:// or redis-cluster:// URL the
	// daemons use instead of this server's (rdb then reaches the same
	// set-up; start and crash do not apply).
	haURL string
}

// startRedis starts a redis-server on a free port with its data in a new
// folder; persist turns on AOF with fsync at every write, else it keeps
// nothing on disk.
func startRedis(t *testing.T, name string, persist bool) *redisServer {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "redis-"+name)
	if keep := os.Getenv("ABMSYNC_CHAOS_LOGS"); keep != "" {
		dir = filepath.Join(keep, strings.ReplaceAll(t.Name(), "/", "_"), "redis-"+name)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	r := &redisServer{t: t, name: name, addr: porttest.Addr(t), dir: dir, persist: persist}
	r.start()
	r.rdb = redis.NewClient(&redis.Options{Addr: r.addr, MaxRetries: -1, DialTimeout: time.Second})
	t.Cleanup(func() { _ = r.rdb.Close() })
	return r
}

func (r *redisServer) start() {
	r.t.Helper()
	_, port, _ := net.SplitHostPort(r.addr)
	args := []string{"--port", port, "--bind", "127.0.0.1", "--dir", r.dir, "--save", "", "--protected-mode", "yes"}
	if r.persist {
		args = append(args, "--appendonly", "yes", "--appendfsync", "always")
	} else {
		args = append(args, "--appendonly", "no")
	}
	r.p = startProc(r.t, "redis-"+r.name, filepath.Join(r.dir, "redis.log"), []string{"PATH=" + os.Getenv("PATH")}, "redis-server", args...)
	c := redis.NewClient(&redis.Options{Addr: r.addr, MaxRetries: -1})
	defer c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			return
		}
		if r.p.exited() || time.Now().After(deadline) {
			r.t.Fatalf("redis-server on %s did not start: %v\n%s", r.addr, err, tail(r.p.log, 20))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// crash kills redis-server with SIGKILL.
func (r *redisServer) crash() { r.p.kill() }

// url is the REDIS_URL of database 0.
func (r *redisServer) url() string {
	if r.haURL != "" {
		return r.haURL
	}
	return "redis://" + r.addr + "/0"
}

// store reads abmsync's keys in this Redis (read-only use).
func (r *redisServer) store() *store.Store { return store.New(r.rdb, "abmsync") }

// world is one scenario's environment: a Redis, a fake portal, a config.
type world struct {
	t      *testing.T
	name   string
	dir    string
	redis  *redisServer
	portal *hubspottest.Server
	// org, when set, is the fake Salesforce org the daemons sync instead
	// of portal.
	org    *salesforcetest.Server
	config string
}

// genOptions is the portal every scenario syncs.
func genOptions(seed int64) hubspottest.GenOptions {
	return hubspottest.GenOptions{Companies: 2000, Contacts: 20000, Deals: 4000, TargetShare: 0.1, Seed: seed, Now: genNow}
}

// newWorld starts a Redis (persist: AOF) and a fake portal generated from
// gen, and writes yaml as the daemons' config file.
func newWorld(t *testing.T, name string, gen hubspottest.GenOptions, persist bool, yaml string) *world {
	t.Helper()
	return newWorldOn(t, name, gen, func() *redisServer { return startRedis(t, name, persist) }, yaml)
}

// newWorldOn is newWorld on the Redis redis returns (a single server, or a
// Sentinel or Cluster set-up with haURL set).
func newWorldOn(t *testing.T, name string, gen hubspottest.GenOptions, redis func() *redisServer, yaml string) *world {
	t.Helper()
	w := &world{t: t, name: name, dir: t.TempDir()}
	if keep := os.Getenv("ABMSYNC_CHAOS_LOGS"); keep != "" {
		// Keep the logs (and Redis's folder) for a post-mortem.
		w.dir = filepath.Join(keep, strings.ReplaceAll(t.Name(), "/", "_"), name)
		if err := os.MkdirAll(w.dir, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	w.redis = redis()
	w.portal = hubspottest.NewServer(hubspottest.Options{Data: hubspottest.Generate(gen)})
	t.Cleanup(w.portal.Close)
	w.config = filepath.Join(w.dir, "abmsync.yaml")
	if err := os.WriteFile(w.config, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return w
}

// daemon is one "abmsync serve" process of a world, restartable.
type daemon struct {
	w     *world
	name  string
	admin string
	log   string
	p     *proc
	// started is when the current process was started.
	started time.Time
}

func (w *world) newDaemon(name string) *daemon {
	return &daemon{w: w, name: name, admin: porttest.Addr(w.t), log: filepath.Join(w.dir, name+".log")}
}

// env is the environment of the daemon and of the CLI talking to it.
func (d *daemon) env() []string {
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + d.w.dir,
		"TMPDIR=" + os.TempDir(),
		"ABMSYNC_STATE_DIR=" + d.w.dir,
		"REDIS_URL=" + d.w.redis.url(),
		"ABMSYNC_CONFIG=" + d.w.config,
		"ABMSYNC_ADMIN_ADDR=" + d.admin,
		"ABMSYNC_ADMIN_TOKEN=" + adminToken,
	}
	if d.w.org != nil {
		return append(env,
			"ABMSYNC_SALESFORCE_LOGIN_URL="+d.w.org.LoginURL(),
			"ABMSYNC_SALESFORCE_CLIENT_ID="+sfClientID,
			"ABMSYNC_SALESFORCE_CLIENT_SECRET="+sfClientSecret,
			"ABMSYNC_SALESFORCE_REFRESH_TOKEN="+sfRefreshToken)
	}
	return append(env,
		"ABMSYNC_HUBSPOT_BASE_URL="+d.w.portal.URL(),
		"ABMSYNC_HUBSPOT_ACCESS_TOKEN="+d.w.portal.AccessToken())
}

// start runs "abmsync serve" and waits until /healthz answers.
func (d *daemon) start() {
	t := d.w.t
	t.Helper()
	d.started = time.Now()
	d.p = startProc(t, d.name, d.log, d.env(), binary, "serve")
	deadline := time.Now().Add(30 * time.Second)
	for {
		if code, _ := d.get("/healthz"); code == http.StatusOK {
			return
		}
		if d.p.exited() {
			t.Fatalf("%s exited at start-up (status %d):\n%s", d.name, d.p.exitCode(), tail(d.log, 40))
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not healthy after 30s:\n%s", d.name, tail(d.log, 40))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill9 kills the daemon with SIGKILL.
func (d *daemon) kill9() {
	_ = d.p.cmd.Process.Signal(syscall.SIGKILL)
	if !d.p.waitExit(10 * time.Second) {
		d.w.t.Fatalf("%s did not die of SIGKILL", d.name)
	}
}

// stop ends the daemon with SIGTERM (SIGKILL after 60s).
func (d *daemon) stop() {
	if d.p == nil || d.p.exited() {
		return
	}
	_ = d.p.cmd.Process.Signal(syscall.SIGTERM)
	if !d.p.waitExit(60 * time.Second) {
		d.p.kill()
	}
}

var httpClient = &http.Client{Timeout: 5 * time.Second}

// get fetches path from the admin server: status and body, 0 when it does
// not answer.
func (d *daemon) get(path string) (int, string) {
	req, _ := http.NewRequest(http.MethodGet, "http://"+d.admin+path, nil)
	req.Header.Set("Authorization", "Bearer "+adminToken)
	resp, err := httpClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String()
}

// cliResult is one CLI invocation.
type cliResult struct {
	args           []string
	code           int
	stdout, stderr string
	took           time.Duration
}

func (r cliResult) String() string {
	return fmt.Sprintf("abmsync %s: exit %d after %s\nstdout:\n%s\nstderr:\n%s", strings.Join(r.args, " "), r.code,
		r.took.Round(time.Millisecond), r.stdout, r.stderr)
}

// runID is the run the resync output names.
var runIDRE = regexp.MustCompile(`(?m)^run (\S+) `)

func (r cliResult) runID() string {
	if m := runIDRE.FindStringSubmatch(r.stdout); m != nil {
		return m[1]
	}
	return ""
}

// joined reports whether resync joined a run already queued or running.
func (r cliResult) joined() bool { return strings.Contains(r.stdout, "joining it") }

// cli runs the abmsync CLI against the daemon, bounded by timeout.
func (d *daemon) cli(timeout time.Duration, args ...string) cliResult {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = d.env()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	start := time.Now()
	err := cmd.Run()
	res := cliResult{args: args, stdout: out.String(), stderr: errb.String(), took: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
	default:
		res.code = -1
		res.stderr += "\n" + err.Error()
	}
	return res
}

// cliAsync starts the CLI in the background (e.g. resync --wait across a
// fault); its result arrives on the channel.
func (d *daemon) cliAsync(timeout time.Duration, args ...string) <-chan cliResult {
	ch := make(chan cliResult, 1)
	go func() { ch <- d.cli(timeout, args...) }()
	return ch
}

// resyncWait is "abmsync resync --wait --poll 100ms ARGS".
func (d *daemon) resyncWait(timeout time.Duration, args ...string) cliResult {
	return d.cli(timeout, append([]string{"resync", "--wait", "--poll", "100ms"}, args...)...)
}

// progress is the part of a run that moves while it works.
func progress(r store.Run) string {
	return fmt.Sprintf("%s|%s|p%d|d%d|c%d|u%d|w%d|a%d", r.State, r.Step, r.Pulled, r.Deleted, r.Computed, r.Pushed, r.Writes, r.APICalls)
}

// where describes a run's position, for the report.
func where(r store.Run) string {
	if r.ID == "" {
		return "no run"
	}
	if r.Done() {
		return r.State
	}
	return fmt.Sprintf("%s %s (pulled %d, pushed %d)", r.State, r.Step, r.Pulled, r.Pushed)
}

// getRun reads run id from Redis; the zero Run when it does not exist or
// Redis does not answer.
func (w *world) getRun(id string) store.Run {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	r, _ := w.redis.store().GetRun(ctx, id)
	return r
}

// runs returns every run in the store's index, oldest first.
func (w *world) runs() []store.Run {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ids, err := w.redis.store().RecentRuns(ctx, 1000)
	if err != nil {
		w.t.Fatalf("list runs: %v", err)
	}
	var out []store.Run
	for _, id := range ids {
		if r, err := w.redis.store().GetRun(ctx, id); err == nil {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt.Before(out[j].CreatedAt) })
	return out
}

// waitRun polls run id until cond holds, up to limit; it returns how long
// that took and whether it held.
func (w *world) waitRun(id string, limit time.Duration, cond func(store.Run) bool) (time.Duration, bool) {
	start := time.Now()
	for time.Since(start) < limit {
		if cond(w.getRun(id)) {
			return time.Since(start), true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return time.Since(start), false
}

// leftovers lists what a quiet daemon should not have: runs not done, run
// slots, and asynq tasks not yet finished; archived tasks are reported as
// well, with their last error.
func (w *world) leftovers() (problems []string, archived []string) {
	for _, r := range w.runs() {
		if !r.Done() {
			problems = append(problems, fmt.Sprintf("run %s (%s, trigger %s) is %s at %q", r.ID, r.ScopeKey, r.Trigger, r.State, r.Step))
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	slots, err := w.redis.store().RunSlots(ctx)
	if err != nil {
		problems = append(problems, "read run slots: "+err.Error())
	}
	for id, s := range slots {
		problems = append(problems, fmt.Sprintf("run slot %s left: %s", id, s))
	}
	insp := asynq.NewInspectorFromRedisClient(w.redis.rdb)
	queues, _ := insp.Queues()
	slices.Sort(queues)
	for _, q := range queues {
		info, err := insp.GetQueueInfo(q)
		if err != nil {
			problems = append(problems, fmt.Sprintf("queue %s: %v", q, err))
			continue
		}
		if n := info.Active + info.Pending + info.Retry + info.Scheduled; n > 0 {
			problems = append(problems, fmt.Sprintf("queue %s: active %d pending %d retry %d scheduled %d", q, info.Active, info.Pending, info.Retry, info.Scheduled))
		}
		if info.Archived > 0 {
			tasks, _ := insp.ListArchivedTasks(q, asynq.PageSize(20))
			for _, ti := range tasks {
				archived = append(archived, fmt.Sprintf("%s %s: %s", q, ti.ID, ti.LastErr))
			}
		}
	}
	return problems, archived
}

// waitQuiet waits up to limit for leftovers to clear (a finished run's last
// task is marked done just after the run).
func (w *world) waitQuiet(limit time.Duration) (problems, archived []string) {
	deadline := time.Now().Add(limit)
	for {
		problems, archived = w.leftovers()
		if len(problems) == 0 || time.Now().After(deadline) {
			return problems, archived
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// waitRecovered is waitQuiet for a world where asynq still lists tasks as
// active that no process runs (their process was killed, or Redis went
// away while they ended): they stay until their lease expires and asynq's
// recoverer hands them back, and then they must end without a trace.
func (w *world) waitRecovered() (problems, archived []string) {
	return w.waitQuiet(recoveryBound(1) + 30*time.Second)
}

// countLines counts the lines of a log file that contain s.
func countLines(path, s string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if strings.Contains(sc.Text(), s) {
			n++
		}
	}
	return n
}

// grepLines returns up to max lines of a log file that contain s.
func grepLines(path, s string, max int) []string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() && len(out) < max {
		if strings.Contains(sc.Text(), s) {
			out = append(out, sc.Text())
		}
	}
	return out
}

// result is one row of the results table.
type result struct {
	// ID numbers the row by its fault ("1", "2a" ...), the numbers the
	// results have always carried, so runs compare row by row; the table
	// is sorted by it.
	ID                                                        string
	Fault, Runs, FinalDiff, Duplicates, LongestBlock, Outcome string
}

var (
	resultsMu sync.Mutex
	results   []result
	notes     []string
	sections  []string
	seedUsed  int64
)

func record(t *testing.T, r result) {
	t.Helper()
	resultsMu.Lock()
	results = append(results, r)
	resultsMu.Unlock()
	t.Logf("RESULT | %s | %s | %s | %s | %s | %s | %s", r.ID, r.Fault, r.Runs, r.FinalDiff, r.Duplicates, r.LongestBlock, r.Outcome)
}

// note adds a line under the results table.
func note(t *testing.T, format string, args ...any) {
	t.Helper()
	s := fmt.Sprintf(format, args...)
	resultsMu.Lock()
	notes = append(notes, s)
	resultsMu.Unlock()
	t.Log(s)
}

// section adds a titled block (markdown) after the notes of RESULTS.md.
func section(title, body string) {
	resultsMu.Lock()
	sections = append(sections, "## "+title+"\n\n"+body)
	resultsMu.Unlock()
}

func resultsTable() string {
	var b strings.Builder
	b.WriteString("| # | fault | runs | final diff vs clean run | duplicates | longest block | outcome |\n|---|---|---|---|---|---|---|\n")
	rows := slices.Clone(results)
	slices.SortStableFunc(rows, func(a, b result) int { return strings.Compare(a.ID, b.ID) })
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", r.ID, r.Fault, r.Runs, r.FinalDiff, r.Duplicates, r.LongestBlock, r.Outcome)
	}
	return b.String()
}

// writeResults writes the table, the notes and how they were made.
func writeResults(path string) error {
	resultsMu.Lock()
	defer resultsMu.Unlock()
	if len(results) == 0 {
		return nil
	}
	host, _ := os.Hostname()
	var b strings.Builder
	b.WriteString("# Crash-safety results\n\n")
	fmt.Fprintf(&b, "- date: %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "- machine: %s, %s/%s, %d CPUs (%s), %s\n", host, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuModel(), runtime.Version())
	fmt.Fprintf(&b, "- redis: %s\n", redisVersion())
	fmt.Fprintf(&b, "- command: `ABMSYNC_CHAOS=1 go test -count=1 -timeout 30m -v ./test/chaos/` (`make chaos`)")
	if seedUsed != 0 {
		fmt.Fprintf(&b, ", seed %d (`ABMSYNC_CHAOS_SEED=%d` repeats the kill points)", seedUsed, seedUsed)
	}
	b.WriteString("\n- portal: 2,000 companies (200 target accounts), 20,000 contacts, 4,000 deals (hubspottest.Generate); 5a–5c: 300 companies " +
		"(150 target accounts), 3,000 contacts, 600 deals; \"clean\" is the same portal synced once by a daemon without faults, " +
		"compared on every abm_* property of every company and on the contact ids; 6: a fake Salesforce org (salesforcetest.Generate) of 2,000 accounts " +
		"(200 target accounts), 20,000 contacts, 4,000 opportunities, compared on every ABM_* field of every account and on the contact ids\n\n")
	b.WriteString(resultsTable())
	if len(notes) > 0 {
		b.WriteString("\n## Notes\n\n")
		for _, n := range notes {
			b.WriteString("- " + strings.ReplaceAll(n, "\n", "\n  ") + "\n")
		}
	}
	for _, sec := range sections {
		b.WriteString("\n" + sec + "\n")
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "model name") {
			if _, v, ok := strings.Cut(l, ":"); ok {
				return strings.TrimSpace(v)
			}
		}
	}
	return "unknown CPU"
}

func redisVersion() string {
	out, err := exec.Command("redis-server", "--version").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}

// ms formats a duration for the table.
func ms(d time.Duration) string {
	if d >= time.Second {
		return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + " s"
	}
	return strconv.FormatInt(d.Milliseconds(), 10) + " ms"
}

// retriedTasks lists the finished tasks asynq retried, with the retries it
// counted as failures and their last error (a task recovered from a dead
// process says "asynq: task lease expired"; since commit 92ce942
// workers.IsFailure does not count that as a failure), and the most
// counted retries of one task.
func (w *world) retriedTasks() (list []string, most int) {
	insp := asynq.NewInspectorFromRedisClient(w.redis.rdb)
	queues, _ := insp.Queues()
	slices.Sort(queues)
	for _, q := range queues {
		for page := 1; page <= 10; page++ {
			tasks, err := insp.ListCompletedTasks(q, asynq.PageSize(100), asynq.Page(page))
			if err != nil || len(tasks) == 0 {
				break
			}
			for _, ti := range tasks {
				if ti.Retried > 0 || ti.LastErr != "" {
					list = append(list, fmt.Sprintf("%s retried (counted as failures: %d; last error: %s)", ti.ID, ti.Retried, ti.LastErr))
					most = max(most, ti.Retried)
				}
			}
		}
	}
	return list, most
}

// Asynq's recovery of a task whose process died (asynq v0.26: internal/rdb
// LeaseDuration, recoverer.go, server.go).
const (
	asynqLease           = 30 * time.Second // not extended by a dead process
	asynqRecoverCutoff   = 30 * time.Second // leases expired at least this long ago
	asynqRecoverInterval = time.Minute      // how often the recoverer looks
	asynqForwardInterval = 5 * time.Second  // retry -> pending
)

// takeoverBound is the longest a dead process's task waits before the
// daemon runs it again (workers.Takeover): the heartbeat's 10 s, 2 s seen
// without it, two 2 s passes, and the restart itself.
const takeoverBound = 20 * time.Second

// recoveryBound is the longest asynq may leave a task of a dead process
// untouched before running it again, when it is recovered for the n-th
// time (n from 1): lease, cutoff, recoverer interval, the retry delay of
// the (n-1)-th failure (asynq.DefaultRetryDelayFunc, at most
// (n-1)⁴ + 15 + 29·n s: what workers.RetryDelay gave a lease expiry before
// commit 92ce942; since then 1 s, so the bound is generous) and the
// forwarder.
func recoveryBound(n int) time.Duration {
	k := max(n-1, 0)
	delay := time.Duration(k*k*k*k+15+29*(k+1)) * time.Second
	return asynqLease + asynqRecoverCutoff + asynqRecoverInterval + delay + asynqForwardInterval
}
