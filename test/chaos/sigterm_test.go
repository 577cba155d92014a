package chaos

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/abmsync/abmsync/store"
)

// shutdownTimeout is worker.shutdown_timeout in TestSIGTERM.
const shutdownTimeout = 5 * time.Second

// TestSIGTERM sends SIGTERM while a full sync pulls: the process
// must end within worker.shutdown_timeout (asynq gives the running task
// that long, then hands it back to the queue), with status 0, and after a
// restart the interrupted run must go on and end with the clean state. The
// client is held to HubSpot's default budget, 100 requests per 10 s, so
// that the pulls (260 pages) outlast the shutdown timeout; an admin's
// "resync --full --wait" runs across the restart.
func TestSIGTERM(t *testing.T) {
	requireChaos(t)
	rng := rand.New(rand.NewPCG(uint64(chaosSeed(t)), 30))
	gen := genOptions(30)
	w := newWorld(t, "sigterm", gen, false, "hubspot:\n  requests_per_10s: 100\n  search_per_second: 100\n"+
		"worker:\n  shutdown_timeout: 5s\nschedules:\n  crm_sync: \"@every 1h\"\n")
	d := w.newDaemon("daemon")
	d.start()
	admin := d.cliAsync(10*time.Minute, "resync", "--full", "--wait", "--poll", "100ms")
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
	if _, ok := w.waitRun(id, 2*time.Minute, func(r store.Run) bool { return r.Pulled >= 3000 }); !ok {
		t.Fatalf("run %s never pulled 3,000 records: %s\n%s", id, where(w.getRun(id)), tail(d.log, 30))
	}
	time.Sleep(time.Duration(500+rng.IntN(2500)) * time.Millisecond)
	at := w.getRun(id)
	sent := time.Now()
	_ = d.p.cmd.Process.Signal(syscall.SIGTERM)
	if !d.p.waitExit(time.Minute) {
		t.Fatalf("the daemon did not exit within a minute of SIGTERM:\n%s", tail(d.log, 30))
	}
	exited := time.Since(sent)
	code := d.p.exitCode()
	t.Logf("SIGTERM at %s: exit status %d after %s (shutdown_timeout %s)", where(at), code, ms(exited), shutdownTimeout)
	if code != 0 {
		t.Errorf("exit status %d after SIGTERM, want 0", code)
	}
	// asynq waits shutdown_timeout for the task, then re-queues it; the
	// rest of the shutdown (scheduler, Redis client) is quick.
	if exited > shutdownTimeout+time.Second {
		t.Errorf("the daemon took %s to exit after SIGTERM, want at most worker.shutdown_timeout (%s) + 1 s", ms(exited), shutdownTimeout)
	}
	handedBack := len(grepLines(d.log, "back to queue", 10))
	if handedBack == 0 {
		// Then the test did not test the shutdown timeout.
		t.Errorf("no task was handed back to the queue: none was running at SIGTERM, or it finished within the timeout:\n%s", tail(d.log, 20))
	}
	stopped := w.getRun(id)

	d.start()
	before := progress(stopped)
	_, ok := w.waitRun(id, 6*time.Minute, func(r store.Run) bool { return progress(r) != before })
	movedOn := time.Since(d.started)
	if !ok {
		t.Fatalf("run %s did not move on after the restart: %s\n%s", id, where(w.getRun(id)), tail(d.log, 30))
	}
	res := <-admin
	t.Logf("admin's resync --full --wait across the SIGTERM and restart:\n%s", res)
	if res.code != 0 || !strings.Contains(res.stdout, "succeeded") || res.runID() != id {
		t.Errorf("resync --wait across a SIGTERM: want run %s to succeed:\n%s\n%s", id, res, tail(d.log, 30))
	}
	r := w.getRun(id)
	if r.State != store.RunSucceeded {
		t.Errorf("run %s: %s (%s), want succeeded", id, r.State, r.Error)
	}
	problems, archived := w.waitQuiet(10 * time.Second)
	for _, p := range problems {
		t.Errorf("left over: %s", p)
	}
	for _, a := range archived {
		t.Errorf("task archived (failed for good): %s", a)
	}
	runs := w.runs()
	d.stop()

	diff, dups := compareWithClean(t, w, gen)
	outcome := "pass"
	if t.Failed() {
		outcome = "FAIL"
	}
	record(t, result{
		ID:           "3",
		Fault:        "SIGTERM during the pulls of a full sync (worker.shutdown_timeout 5s, client at 100 requests/10 s), then restart",
		Runs:         fmt.Sprintf("%d run (%s), the interrupted one resumed", len(runs), r.State),
		FinalDiff:    diff.String(),
		Duplicates:   strconv.Itoa(dups),
		LongestBlock: fmt.Sprintf("exit %s after SIGTERM (status %d); run moved on %s after the restart", ms(exited), code, ms(movedOn)),
		Outcome:      outcome,
	})
	note(t, "SIGTERM: killed at %s; exit status %d after %s; %d task(s) handed back to the queue by asynq; after the restart run %s moved on after %s and %s; the admin's resync --wait rode out the restart (exit %d after %s).",
		where(at), code, ms(exited), handedBack, id, ms(movedOn), r.State, res.code, ms(res.took))
}
