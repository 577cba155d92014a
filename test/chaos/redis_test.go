package chaos

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/store"
)

// TestRedisRestart restarts Redis (SIGKILL, then a new redis-server on the
// same port and folder) in the middle of a full sync, once with AOF
// persistence (appendfsync always) and once without any: with AOF nothing
// may be lost and the run must finish by itself; without persistence the
// daemon must stay up, answer /readyz again, and a following sync must
// bring the CRM to the clean state. An admin's "resync --full --wait" runs
// across the restart, to see what they are told.
func TestRedisRestart(t *testing.T) {
	requireChaos(t)
	seed := chaosSeed(t)
	for i, tc := range []struct {
		name    string
		persist bool
	}{
		{"aof", true},
		{"no-persistence", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(seed), uint64(20+i)))
			redisRestart(t, rng, tc.persist)
		})
	}
}

func redisRestart(t *testing.T, rng *rand.Rand, persist bool) {
	gen := genOptions(20)
	name := "redis-restart-no-persistence"
	fault := "Redis killed (-9) and restarted mid-sync, no persistence (`--save \"\" --appendonly no`)"
	if persist {
		name = "redis-restart-aof"
		fault = "Redis killed (-9) and restarted mid-sync, AOF (`--appendonly yes --appendfsync always`)"
	}
	// crm_sync is configured as in production: the daemon starts the first
	// sync of an empty store by itself and watches for a store that lost
	// its data.
	w := newWorld(t, name, gen, persist, baseConfig("schedules:\n  crm_sync: \"@every 1h\"\n"))
	d := w.newDaemon("daemon")
	d.start()
	admin := d.cliAsync(10*time.Minute, "resync", "--full", "--wait", "--poll", "100ms")

	// The interrupted run: the start-up sync, which the resync joins.
	var id string
	for deadline := time.Now().Add(30 * time.Second); id == ""; {
		if runs := w.runs(); len(runs) > 0 {
			id = runs[0].ID
		}
		if time.Now().After(deadline) {
			t.Fatalf("no run started:\n%s", tail(d.log, 30))
		}
		time.Sleep(20 * time.Millisecond)
	}
	// A random point of the pulls (26,000 records): the sync takes about
	// 2 s here, too short to aim at by time.
	point := int64(500 + rng.IntN(23500))
	if _, ok := w.waitRun(id, time.Minute, func(r store.Run) bool { return r.Pulled >= point || r.Done() }); !ok {
		t.Fatalf("run %s did not pull %d records within a minute: %s", id, point, where(w.getRun(id)))
	}
	at := w.getRun(id)
	if at.Done() {
		t.Fatalf("run %s ended before the fault point (%d records pulled): the test missed the sync", id, point)
	}
	w.redis.crash()
	crashed := time.Now()
	down := time.Duration(500+rng.IntN(1500)) * time.Millisecond
	// While Redis is away the daemon must say it is not ready.
	downReady := map[int]int{}
	for time.Since(crashed) < down {
		code, _ := d.get("/readyz")
		downReady[code]++
		time.Sleep(100 * time.Millisecond)
	}
	w.redis.start()
	restarted := time.Now()
	if downReady[http.StatusOK] > 0 {
		t.Errorf("/readyz answered 200 while Redis was down (answers: %v)", downReady)
	}
	t.Logf("Redis killed at %s, down for %s; /readyz meanwhile: %v", where(at), ms(down), downReady)

	// The daemon stays up and is ready again.
	var ready time.Duration
	for deadline := restarted.Add(time.Minute); ; {
		if code, _ := d.get("/readyz"); code == http.StatusOK {
			ready = time.Since(restarted)
			break
		}
		if d.p.exited() {
			t.Fatalf("the daemon exited after the Redis restart (status %d):\n%s", d.p.exitCode(), tail(d.log, 40))
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz not 200 a minute after Redis came back:\n%s", tail(d.log, 40))
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("/readyz 200 again %s after Redis came back", ms(ready))

	var block time.Duration
	var interrupted, outcome []string
	if persist {
		// Nothing lost: the run record is back with at least the counters
		// it had at the crash, the same run goes on and succeeds, and the
		// admin's resync --wait, which rode out the outage, says so.
		if back := w.getRun(id); back.ID != id || back.Pulled < at.Pulled {
			t.Errorf("after the restart with AOF, run %s reads %s; at the crash it was %s: acknowledged writes were lost", id, where(back), where(at))
		}
		before := progress(at)
		_, ok := w.waitRun(id, 6*time.Minute, func(r store.Run) bool { return r.ID != "" && progress(r) != before })
		if !ok {
			t.Fatalf("run %s did not move on within 6 minutes of the Redis restart: %s\n%s", id, where(w.getRun(id)), tail(d.log, 40))
		}
		block = time.Since(crashed) // from the crash until the run moved on
		res := <-admin
		t.Logf("admin's resync --full --wait across the restart:\n%s", res)
		if res.code != 0 || !strings.Contains(res.stdout, "succeeded") || res.runID() != id {
			t.Errorf("resync --wait across a Redis restart with AOF: want run %s to succeed:\n%s\n%s", id, res, tail(d.log, 40))
		}
		r := w.getRun(id)
		interrupted = append(interrupted, fmt.Sprintf("run %s (interrupted at %s) %s; moved on %s after the crash; admin's resync --wait exit %d after %s",
			id, where(at), r.State, ms(block), res.code, ms(res.took)))
		if r.State != store.RunSucceeded {
			t.Errorf("run %s: %s (%s), want succeeded", id, r.State, r.Error)
		}
	} else {
		res := <-admin
		t.Logf("admin's resync --full --wait across the restart:\n%s", res)
		interrupted = append(interrupted, fmt.Sprintf("run %s (interrupted at %s) is gone with Redis's data; the admin's resync --wait exited %d after %s: %s",
			id, where(at), res.code, ms(res.took), lastLine(res.stderr)))
		if r := w.getRun(id); r.ID != "" {
			t.Logf("run %s still exists after a restart without persistence: %s", id, where(r))
		}
		// The daemon notices the empty store (every 15 s) and starts a
		// full sync by itself.
		var self string
		for deadline := time.Now().Add(45 * time.Second); self == "" && time.Now().Before(deadline); {
			for _, r := range w.runs() {
				self = r.ID
			}
			time.Sleep(200 * time.Millisecond)
		}
		if self == "" {
			t.Errorf("the daemon did not start a sync by itself within 45 s of losing its store")
			outcome = append(outcome, "no sync started by the daemon itself within 45 s")
		} else {
			r := w.getRun(self)
			outcome = append(outcome, fmt.Sprintf("the daemon started full sync %s by itself %s after Redis came back (trigger %s)",
				self, ms(r.CreatedAt.Sub(restarted)), r.Trigger))
		}
		start := time.Now()
		fin := d.resyncWait(10*time.Minute, "--full")
		block = time.Since(crashed)
		t.Logf("following resync --full --wait:\n%s", fin)
		if fin.code != 0 || !strings.Contains(fin.stdout, "succeeded") {
			t.Fatalf("following resync --full --wait failed:\n%s\n%s", fin, tail(d.log, 40))
		}
		outcome = append(outcome, fmt.Sprintf("following resync --full --wait %s (%s) succeeded after %s",
			map[bool]string{true: "joined", false: "started"}[fin.joined()], fin.runID(), ms(time.Since(start))))
	}
	// A task whose handler ended while Redis was down could not be marked
	// done; it ends without work (its run is over) once asynq hands it back.
	problems, archived := w.waitRecovered()
	for _, p := range problems {
		t.Errorf("left over: %s", p)
	}
	for _, a := range archived {
		t.Logf("task archived (failed for good): %s", a)
	}
	runs := w.runs()
	states := map[string]int{}
	for _, r := range runs {
		states[r.State]++
		if r.State == store.RunFailed {
			t.Logf("run %s failed: %s", r.ID, r.Error)
		}
	}
	lost := countLines(d.log, "no longer exists")
	d.stop()

	diff, dups := compareWithClean(t, w, gen)
	res := "pass"
	if t.Failed() {
		res = "FAIL"
	}
	record(t, result{
		ID:           map[bool]string{true: "2a", false: "2b"}[persist],
		Fault:        fault,
		Runs:         fmt.Sprintf("%d runs in the store at the end: %s", len(runs), fmtStates(states)),
		FinalDiff:    diff.String(),
		Duplicates:   strconv.Itoa(dups),
		LongestBlock: fmt.Sprintf("%s from the crash until the run moved on again (/readyz 200 %s after Redis was back)", ms(block), ms(ready)),
		Outcome:      res,
	})
	note(t, "%s: %s%s; %d log lines say a task's run no longer exists; archived tasks: %d.", name,
		strings.Join(interrupted, "; "), prefixed("; ", strings.Join(outcome, "; ")), lost, len(archived))
}

func fmtStates(m map[string]int) string {
	var parts []string
	for _, s := range []string{store.RunSucceeded, store.RunFailed, store.RunRunning, store.RunQueued} {
		if m[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", m[s], s))
		}
	}
	return strings.Join(parts, ", ")
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, "\n"); i >= 0 {
		s = s[i+1:]
	}
	return s
}

func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}
