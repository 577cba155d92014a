package chaos

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/store"
)

// The Redis HA suite (ABMSYNC_REDIS_HA=1, "make redis-ha") runs the real
// binary on a Redis Cluster and on a Sentinel set-up, all started here on
// fixed loopback ports 7110-7139 (the store package's cluster test uses
// 7100-7102), and several "serve" processes on one Redis.

// haConfig is the daemons' config in the HA suite: baseConfig, no
// schedules unless extra sets them, and the traffic of 10.9.x.y counted for
// company cidrCompany (no reverse DNS: nothing leaves loopback).
func haConfig(cidrCompany, extra string) string {
	return baseConfig("traffic:\n  reverse_dns: false\n  cidrs:\n    \"" + cidrCompany + "\": [\"10.9.0.0/16\"]\n" + extra)
}

// haPortal is the world's portal prepared for the core steps: the first
// target account renamed so the Connections export below matches it.
func haPortal(p *hubspottest.Server) (target string) {
	for _, id := range p.IDs("companies") {
		if p.Company(id)["hs_is_target_account"] == "true" {
			p.Update("companies", id, map[string]string{"name": "Alpenpharma"})
			return id
		}
	}
	return ""
}

// coreResult is what the core steps leave, to compare between set-ups.
type coreResult struct {
	report map[string]any
	took   map[string]time.Duration
}

// coreSteps runs the end-to-end core on a started daemon: a full sync; an
// incremental sync after edits and deletions in the portal; a LinkedIn
// Connections import (its contacts push writes a key contact); an NPS and
// an access-log import; the KPI report. Each step must succeed.
func coreSteps(t *testing.T, w *world, d *daemon, target string) coreResult {
	t.Helper()
	res := coreResult{took: map[string]time.Duration{}}
	step := func(name string, r cliResult, want string) {
		t.Helper()
		res.took[name] = r.took
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Fatalf("%s on %s: %s\n%s", name, w.name, r, tail(d.log, 30))
		}
	}
	step("full sync", d.resyncWait(5*time.Minute, "--full"), "succeeded")

	ids := w.portal.IDs("companies")
	for _, id := range ids[len(ids)-5:] {
		w.portal.Update("companies", id, map[string]string{"hs_is_target_account": "true"})
	}
	contacts := w.portal.IDs("contacts")
	for _, id := range contacts[:20] {
		w.portal.Update("contacts", id, map[string]string{"jobtitle": "Head of Procurement"})
	}
	for _, id := range contacts[20:23] {
		w.portal.Archive("contacts", id)
	}
	w.portal.Archive("companies", ids[len(ids)-6])
	step("incremental sync", d.resyncWait(5*time.Minute), "succeeded")

	dir := t.TempDir()
	conns := filepath.Join(dir, "Connections.csv")
	writeFile(t, conns, "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"+
		"Lena,Wagner,https://www.linkedin.com/in/lena-wagner-123,,Alpenpharma GmbH,Leiterin Einkauf,09 Oct 2024\r\n")
	imp := d.cli(2*time.Minute, "import", "linkedin-connections", "--owner", "Max Muster", conns)
	step("connections import", imp, "1 at target accounts")
	if m := importRunRE.FindStringSubmatch(imp.stdout); m != nil {
		if _, ok := w.waitRun(m[1], 2*time.Minute, func(r store.Run) bool { return r.Done() }); !ok || w.getRun(m[1]).State != "succeeded" {
			t.Fatalf("contacts push run %s on %s: %+v", m[1], w.name, w.getRun(m[1]))
		}
	}
	day := genNow.Format("2006-01-02")
	nps := filepath.Join(dir, "nps.csv")
	writeFile(t, nps, "company_id,score,date\n"+target+",9,"+day+"\n"+ids[len(ids)-1]+",4,"+day+"\n")
	step("nps import", d.cli(time.Minute, "import", "nps", "--source", "survey", nps), "")
	logf := filepath.Join(dir, "access.log")
	stamp := genNow.Format("02/Jan/2006:15:04:05 -0700")
	var lines strings.Builder
	for i := range 50 {
		fmt.Fprintf(&lines, "10.9.0.%d - - [%s] \"GET /products/%d HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n", i%7, stamp, i%3)
	}
	writeFile(t, logf, lines.String())
	step("access-log import", d.cli(time.Minute, "import", "access-log", logf), "")
	rep := d.cli(time.Minute, "report", "--json")
	step("report", rep, "{")
	if err := json.Unmarshal([]byte(rep.stdout), &res.report); err != nil {
		t.Fatalf("report --json on %s: %v\n%s", w.name, err, rep.stdout)
	}
	return res
}

var importRunRE = regexp.MustCompile(`run (\S+) pushes`)

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
}

// stripTimes removes the report's clock readings (generated_at and the
// like), which differ between two runs of the same data.
func stripTimes(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, val := range x {
			if strings.HasSuffix(k, "_at") || k == "generated" || k == "now" {
				continue
			}
			out[k] = stripTimes(val)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, val := range x {
			out[i] = stripTimes(val)
		}
		return out
	}
	return v
}

// TestClusterCore runs the end-to-end core (full sync, incremental sync,
// contacts push, imports, KPI report) on a real 3-master Redis Cluster and
// on a single server, and requires the same CRM and the same report, with
// nothing left queued or failed.
func TestClusterCore(t *testing.T) {
	requireHA(t)
	gen := genOptions(13)
	cl := redistest.StartCluster(t, 7110, 7111, 7112)
	start := time.Now()
	cw := newWorldOn(t, "cluster", gen, func() *redisServer {
		return &redisServer{t: t, name: "cluster", addr: cl.Nodes[0].Addr, rdb: cl.Client(t), haURL: cl.URL()}
	}, "")
	target := haPortal(cw.portal)
	writeFile(t, cw.config, haConfig(target, "schedules: {}\n"))
	cd := cw.newDaemon("cluster")
	cd.start()
	got := coreSteps(t, cw, cd, target)
	if problems, archived := cw.waitQuiet(30 * time.Second); len(problems)+len(archived) > 0 {
		t.Errorf("cluster: left behind: %v; archived: %v", problems, archived)
	}
	cd.stop()
	if n := countLines(cd.log, "CROSSSLOT"); n > 0 {
		t.Errorf("cluster: %d CROSSSLOT errors in the daemon's log", n)
	}
	t.Logf("cluster core steps took %s: %v", time.Since(start).Round(time.Millisecond), got.took)

	sw := newWorld(t, "single", gen, false, "")
	writeFile(t, sw.config, haConfig(haPortal(sw.portal), "schedules: {}\n"))
	sd := sw.newDaemon("single")
	sd.start()
	want := coreSteps(t, sw, sd, target)
	sd.stop()
	t.Logf("single-server core steps: %v", want.took)

	if d := diffCRM(snapshot(sw.portal), snapshot(cw.portal)); !d.none() {
		t.Errorf("the CRM after the cluster run differs from the single-server run: %s\n%s", d, strings.Join(d.examples, "\n"))
	}
	if g, w := stripTimes(got.report), stripTimes(want.report); !reflect.DeepEqual(g, w) {
		gb, _ := json.MarshalIndent(g, "", " ")
		wb, _ := json.MarshalIndent(w, "", " ")
		t.Errorf("report on the cluster differs from the single server's:\ncluster %s\nsingle %s", gb, wb)
	}
	lena := 0
	for _, id := range cw.portal.Associations("companies", target, "contacts") {
		if cw.portal.Object("contacts", id)["lastname"] == "Wagner" {
			lena++
		}
	}
	if lena != 1 {
		t.Errorf("cluster: the Connections import wrote %d key contacts Wagner at the target, want 1", lena)
	}
	t.Logf("HA | cluster core | same CRM and report as a single server: %v", !t.Failed())
}

// TestSentinelFailover kills the Redis master (SIGKILL) during a full sync
// on a Sentinel set-up (master, one replica, three sentinels): the daemon
// must follow the sentinels to the promoted replica by itself, the run
// finish (or be retried), and the CRM end identical to a clean run's. It
// reports how long the daemon could not work, and what was lost: records
// missing from the store afterwards, tasks left or failed, duplicate CRM
// writes.
func TestSentinelFailover(t *testing.T) {
	requireHA(t)
	gen := genOptions(17)
	s := redistest.StartSentinel(t, 7120, 7121, time.Second, 7125, 7126, 7127)
	w := newWorldOn(t, "sentinel", gen, func() *redisServer {
		return &redisServer{t: t, name: "sentinel", addr: s.Master.Addr, rdb: s.Client(t), haURL: s.URL()}
	}, "")
	// A budget of 200 calls / 10 s makes the full sync last ~15 s, so the
	// kill lands in its middle; the clean reference runs unlimited.
	writeFile(t, w.config, strings.Replace(haConfig("0", "schedules: {}\n"), "requests_per_10s: 100000", "requests_per_10s: 200", 1))
	d := w.newDaemon("sentinel")
	d.start()
	sync := d.cliAsync(5*time.Minute, "resync", "--full", "--wait", "--poll", "200ms", "--retry-for", "2m")

	// Kill the master once the run has pulled something.
	var runID string
	deadline := time.Now().Add(time.Minute)
	for runID == "" && time.Now().Before(deadline) {
		for _, r := range w.runs() {
			if r.Pulled > 2000 && !r.Done() {
				runID = r.ID
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	if runID == "" {
		t.Fatalf("no run pulled 2000 records within a minute:\n%s", tail(d.log, 30))
	}
	before := w.getRun(runID)
	old := s.Master.Addr
	killed := time.Now()
	s.Master.Kill()

	// Watch the run's progress and /readyz until the run has moved again.
	var promoted, firstProgress, readyBack time.Duration
	notReady := false
	last := progress(before)
	for time.Since(killed) < 2*time.Minute && (promoted == 0 || firstProgress == 0 || readyBack == 0) {
		if promoted == 0 {
			if m, err := s.CurrentMaster(t.Context()); err == nil && m != old {
				promoted = time.Since(killed)
			}
		}
		if firstProgress == 0 {
			if r := w.getRun(runID); r.ID != "" && progress(r) != last {
				firstProgress = time.Since(killed)
			}
		}
		if code, _ := d.get("/readyz"); code != 200 {
			notReady = true
		} else if readyBack == 0 && promoted != 0 {
			readyBack = time.Since(killed)
		}
		time.Sleep(50 * time.Millisecond)
	}
	res := <-sync
	retried := ""
	if res.code != 0 || !strings.Contains(res.stdout, "succeeded") {
		// The run may fail (a step that exhausted its retries while Redis
		// was away); a new full sync must then bring the CRM right.
		retried = fmt.Sprintf("first run ended: %s; ", lastLine(res.stdout+res.stderr))
		if again := d.resyncWait(5*time.Minute, "--full"); again.code != 0 {
			t.Fatalf("full sync after the failover failed:\n%s\n%s", again, tail(d.log, 40))
		}
	}
	problems, archived := w.waitQuiet(2 * time.Minute)
	retriedTasks, _ := w.retriedTasks()
	final := w.getRun(runID)
	ctx := t.Context()
	st := w.redis.store()
	var lost []string
	for _, typ := range []string{"companies", "contacts", "deals"} {
		n, err := st.Count(ctx, crm.ObjectType(typ))
		if err != nil {
			t.Fatal(err)
		}
		if want := len(w.portal.IDs(typ)); int(n) != want {
			lost = append(lost, fmt.Sprintf("%s: %d stored, portal has %d", typ, n, want))
		}
	}
	d.stop()
	diff, dups := compareWithClean(t, w, gen)
	if len(problems) > 0 {
		t.Errorf("left behind after the failover: %v", problems)
	}
	if len(lost) > 0 {
		t.Errorf("records lost from the store: %v", lost)
	}
	t.Logf("HA | sentinel failover | killed master %s at pulled=%d (run %s, step %s); sentinels promoted %s after %s; "+
		"run progressed again after %s; /readyz went 503: %v, 200 again after %s; %srun ended %s after %s (pulled %d, pushed %d); "+
		"tasks retried: %d %v; archived: %v; CRM diff: %s; duplicates: %d; records lost: %d",
		old, before.Pulled, runID, before.Step, s.Replica.Addr, ms(promoted), ms(firstProgress), notReady, ms(readyBack),
		retried, final.State, ms(final.FinishedAt.Sub(final.CreatedAt)), final.Pulled, final.Pushed, len(retriedTasks), retriedTasks, archived, diff, dups, len(lost))
	if firstProgress == 0 {
		t.Errorf("the run did not progress within 2 minutes of the failover:\n%s", tail(d.log, 40))
	}
}

// procPeakRSS is the peak resident memory of a running process (VmHWM),
// 0 when unknown.
func procPeakRSS(p *proc) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			var kb int64
			fmt.Sscan(f[1], &kb)
			return kb << 10
		}
	}
	return 0
}

// redisMemory is INFO memory's used_memory and used_memory_dataset.
func redisMemory(t *testing.T, w *world) (used, dataset int64) {
	t.Helper()
	info, err := w.redis.rdb.Info(t.Context(), "memory").Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(info, "\r\n") {
		k, v, _ := strings.Cut(l, ":")
		switch k {
		case "used_memory":
			fmt.Sscan(v, &used)
		case "used_memory_dataset":
			fmt.Sscan(v, &dataset)
		}
	}
	return used, dataset
}

// waitStartupSync waits for the start-up full sync of a new store.
func (w *world) waitStartupSync(limit time.Duration) store.Run {
	w.t.Helper()
	for deadline := time.Now().Add(limit); ; {
		if runs := w.runs(); len(runs) > 0 && runs[0].Done() {
			return runs[0]
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("start-up sync not done after %s: %v", limit, w.runs())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestReplicasFullSync measures a full sync of the benchmark portal
// (10,000 companies, 100,000 contacts, 20,000 deals) with 1, 2 and 3
// "serve" processes on one Redis, under a budget that does not bind, and
// Redis's memory before and after the first (start-up) sync.
func TestReplicasFullSync(t *testing.T) {
	requireHA(t)
	gen := hubspottest.DefaultGenOptions()
	gen.Now = genNow
	for n := 1; n <= 3; n++ {
		w := newWorld(t, fmt.Sprintf("replicas-%d", n), gen, false, baseConfig("schedules: {}\n"))
		used0, data0 := redisMemory(t, w)
		var ds []*daemon
		for i := range n {
			d := w.newDaemon(fmt.Sprintf("serve-%d", i+1))
			d.start()
			ds = append(ds, d)
		}
		// With no schedules there is no start-up sync: the first full
		// sync below fills the empty store, the second repeats it.
		var took []string
		var used1, data1, keys int64
		for i := range 2 {
			r := ds[n-1].resyncWait(10*time.Minute, "--full")
			if r.code != 0 {
				t.Fatalf("%d processes: full sync: %s", n, r)
			}
			run := w.getRun(r.runID())
			took = append(took, fmt.Sprintf("%s (pushed %d)", ms(run.FinishedAt.Sub(run.CreatedAt)), run.Pushed))
			if i == 0 {
				used1, data1 = redisMemory(t, w)
				keys, _ = w.redis.rdb.DBSize(t.Context()).Result()
			}
		}
		var rss []string
		var tasks []string
		for _, d := range ds {
			rss = append(rss, fmt.Sprintf("%d MiB", procPeakRSS(d.p)>>20))
			tasks = append(tasks, fmt.Sprintf("%s %d", d.name, countLines(d.log, "component=worker")))
		}
		for _, d := range ds {
			d.stop()
		}
		t.Logf("HA | replicas %d | first and second full sync %v; peak RSS per process %v; worker log lines %v; "+
			"redis used_memory %d -> %d (+%.1f MiB), dataset %d -> %d (+%.1f MiB), %d keys",
			n, took, rss, tasks,
			used0, used1, float64(used1-used0)/(1<<20), data0, data1, float64(data1-data0)/(1<<20), keys)
	}
}

// TestReplicas runs three "serve" processes on one Redis with crm_sync
// every 5 s (the config lowers sync.min_schedule_interval, whose one-minute
// default refuses such a schedule): one run per tick, started by different processes; a resync
// asked of one admin API is seen by every admin API; a process killed
// with SIGKILL during a run loses nothing: the run ends, the ticks go on,
// and the CRM equals a clean run's.
func TestReplicas(t *testing.T) {
	requireHA(t)
	gen := genOptions(19)
	w := newWorld(t, "replicas", gen, false, baseConfig("sync:\n  min_schedule_interval: 1s\nschedules:\n  crm_sync: \"@every 5s\"\n"))
	var ds []*daemon
	for i := range 3 {
		d := w.newDaemon(fmt.Sprintf("serve-%d", i+1))
		d.start()
		ds = append(ds, d)
	}
	w.waitStartupSync(3 * time.Minute)

	runs := w.scheduledRuns(time.Now(), 6, 6*tick+15*time.Second)
	starters := w.starters(ds...)
	runs = w.checkTicks("three processes", runs, 6, starters)
	by := map[string]int{}
	for _, r := range runs {
		by[starters[r.ID]]++
	}
	if len(by) < 2 {
		t.Errorf("6 scheduled runs all started by one process: %v", by)
	}

	// A resync asked of serve-2 is seen by the admin API of every process.
	res := ds[1].cli(time.Minute, "resync", "--full")
	id := res.runID()
	if res.code != 0 || id == "" {
		t.Fatalf("resync on serve-2: %s", res)
	}
	for _, d := range ds {
		if code, body := d.get("/api/runs/" + id); code != 200 || !strings.Contains(body, id) {
			t.Errorf("%s: GET /api/runs/%s = %d %s", d.name, id, code, body)
		}
	}

	// Kill serve-1 while a run is in progress (the full resync, or a
	// scheduled run after it).
	var inFlight store.Run
	for deadline := time.Now().Add(time.Minute); inFlight.ID == ""; {
		for _, r := range w.runs() {
			if r.State == store.RunRunning {
				inFlight = r
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("no run seen running within a minute")
		}
		time.Sleep(10 * time.Millisecond)
	}
	at := w.getRun(inFlight.ID)
	ds[0].kill9()
	killed := time.Now()
	took, ok := w.waitRun(inFlight.ID, recoveryBound(1)+time.Minute, store.Run.Done)
	if !ok {
		t.Fatalf("run %s did not end after serve-1 was killed: %s", inFlight.ID, where(w.getRun(inFlight.ID)))
	}
	ended := w.getRun(inFlight.ID)
	if ended.State != store.RunSucceeded {
		t.Errorf("run %s interrupted by the kill: %s (%s)", inFlight.ID, ended.State, ended.Error)
	}
	after := w.scheduledRuns(ended.FinishedAt, 3, 4*tick+15*time.Second)
	w.checkTicks("after the kill", after, 3, w.starters(ds...))
	for _, d := range ds[1:] {
		d.stop()
	}
	problems, archived := w.waitQuiet(30 * time.Second)
	if len(problems) > 0 {
		t.Errorf("left behind: %v", problems)
	}
	diff, dups := compareWithClean(t, w, gen)
	t.Logf("HA | three replicas | 6 ticks -> %d runs, started by %v; resync on serve-2 run %s seen by all 3 admin APIs; "+
		"serve-1 killed during run %s at %s: the run ended %s %s after the kill; archived %v; CRM diff %s; duplicates %d",
		len(runs), by, id, inFlight.ID, where(at), ended.State, ms(took), archived, diff, dups)
	_ = killed
}
