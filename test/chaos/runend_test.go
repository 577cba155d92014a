package chaos

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/store"
)

// runEndKills is how often TestKill9AtRunEnd kills the daemon.
const runEndKills = 40

// TestKill9AtRunEnd kills the daemon the moment a run ends while another
// run waits behind it. When a run ends (workers.Deps.finish) it marks
// itself done, frees its slot and starts the runs that waited for it:
// their slots stop waiting, their records drop waiting_for, their first
// tasks are enqueued — separate Redis writes a kill can fall between.
// Each round uses its own account: run A pulls only companies for it, run
// B (all objects, same account) is queued behind A; the test polls Redis
// and kills the daemon 0–150 µs after A is marked succeeded (even rounds)
// or as soon as B's slot stops waiting (odd rounds), and tells from B's
// slot, record and tasks where the kill fell. Afterwards every
// run must end (the daemon repairs a run a killed process left queued
// once it is a minute old) and a full resync must succeed.
func TestKill9AtRunEnd(t *testing.T) {
	requireChaos(t)
	rng := rand.New(rand.NewPCG(uint64(chaosSeed(t)), 60))
	gen := hubspottest.GenOptions{Companies: 300, Contacts: 3000, Deals: 600, TargetShare: 0.5, Seed: 60, Now: genNow}
	w := newWorld(t, "run-end", gen, false, baseConfig("schedules: {}\n"))
	d := w.newDaemon("daemon")
	d.start()
	if res := d.resyncWait(2*time.Minute, "--full"); res.code != 0 {
		t.Fatalf("first sync: %s", res)
	}
	var accounts []string
	for _, id := range w.portal.IDs("companies") {
		if w.portal.Company(id)["hs_is_target_account"] == "true" {
			accounts = append(accounts, id)
		}
	}
	st := w.redis.store()
	queuedBehind := 0
	// Where each kill fell, judged from B's slot, record and tasks.
	fell := map[string]int{}
	for i := range runEndKills {
		if d.p.exited() {
			d.start()
		}
		acc := accounts[i]
		a := d.cli(30*time.Second, "resync", "--account", acc, "--object", "companies")
		b := d.cli(30*time.Second, "resync", "--account", acc)
		if a.code != 0 || b.code != 0 {
			t.Fatalf("round %d: resync: %s\n%s", i, a, b)
		}
		if strings.Contains(b.stdout, "waits for run") && strings.Contains(b.stdout, a.runID()) {
			queuedBehind++
		}
		// Poll as fast as Redis answers and kill: in even rounds 0–150 µs
		// after A is marked done, in odd ones as soon as B's slot stops
		// waiting (the moment B is being started).
		runKey, slotField := "abmsync:v1:run:"+a.runID(), b.runID()
		deadline := time.Now().Add(time.Minute)
		for {
			if i%2 == 0 {
				state, _ := w.redis.rdb.HGet(context.Background(), runKey, "state").Result()
				if state == store.RunSucceeded || state == store.RunFailed {
					if us := rng.IntN(150); us > 0 {
						time.Sleep(time.Duration(us) * time.Microsecond)
					}
					break
				}
			} else {
				slot, err := w.redis.rdb.HGet(context.Background(), "abmsync:v1:runs:slots", slotField).Result()
				if err == nil && !strings.Contains(slot, `"waiting":true`) {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("round %d: run %s not done / run %s not started after a minute: %s, %s", i, a.runID(), b.runID(),
					where(w.getRun(a.runID())), where(w.getRun(b.runID())))
			}
		}
		d.kill9()
		fell[w.killPoint(b.runID())]++
	}
	d.start()
	t.Logf("%d rounds: run B was queued behind run A in %d; where the kills fell: %v", runEndKills, queuedBehind, fell)
	// The scenario is about a run that waits behind another: if B mostly
	// started on its own, the kills tested something else.
	if queuedBehind < runEndKills/2 {
		t.Errorf("run B was queued behind run A in only %d of %d rounds: the scenario did not test a waiting run", queuedBehind, runEndKills)
	}

	// Every run must end: a run left queued is repaired once a minute old,
	// at the daemon's next look (every 15 s).
	killedAt := time.Now()
	var stuck []store.Run
	for deadline := killedAt.Add(repairWithin); ; {
		stuck = stuck[:0]
		for _, r := range w.runs() {
			if !r.Done() {
				stuck = append(stuck, r)
			}
		}
		if len(stuck) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	settled := time.Since(killedAt)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	slots, _ := st.RunSlots(ctx)
	cancel()
	for _, r := range stuck {
		t.Errorf("run %s (%s) is still %s (step %q, waiting for %q) %s after the last kill; its slot: %s; its tasks: %s",
			r.ID, r.ScopeKey, r.State, r.Step, r.WaitingFor, ms(settled), slots[r.ID], w.runTasks(r.ID))
	}
	wait := repairWithin
	if len(stuck) > 0 {
		wait = 30 * time.Second // it will queue behind them
	}
	full := d.resyncWait(wait, "--full")
	if full.code != 0 {
		t.Errorf("resync --full --wait after the kills: %s", full)
	}
	runs := w.runs()
	states := map[string]int{}
	for _, r := range runs {
		states[r.State]++
	}
	d.stop()

	diff, dups := "n/a (the full resync did not finish)", "n/a"
	if full.code == 0 {
		got := snapshot(w.portal)
		cd := diffCRM(cleanReference(t, gen), got)
		if !cd.none() {
			t.Errorf("the CRM differs from a clean run's: %s\n%s", cd, strings.Join(cd.examples, "\n"))
		}
		diff, dups = cd.String(), fmt.Sprint(got.dupEmails)
	}
	outcome := "pass"
	if t.Failed() {
		outcome = "FAIL"
	}
	block := fmt.Sprintf("every run ended %s after the last kill", ms(settled))
	if len(stuck) > 0 {
		block = fmt.Sprintf("%d run(s) still unfinished %s after the last kill (a slot holds for 3 h)", len(stuck), ms(settled))
	}
	record(t, result{
		ID: "5c",
		Fault: fmt.Sprintf("kill -9 of the daemon ×%d as a run ends while another run of the same account waits behind it "+
			"(finish: mark done, free the slot, start the waiting run): half 0–150 µs after the end, half as the waiting run's slot is taken over", runEndKills),
		Runs: fmt.Sprintf("%d runs: %s (B queued behind A in %d rounds; kills fell %s)", len(runs), fmtStates(states), queuedBehind,
			fmtFell(fell)),
		FinalDiff:    diff,
		Duplicates:   dups,
		LongestBlock: block,
		Outcome:      outcome,
	})
	if len(stuck) > 0 {
		var ids []string
		for _, r := range stuck {
			ids = append(ids, fmt.Sprintf("%s (%s, waiting for %q)", r.ID, r.State, r.WaitingFor))
		}
		note(t, "kill -9 at a run's end left run(s) unfinished: %s", strings.Join(ids, "; "))
	}
}

// Where a kill fell while run A ended and started run B.
const (
	fellBeforeRelease = "before A freed its slot"
	fellSlotOnly      = "after B's slot stopped waiting, before its record dropped waiting_for"
	fellNoTasks       = "after B's record dropped waiting_for, before its tasks"
	fellAfter         = "after B's first tasks were enqueued"
)

// killPoint tells from B's slot, record and tasks where a kill fell.
func (w *world) killPoint(b string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	slots, _ := w.redis.store().RunSlots(ctx)
	r := w.getRun(b)
	waiting := strings.Contains(slots[b], `"waiting":true`)
	switch {
	case waiting:
		return fellBeforeRelease
	case r.WaitingFor != "":
		return fellSlotOnly
	case w.runTasks(b) == "none in asynq":
		return fellNoTasks
	}
	return fellAfter
}

func fmtFell(m map[string]int) string {
	var parts []string
	for _, k := range []string{fellBeforeRelease, fellSlotOnly, fellNoTasks, fellAfter} {
		if m[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
		}
	}
	return strings.Join(parts, ", ")
}
