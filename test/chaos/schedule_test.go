package chaos

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/store"
)

// tick is the crm_sync schedule of TestTwoSchedulers, below the default
// one-minute floor: the test's config lowers sync.min_schedule_interval.
const tick = 5 * time.Second

// TestTwoSchedulers runs two "serve" processes on one Redis with crm_sync
// every 5 s: both schedulers enqueue a tick each period, and the tick's
// Redis lease (90 % of the interval) must let exactly one of them start a
// run, for 10 ticks. Then the process that started the last run is killed
// with SIGKILL between runs, and the other must go on alone: one run per
// tick again, for 6 ticks. Last, with both up again, one of them (chosen
// by the seed) is killed during a run: the run must end (once asynq has
// recovered a task the dead process held) and one run per tick follow.
func TestTwoSchedulers(t *testing.T) {
	requireChaos(t)
	rng := rand.New(rand.NewPCG(uint64(chaosSeed(t)), 40))
	gen := genOptions(40)
	w := newWorld(t, "two-schedulers", gen, false, baseConfig("sync:\n  min_schedule_interval: 1s\nschedules:\n  crm_sync: \"@every 5s\"\n"))
	a, b := w.newDaemon("serve-a"), w.newDaemon("serve-b")
	a.start()
	b.start()

	// The start-up full sync first: ticks meanwhile join it.
	var startup store.Run
	for deadline := time.Now().Add(3 * time.Minute); ; {
		runs := w.runs()
		if len(runs) > 0 && runs[0].Done() {
			startup = runs[0]
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("start-up sync not done after 3 minutes: %v", runs)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if startup.Trigger != "startup" || startup.State != store.RunSucceeded {
		t.Fatalf("first run %s: trigger %s, %s (%s); want the start-up sync to succeed", startup.ID, startup.Trigger, startup.State, startup.Error)
	}
	t.Logf("start-up sync %s %s in %s", startup.ID, startup.State, ms(startup.FinishedAt.Sub(startup.CreatedAt)))

	// Ten ticks with both processes.
	from := time.Now()
	both := w.scheduledRuns(from, 10, 10*tick+15*time.Second)
	starters := w.starters(a, b)
	both = w.checkTicks("two processes", both, 10, starters)

	// Kill the one that started the last run, now that it is done
	// (checkTicks waited for it) and before the next tick.
	last := both[len(both)-1]
	victim, survivor := a, b
	if starters[last.ID] == b.name {
		victim, survivor = b, a
	}
	victim.kill9()
	killed := time.Now()
	t.Logf("killed %s (it started run %s) with SIGKILL", victim.name, last.ID)
	alone := w.scheduledRuns(killed, 6, 6*tick+15*time.Second)
	starters = w.starters(a, b)
	alone = w.checkTicks("after the kill", alone, 6, starters)
	for _, r := range alone {
		if starters[r.ID] != survivor.name {
			t.Errorf("run %s after the kill was started by %q, want the survivor %s", r.ID, starters[r.ID], survivor.name)
		}
	}
	firstAfter := alone[0].CreatedAt.Sub(killed)

	// Both again; this time one of them (at random) dies while a
	// scheduled run is in progress. If it ran one of the run's tasks, the
	// run waits for asynq to recover that task, and the ticks meanwhile
	// join it; then one run per tick again.
	victim.start()
	var inFlight store.Run
	for deadline := time.Now().Add(time.Minute); inFlight.ID == ""; {
		for _, r := range w.runs() {
			if r.Trigger == "schedule" && r.State == store.RunRunning {
				inFlight = r
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("no scheduled run seen running within a minute")
		}
		time.Sleep(10 * time.Millisecond)
	}
	dead, alive := a, b
	if rng.IntN(2) == 1 {
		dead, alive = b, a
	}
	at := w.getRun(inFlight.ID)
	dead.kill9()
	killed = time.Now()
	t.Logf("killed %s while run %s was at %s", dead.name, inFlight.ID, where(at))
	took, ok := w.waitRun(inFlight.ID, recoveryBound(1)+time.Minute, store.Run.Done)
	if !ok {
		t.Fatalf("run %s interrupted by the kill did not end within asynq's recovery bound (%s) plus a minute: %s", inFlight.ID, ms(recoveryBound(1)), where(w.getRun(inFlight.ID)))
	}
	ended := w.getRun(inFlight.ID)
	if ended.State != store.RunSucceeded {
		t.Errorf("run %s interrupted by the kill: %s (%s), want succeeded", inFlight.ID, ended.State, ended.Error)
	}
	resumed := w.scheduledRuns(ended.FinishedAt, 3, 4*tick+15*time.Second)
	starters = w.starters(a, b)
	resumed = w.checkTicks("after the kill mid-run", resumed, 3, starters)
	midBlock := resumed[0].CreatedAt.Sub(killed)
	t.Logf("run %s ended %s %s after the kill; the next scheduled run started %s after the kill", inFlight.ID, ended.State, ms(took), ms(midBlock))
	all := w.runs()
	for i := 1; i < len(all); i++ {
		if p, r := all[i-1], all[i]; !p.FinishedAt.IsZero() && r.CreatedAt.Before(p.FinishedAt) {
			t.Errorf("runs %s and %s of the same scope overlap", p.ID, r.ID)
		}
	}
	skipped := countLines(a.log, "scheduled sync skipped") + countLines(b.log, "scheduled sync skipped")
	alive.stop()

	count := func(runs []store.Run, who string) int {
		n := 0
		for _, r := range runs {
			if starters[r.ID] == who {
				n++
			}
		}
		return n
	}
	diff, dups := compareWithClean(t, w, gen)
	outcome := "pass"
	if t.Failed() {
		outcome = "FAIL"
	}
	record(t, result{
		ID: "4",
		Fault: "two serve processes, crm_sync @every 5s, 10 ticks; kill -9 of the one that started the last run, between runs, 6 more ticks; " +
			"restart it, kill -9 one at random during a run, 3 more ticks",
		Runs: fmt.Sprintf("%d runs in 10 ticks (%s %d, %s %d), then %d in 6 ticks (all by %s); run interrupted mid-way %s after %s; then %d in 3 ticks; all succeeded: %v",
			len(both), a.name, count(both, a.name), b.name, count(both, b.name), len(alone), survivor.name, ended.State, ms(took), len(resumed),
			allSucceeded(both) && allSucceeded(alone) && allSucceeded(resumed)),
		FinalDiff:  diff.String(),
		Duplicates: strconv.Itoa(dups),
		LongestBlock: fmt.Sprintf("kill between runs: next run %s later (largest gap %s); kill during a run: next new run %s later",
			ms(firstAfter), ms(max(maxGap(both), maxGap(alone))), ms(midBlock)),
		Outcome: outcome,
	})
	held := "it held none of the run's tasks (they ran on the other process)"
	if took > asynqLease {
		held = "it held one of the run's tasks, which asynq handed back once its lease had expired"
	}
	note(t, "two schedulers: run gaps with both processes %s; after the kill between runs %s; kill of %s during run %s (at %s): %s; the run ended %s after %s, "+
		"the next new run started %s after the kill; ticks that found a run of the same scope active (\"scheduled sync skipped\"): %d.",
		gaps(both), gaps(alone), dead.name, inFlight.ID, where(at), held, ended.State, ms(took), ms(midBlock), skipped)
}

// scheduledRuns waits until n runs started by the schedule after from
// exist (at most limit) and returns them, oldest first.
func (w *world) scheduledRuns(from time.Time, n int, limit time.Duration) []store.Run {
	w.t.Helper()
	deadline := time.Now().Add(limit)
	for {
		var out []store.Run
		for _, r := range w.runs() {
			if r.Trigger == "schedule" && r.CreatedAt.After(from) {
				out = append(out, r)
			}
		}
		if len(out) >= n {
			return out[:n]
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("%d scheduled runs in %s, want %d: %s", len(out), limit, n, gaps(out))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

var startedRE = regexp.MustCompile(`msg="sync run started" .*run=(\S+)`)

// starters maps run ids to the daemon whose log says it started them.
func (w *world) starters(ds ...*daemon) map[string]string {
	m := map[string]string{}
	for _, d := range ds {
		for _, l := range grepLines(d.log, `msg="sync run started"`, 100000) {
			if s := startedRE.FindStringSubmatch(l); s != nil {
				m[s[1]] = d.name
			}
		}
	}
	return m
}

// checkTicks checks that runs are one per tick: n runs, consecutive ones
// one interval apart (within a second: the schedulers tick on whole
// seconds, and a task waits up to 150 ms to be picked up), each started by
// one process, and each succeeded. It returns the runs as they ended.
func (w *world) checkTicks(phase string, runs []store.Run, n int, starters map[string]string) []store.Run {
	t := w.t
	t.Helper()
	if len(runs) != n {
		t.Errorf("%s: %d runs, want %d", phase, len(runs), n)
	}
	ended := make([]store.Run, len(runs))
	for i, r := range runs {
		if starters[r.ID] == "" {
			t.Errorf("%s: no process logged starting run %s", phase, r.ID)
		}
		if i > 0 {
			if g := r.CreatedAt.Sub(runs[i-1].CreatedAt); g < tick-time.Second || g > tick+time.Second {
				t.Errorf("%s: runs %s and %s started %s apart, want one per %s tick", phase, runs[i-1].ID, r.ID, ms(g), tick)
			}
		}
		w.waitRun(r.ID, time.Minute, store.Run.Done)
		ended[i] = w.getRun(r.ID)
		if ended[i].State != store.RunSucceeded {
			t.Errorf("%s: run %s %s (%s), want succeeded", phase, r.ID, ended[i].State, ended[i].Error)
		}
	}
	t.Logf("%s: runs %s apart", phase, gaps(runs))
	return ended
}

func allSucceeded(runs []store.Run) bool {
	for _, r := range runs {
		if r.State != store.RunSucceeded {
			return false
		}
	}
	return true
}

func maxGap(runs []store.Run) time.Duration {
	var g time.Duration
	for i := 1; i < len(runs); i++ {
		g = max(g, runs[i].CreatedAt.Sub(runs[i-1].CreatedAt))
	}
	return g
}

func gaps(runs []store.Run) string {
	var parts []string
	for i := 1; i < len(runs); i++ {
		parts = append(parts, strconv.FormatFloat(runs[i].CreatedAt.Sub(runs[i-1].CreatedAt).Seconds(), 'f', 2, 64))
	}
	return "[" + strings.Join(parts, " ") + "] s"
}
