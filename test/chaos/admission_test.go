package chaos

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/store"
)

// repairWithin is how long after the faults every run must have ended.
const repairWithin = 2 * time.Minute

// admissionAttempts is how often TestAdmissionFaults interrupts a resync
// request, per fault.
var admissionAttempts = map[string]int{"kill-9": 40, "client-gone": 80}

// TestAdmissionFaults interrupts "POST /api/resync" while the daemon
// admits the run: it takes the run's slot, writes the run, then enqueues
// one pull task per object (three). Each request asks for a different
// account, so no request joins an earlier one. The admin queue is paused
// meanwhile (asynq's own pause), so that no task is picked up by a
// process about to die; afterwards it is resumed and every run must end,
// and no slot may be left. Two faults:
//
//   - kill-9: the daemon is killed with SIGKILL at a random moment of the
//     request, and restarted;
//   - client-gone: the client gives up at a random moment of the request
//     (an admin's Ctrl-C on "abmsync resync"): the handler's context, which
//     Start uses, is cancelled.
func TestAdmissionFaults(t *testing.T) {
	requireChaos(t)
	seed := chaosSeed(t)
	for i, fault := range []string{"kill-9", "client-gone"} {
		t.Run(fault, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(seed), uint64(50+i)))
			admissionFaults(t, rng, fault)
		})
	}
}

func admissionFaults(t *testing.T, rng *rand.Rand, fault string) {
	// Half the companies are target accounts: every request names another
	// one (an account resync of a company that is no target account
	// writes its metrics too, which a full sync would not).
	gen := hubspottest.GenOptions{Companies: 300, Contacts: 3000, Deals: 600, TargetShare: 0.5, Seed: 50, Now: genNow}
	w := newWorld(t, "admission-"+fault, gen, false, baseConfig("schedules: {}\n"))
	d := w.newDaemon("daemon")
	d.start()
	if res := d.resyncWait(2*time.Minute, "--full"); res.code != 0 {
		t.Fatalf("first sync: %s", res)
	}
	insp := asynq.NewInspectorFromRedisClient(w.redis.rdb)
	if err := insp.PauseQueue(jobs.QueueAdmin); err != nil {
		t.Fatalf("pause queue %s: %v", jobs.QueueAdmin, err)
	}
	var accounts []string
	for _, id := range w.portal.IDs("companies") {
		if w.portal.Company(id)["hs_is_target_account"] == "true" {
			accounts = append(accounts, id)
		}
	}
	if len(accounts) < 5+admissionAttempts[fault] {
		t.Fatalf("%d target accounts, want %d", len(accounts), 5+admissionAttempts[fault])
	}

	// How long an admission takes, to aim inside it: for kill-9 the first
	// request of a process just started (its connections and Lua scripts
	// are cold).
	var lat []time.Duration
	for _, acc := range accounts[:5] {
		if fault == "kill-9" {
			d.stop()
			d.start()
		}
		took, code := postResync(d.admin, acc, 0)
		if code != http.StatusAccepted {
			t.Fatalf("resync --account %s: status %d", acc, code)
		}
		lat = append(lat, took)
	}
	slices.Sort(lat)
	span := lat[len(lat)/2] * 3 / 2
	t.Logf("admission takes %s (median of %v); faults fall in the first %s", lat[len(lat)/2], lat, span)

	answered := 0
	for i := range admissionAttempts[fault] {
		acc := accounts[5+i]
		after := time.Duration(rng.Int64N(int64(span)))
		switch fault {
		case "kill-9":
			if d.p.exited() {
				d.start()
			}
			done := make(chan int, 1)
			go func() { _, code := postResync(d.admin, acc, 0); done <- code }()
			time.Sleep(after)
			d.kill9()
			if <-done == http.StatusAccepted {
				answered++
			}
		case "client-gone":
			if _, code := postResync(d.admin, acc, after); code == http.StatusAccepted {
				answered++
			}
		}
	}
	if d.p.exited() {
		d.start()
	}
	if err := insp.UnpauseQueue(jobs.QueueAdmin); err != nil {
		t.Fatalf("unpause queue %s: %v", jobs.QueueAdmin, err)
	}

	// What an admin does next: a full resync, at once. It may wait
	// behind what the faults left, but every run must end and the full
	// resync must run: the daemon repairs what a process killed while
	// starting a run left behind once it is a minute old (slotStartGrace)
	// at its next look (every 15 s), so 2 minutes are plenty; without the
	// repair a slot holds for 3 h (slotHoldTTL).
	faultsEnd := time.Now()
	fullCh := d.cliAsync(repairWithin+30*time.Second, "resync", "--full", "--wait", "--poll", "500ms")
	var stuck []store.Run
	for deadline := faultsEnd.Add(repairWithin); ; {
		stuck = stuck[:0]
		for _, r := range w.runs() {
			// Runs started after the faults (the admin's full resync) are
			// checked through the resync's own outcome.
			if !r.Done() && r.CreatedAt.Before(faultsEnd) {
				stuck = append(stuck, r)
			}
		}
		if len(stuck) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	settled := time.Since(faultsEnd)
	for _, r := range stuck {
		t.Errorf("run %s (%s) is still %s at %q %s after the faults; its tasks: %s",
			r.ID, r.ScopeKey, r.State, r.Step, ms(repairWithin), w.runTasks(r.ID))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	slots, _ := w.redis.store().RunSlots(ctx)
	cancel()
	runless := 0
	for id, s := range slots {
		r := w.getRun(id)
		if r.ID == "" {
			runless++
		}
		if !r.Done() && r.ID != "" {
			continue // a stuck run, reported above, or the admin's full resync
		}
		t.Errorf("run slot %s left (run: %s): %s", id, where(r), s)
	}
	full := <-fullCh
	t.Logf("resync --full --wait right after the faults:\n%s", full)
	runs := w.runs()
	if full.code != 0 {
		queued := w.getRun(full.runID())
		t.Errorf("resync --full --wait right after %s during admission did not succeed within %s (exit %d): run %s is %s, waiting for %q",
			fault, ms(full.took), full.code, queued.ID, queued.State, queued.WaitingFor)
		again := d.cli(30*time.Second, "resync", "--full")
		note(t, "%s during admission: the resync --full --wait an admin runs right after queued run %s behind what the faults left, and it had not started %s later; "+
			"a new resync --full then said: %s", fault, full.runID(), ms(full.took), strings.TrimSpace(again.stdout+again.stderr))
	}
	if fault == "client-gone" {
		// A client that gives up must not fail the run it asked for.
		for _, r := range runs {
			if r.State == store.RunFailed {
				t.Errorf("run %s failed because its client gave up: %s", r.ID, r.Error)
			}
		}
	}
	d.stop()

	diff := "n/a (the full resync did not finish)"
	dups := "n/a"
	if full.code == 0 {
		got := snapshot(w.portal)
		cd := diffCRM(cleanReference(t, gen), got)
		if !cd.none() {
			t.Errorf("the CRM differs from a clean run's: %s\n%s", cd, strings.Join(cd.examples, "\n"))
		}
		diff, dups = cd.String(), fmt.Sprint(got.dupEmails)
	}
	states := map[string]int{}
	for _, r := range runs {
		states[r.State]++
	}
	outcome := "pass"
	if t.Failed() {
		outcome = "FAIL"
	}
	what := map[string]string{
		"kill-9":      "kill -9 of the daemon during `POST /api/resync` (admission: slot, run record, 3 pull tasks)",
		"client-gone": "client gives up during `POST /api/resync` (Ctrl-C on abmsync resync: the request context is cancelled)",
	}[fault]
	var stuckIDs []string
	for _, r := range stuck {
		stuckIDs = append(stuckIDs, r.ID)
	}
	block := fmt.Sprintf("%d run(s) never end; a full resync waits behind them (slot TTL 3 h)", len(stuck))
	if len(stuck) == 0 {
		block = fmt.Sprintf("every run ended %s after the faults; the full resync requested then took %s", ms(settled), ms(full.took))
	}
	if runless > 0 {
		block += fmt.Sprintf("; %d slot(s) without a run", runless)
	}
	if full.code != 0 {
		block += fmt.Sprintf("; the resync --full --wait requested right after did not finish in %s (its run stayed queued)", ms(full.took))
	}
	record(t, result{
		ID:           map[string]string{"kill-9": "5a", "client-gone": "5b"}[fault],
		Fault:        fmt.Sprintf("%s ×%d, at a random moment within %s", what, admissionAttempts[fault], ms(span)),
		Runs:         fmt.Sprintf("%d runs (%d requests answered 202): %s", len(runs), answered, fmtStates(states)),
		FinalDiff:    diff,
		Duplicates:   dups,
		LongestBlock: block,
		Outcome:      outcome,
	})
	if len(stuck) > 0 {
		note(t, "%s during admission left run(s) %s unfinished: %s", fault, strings.Join(stuckIDs, ", "), w.runTasks(stuck[0].ID))
	}
}

// postResync asks the daemon at addr for an account resync, with a
// client-side timeout when giveUp > 0; it returns how long it took and the
// status (0 without an answer).
func postResync(addr, account string, giveUp time.Duration) (time.Duration, int) {
	ctx := context.Background()
	if giveUp > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, giveUp)
		defer cancel()
	}
	body := fmt.Sprintf(`{"account":%q}`, account)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/api/resync", bytes.NewBufferString(body))
	req.Header.Set("Authorization", "Bearer "+adminToken)
	req.Header.Set("Content-Type", "application/json")
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return time.Since(start), 0
	}
	resp.Body.Close()
	return time.Since(start), resp.StatusCode
}

// runTasks describes the asynq tasks of run id that exist.
func (w *world) runTasks(id string) string {
	insp := asynq.NewInspectorFromRedisClient(w.redis.rdb)
	var out []string
	for _, q := range []string{jobs.QueueAdmin, jobs.QueueSchedule} {
		for _, typ := range []string{"crm:pull:" + id + ":companies", "crm:pull:" + id + ":contacts", "crm:pull:" + id + ":deals",
			"metrics:compute:" + id, "crm:push:" + id} {
			if ti, err := insp.GetTaskInfo(q, typ); err == nil {
				out = append(out, fmt.Sprintf("%s %s", ti.ID, ti.State))
			}
		}
	}
	if len(out) == 0 {
		return "none in asynq"
	}
	return strings.Join(out, ", ")
}
