package workers

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/config"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/store"
)

// TestStarter: a request that an active run covers joins it; one that
// writes the same records waits behind it and starts when it ends; runs of
// two different accounts run side by side.
func TestStarter(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	s := &Starter{Deps: b.deps}

	first, existing, err := s.Start(ctx, jobs.Scope{Full: true}, jobs.TriggerStartup)
	if err != nil || existing {
		t.Fatalf("first Start = existing %v, %v", existing, err)
	}
	if first.State != store.RunQueued || first.ScopeKey != "companies,contacts,deals|full" || first.WaitingFor != "" {
		t.Errorf("first run = %+v", first)
	}
	tasks := b.q.take()
	if len(tasks) != len(crm.AllObjects) {
		t.Fatalf("Start enqueued %d tasks, want one pull per object", len(tasks))
	}
	if p := decodePayload[jobs.PullPayload](t, tasks[0]); p.RunID != first.ID || p.Object != crm.Companies || p.Queue != jobs.QueueSchedule {
		t.Errorf("first task = %+v", p)
	}

	// Covered by the full sync: joined, nothing enqueued.
	for _, scope := range []jobs.Scope{{}, {Full: true}, {Objects: crm.AllObjects}, {Objects: []crm.ObjectType{crm.Contacts}},
		{Account: "1000001"}, {Full: true, Account: "1000001"}} {
		again, existing, err := s.Start(ctx, scope, jobs.TriggerAdmin)
		if err != nil || !existing || again.ID != first.ID {
			t.Errorf("Start(%+v) = %s, existing %v, %v; want the full sync %s", scope, again.ID, existing, err, first.ID)
		}
	}
	if q := b.q.take(); len(q) != 0 {
		t.Errorf("covered requests enqueued %v", types(q))
	}

	// Not covered but writing the same records: queued behind the full sync.
	web, existing, err := s.Start(ctx, jobs.Scope{Source: jobs.SourceWeb}, jobs.TriggerAdmin)
	if err != nil || existing || web.WaitingFor != first.ID || web.State != store.RunQueued {
		t.Fatalf("web Start = %+v, existing %v, %v; want queued behind %s", web, existing, err, first.ID)
	}
	if r := b.run(t, web.ID); r.WaitingFor != first.ID {
		t.Errorf("stored web run waits for %q", r.WaitingFor)
	}
	// A second web request joins the queued web run.
	if again, existing, _ := s.Start(ctx, jobs.Scope{Source: jobs.SourceWeb, Account: "1000001"}, jobs.TriggerAdmin); !existing || again.ID != web.ID {
		t.Errorf("second web request = %s existing %v, want to join %s", again.ID, existing, web.ID)
	}
	if q := b.q.take(); len(q) != 0 {
		t.Errorf("waiting runs enqueued %v", types(q))
	}

	// The full sync ends: the web run starts.
	b.deps.finish(ctx, first.ID, jobs.Scope{Full: true}, nil)
	q := b.q.take()
	if len(q) != 1 || q[0].Type() != jobs.TypeWebSweep {
		t.Fatalf("after the full sync ended: enqueued %v, want the web run's sweep", types(q))
	}
	if r := b.run(t, web.ID); r.WaitingFor != "" {
		t.Errorf("started web run still waits for %q", r.WaitingFor)
	}

	if _, _, err := s.Start(ctx, jobs.Scope{Objects: []crm.ObjectType{"widgets"}}, jobs.TriggerAdmin); err == nil {
		t.Error("Start with an unknown object type succeeded")
	}
}

// TestStarterAccounts: runs limited to different accounts run side by
// side; one of all accounts waits for both.
func TestStarterAccounts(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	s := &Starter{Deps: b.deps}
	a, _, err := s.Start(ctx, jobs.Scope{Account: "1"}, jobs.TriggerAdmin)
	if err != nil {
		t.Fatal(err)
	}
	c, _, err := s.Start(ctx, jobs.Scope{Account: "2"}, jobs.TriggerAdmin)
	if err != nil || c.WaitingFor != "" {
		t.Fatalf("second account: %+v, %v; want it to run beside the first", c, err)
	}
	if q := b.q.take(); len(q) != 2*len(crm.AllObjects) {
		t.Fatalf("two account runs enqueued %d tasks", len(q))
	}
	all, _, err := s.Start(ctx, jobs.Scope{Source: jobs.SourceWeb}, jobs.TriggerAdmin)
	waits := strings.Split(all.WaitingFor, ",")
	if err != nil || len(waits) != 2 || !slices.Contains(waits, a.ID) || !slices.Contains(waits, c.ID) {
		t.Fatalf("web run of all accounts = %+v, %v; want it waiting for %s and %s", all, err, a.ID, c.ID)
	}
	b.deps.finish(ctx, a.ID, jobs.Scope{Account: "1"}, nil)
	if q := b.q.take(); len(q) != 0 {
		t.Fatalf("web run started while account 2's run is active: %v", types(q))
	}
	if r := b.run(t, all.ID); r.WaitingFor != c.ID {
		t.Logf("web run waits for %q (record keeps the first list until it starts)", r.WaitingFor)
	}
	b.deps.finish(ctx, c.ID, jobs.Scope{Account: "2"}, nil)
	if q := b.q.take(); len(q) != 1 || q[0].Type() != jobs.TypeWebSweep {
		t.Fatalf("after both account runs: enqueued %v, want the web sweep", types(q))
	}
}

// TestStarterAcrossProcesses: two processes (two Deps on one Redis) start
// runs at once; each scope gets one run, and the full sync and the web run
// never both have a task queued.
func TestStarterAcrossProcesses(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	// A second process: its own Deps on the same Redis and queue.
	other := &Deps{Service: b.deps.Service, CRM: b.deps.CRM, Queue: b.deps.Queue, Metrics: b.deps.Metrics}
	starters := []*Starter{{Deps: b.deps}, {Deps: other}}
	type res struct {
		run      store.Run
		existing bool
		err      error
	}
	scopes := []jobs.Scope{{Full: true}, {Full: true}, {}, {Account: "7"}, {Source: jobs.SourceWeb}, {Full: true}}
	out := make(chan res, len(scopes)*2)
	for i := range scopes {
		for _, s := range starters {
			go func() {
				r, ex, err := s.Start(ctx, scopes[i], jobs.TriggerAdmin)
				out <- res{r, ex, err}
			}()
		}
	}
	runs := map[string]store.Run{}
	for range len(scopes) * 2 {
		r := <-out
		if r.err != nil {
			t.Fatal(r.err)
		}
		if !r.existing {
			runs[r.run.ID] = r.run
		}
	}
	started, tasks := 0, 0
	for _, r := range runs {
		if r.WaitingFor == "" {
			started++
			// Whichever request came first starts: a CRM run queues one
			// pull per object, the web run one sweep.
			if r.ScopeKey == (jobs.Scope{Source: jobs.SourceWeb}).Key() {
				tasks++
			} else {
				tasks += len(crm.AllObjects)
			}
		}
	}
	if q := b.q.take(); len(q) != tasks || started != 1 {
		t.Errorf("%d runs created, %d started, %d tasks enqueued (want %d); want exactly one run active (all scopes conflict)", len(runs), started, len(q), tasks)
	}
}

// TestStartEnqueueFails: a run whose first task cannot be queued is failed
// at once and frees its scope.
func TestStartEnqueueFails(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	b.q.failNext(errors.New("redis: connection refused"))
	if _, _, err := (&Starter{Deps: b.deps}).Start(ctx, jobs.Scope{}, jobs.TriggerAdmin); err == nil {
		t.Fatal("Start succeeded without enqueueing")
	}
	ids, _ := b.st.RecentRuns(ctx, 10)
	if len(ids) != 1 {
		t.Fatalf("runs = %v", ids)
	}
	if r := b.run(t, ids[0]); r.State != store.RunFailed || !strings.Contains(r.Error, "connection refused") {
		t.Errorf("run = %+v, want failed", r)
	}
	if h := b.leaseHolder(t, jobs.Scope{}); h != "" {
		t.Errorf("scope held by %s", h)
	}
	b.start(t, jobs.Scope{})
}

// TestHandleErrorFinal: a task that will not be retried fails its run and
// frees the scope, so the next Start begins a new run.
func TestHandleErrorFinal(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	scope := jobs.Scope{}
	runID := b.start(t, scope)
	pulls := b.q.take()            // companies, contacts, deals
	err := b.handle(ctx, pulls[0]) // pull companies, fine
	if err != nil {
		t.Fatal(err)
	}
	next := pulls[1]
	failure := fmt.Errorf("pull contacts: hubspot: 403 Forbidden: %w (%w)", crm.ErrPermanent, asynq.SkipRetry)
	b.deps.HandleError(ctx, next, failure)

	r := b.run(t, runID)
	if r.State != store.RunFailed || !strings.Contains(r.Error, "crm:pull") || !strings.Contains(r.Error, "403") || r.FinishedAt.IsZero() {
		t.Errorf("run = %+v, want failed with the task's error", r)
	}
	if h := b.leaseHolder(t, scope); h != "" {
		t.Errorf("scope still held by %s", h)
	}
	if st, _ := b.st.Status(ctx, crm.Contacts); !strings.Contains(st["last_error"], "403") {
		t.Errorf("contacts status = %v, want the last error", st)
	}
	if id := b.start(t, scope); id == runID {
		t.Error("Start returned the failed run")
	}
}

// TestSupersededRunStops: a task of a run whose slot lapsed (during a long
// retry wait) while a new run of the same records started must not run
// beside the new run.
func TestSupersededRunStops(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	scope := jobs.Scope{}
	old := b.start(t, scope)
	stale := b.q.take()[0]
	// The old run's slot lapses (slotHoldTTL without progress).
	if err := b.st.UpdateRunSlots(ctx, func(map[string]string) (map[string]string, []string, error) {
		return nil, []string{old}, nil
	}); err != nil {
		t.Fatal(err)
	}
	current := b.start(t, scope)
	b.q.take()

	err := b.handle(ctx, stale)
	if !errors.Is(err, asynq.SkipRetry) || !strings.Contains(err.Error(), current) {
		t.Fatalf("stale task = %v; want a SkipRetry error naming run %s", err, current)
	}
	if n := len(b.storedIDs(t, crm.Companies)); n != 0 || len(b.q.take()) != 0 {
		t.Errorf("stale task stored %d companies / enqueued its successor", n)
	}
	b.deps.HandleError(ctx, stale, err)
	if h := b.leaseHolder(t, scope); h != current {
		t.Errorf("scope held by %q after the stale run failed, want %s", h, current)
	}
	if r := b.run(t, old); r.State != store.RunFailed {
		t.Errorf("stale run state %s, want failed", r.State)
	}
	if r := b.run(t, current); r.State != store.RunQueued {
		t.Errorf("current run state %s, want queued", r.State)
	}
}

func tickTask(t *testing.T, name string, interval time.Duration) *asynq.Task {
	t.Helper()
	task, err := jobs.NewTickTask(jobs.TickPayload{Name: name, Interval: interval})
	if err != nil {
		t.Fatal(err)
	}
	return task
}

// TestTick: every process's scheduler enqueues a tick; only one run starts
// per schedule and interval, even when the first run already finished.
func TestTick(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		ticks []string // schedule names, in order, within one interval
		runs  int
		// finish: the first run completes between the ticks.
		finish bool
		// tasks enqueued, when not one per run.
		tasks int
	}{
		{name: "same schedule twice", ticks: []string{"crm_sync", "crm_sync"}, runs: 1},
		{name: "same schedule twice, first run done", ticks: []string{"crm_sync", "crm_sync"}, runs: 1, finish: true},
		// The full sync is not covered by the incremental one: it is
		// created, queued behind it (both write the same records).
		{name: "two schedules", ticks: []string{"crm_sync", "crm_full_sync", "crm_sync", "crm_full_sync"}, runs: 2, tasks: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			ctx := ctxT(t)
			for i, name := range tt.ticks {
				if err := b.handle(ctx, tickTask(t, name, time.Hour)); err != nil {
					t.Fatalf("tick %d: %v", i, err)
				}
				if i == 0 && tt.finish {
					b.drain(t, "")
				}
			}
			ids, _ := b.st.RecentRuns(ctx, 10)
			if len(ids) != tt.runs {
				t.Errorf("%d runs started, want %d", len(ids), tt.runs)
			}
			for _, id := range ids {
				if r := b.run(t, id); r.Trigger != string(jobs.TriggerSchedule) {
					t.Errorf("run %s trigger %s", id, r.Trigger)
				}
			}
			want := tt.runs
			if tt.tasks > 0 {
				want = tt.tasks
			}
			want *= len(crm.AllObjects) // one pull per object
			if q := b.q.take(); !tt.finish && len(q) != want {
				t.Errorf("%d tasks enqueued, want %d", len(q), want)
			}
		})
	}
}

// TestTickRetryAfterStartFailed: when starting the run fails, the tick's
// retry (or another process's tick) must be able to start it.
func TestTickRetryAfterStartFailed(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	task := tickTask(t, "crm_sync", time.Hour)
	b.q.failNext(errors.New("redis: connection refused"))
	if err := b.handle(ctx, task); err == nil {
		t.Fatal("tick succeeded although its run could not be enqueued")
	}
	if err := b.handle(ctx, task); err != nil {
		t.Fatalf("retried tick: %v", err)
	}
	q := b.q.take()
	if len(q) != len(crm.AllObjects) || q[0].Type() != jobs.TypeCRMPull {
		t.Fatalf("retried tick enqueued %v, want the run's pulls", types(q))
	}
	p := decodePayload[jobs.PullPayload](t, q[0])
	if r := b.run(t, p.RunID); r.State != store.RunQueued {
		t.Errorf("run = %+v", r)
	}
}

// TestStartWhileAnotherIsStarting: a run that took its slot but has not
// written its record yet (another process between admit and CreateRun)
// is reported as the existing, queued run, not as an error.
func TestStartWhileAnotherIsStarting(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	scope := jobs.Scope{}
	starting := runSlot{Scope: scope, Created: b.deps.now(), Expires: b.deps.now().Add(time.Minute)}
	if err := b.st.UpdateRunSlots(ctx, func(map[string]string) (map[string]string, []string, error) {
		return map[string]string{"20261127T000000.000Z-starting": starting.encode()}, nil, nil
	}); err != nil {
		t.Fatal(err)
	}
	run, existing, err := (&Starter{Deps: b.deps}).Start(ctx, scope, jobs.TriggerAdmin)
	if err != nil || !existing || run.ID != "20261127T000000.000Z-starting" || run.State != store.RunQueued {
		t.Fatalf("Start = %+v, existing %v, %v; want the starting run, queued", run, existing, err)
	}
	if q := b.q.take(); len(q) != 0 {
		t.Errorf("Start enqueued %v", types(q))
	}
}

// TestReap: what a process killed while starting runs left behind is
// repaired: a slot whose run was never written stops blocking (after the
// grace period) and the run waiting behind it starts; a run written but
// never enqueued gets its first tasks.
func TestReap(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	s := &Starter{Deps: b.deps}
	old := b.deps.now().Add(-2 * slotStartGrace)

	// A slot without a run (killed between admit and CreateRun): within
	// the grace period it still counts as a run being started.
	ghost := runSlot{Scope: jobs.Scope{Full: true}, Queue: jobs.QueueAdmin, Created: b.deps.now(), Expires: old.Add(slotHoldTTL)}
	setGhost := func() {
		if err := b.st.UpdateRunSlots(ctx, func(map[string]string) (map[string]string, []string, error) {
			return map[string]string{"20261207T000000.000Z-ghost": ghost.encode()}, nil, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	setGhost()
	web, _, err := s.Start(ctx, jobs.Scope{Source: jobs.SourceWeb}, jobs.TriggerAdmin)
	if err != nil || web.WaitingFor != "20261207T000000.000Z-ghost" {
		t.Fatalf("web run = %+v, %v; want it waiting for the ghost slot", web, err)
	}
	s.Reap(ctx)
	if q := b.q.take(); len(q) != 0 {
		t.Fatalf("Reap removed a slot within its grace period: enqueued %v", types(q))
	}
	// Past the grace period no one else would ever look at it again.
	ghost.Created = old
	setGhost()
	s.Reap(ctx)
	if q := b.q.take(); len(q) != 1 || q[0].Type() != jobs.TypeWebSweep {
		t.Fatalf("after Reap: enqueued %v, want the waiting web run's sweep", types(q))
	}
	if h := slotHolder(t, b.st, jobs.Scope{Full: true}); h != "" {
		t.Errorf("ghost slot still held by %s", h)
	}

	// A run written but never enqueued (killed between CreateRun and
	// enqueue): its tasks are lost, it stays queued.
	b.deps.finish(ctx, web.ID, jobs.Scope{Source: jobs.SourceWeb}, nil)
	run, _, err := s.Start(ctx, jobs.Scope{}, jobs.TriggerSchedule)
	if err != nil {
		t.Fatal(err)
	}
	b.q.take() // the tasks are lost
	s.Reap(ctx)
	if q := b.q.take(); len(q) != 0 {
		t.Fatalf("Reap re-enqueued a run within its grace period: %v", types(q))
	}
	if err := b.st.UpdateRunSlots(ctx, func(m map[string]string) (map[string]string, []string, error) {
		sl := decodeSlots(m)[run.ID]
		sl.Created = old
		return map[string]string{run.ID: sl.encode()}, nil, nil
	}); err != nil {
		t.Fatal(err)
	}
	s.Reap(ctx)
	q := b.q.take()
	if len(q) != len(crm.AllObjects) || q[0].Type() != jobs.TypeCRMPull || decodePayload[jobs.PullPayload](t, q[0]).RunID != run.ID {
		t.Fatalf("after Reap: enqueued %v, want the stranded run's pulls", types(q))
	}
}

// TestReapRedrivesRunningRun: a run whose process died after enqueueing
// only some of its pulls (or after the last pull, before the computation)
// gets the missing tasks, and no finished step again.
func TestReapRedrivesRunningRun(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	s := &Starter{Deps: b.deps}
	run, _, err := s.Start(ctx, jobs.Scope{}, jobs.TriggerAdmin)
	if err != nil {
		t.Fatal(err)
	}
	pulls := b.q.take()
	if err := b.handle(ctx, pulls[0]); err != nil { // companies pulled; contacts and deals lost
		t.Fatal(err)
	}
	backdate := func() {
		t.Helper()
		if err := b.st.UpdateRunSlots(ctx, func(m map[string]string) (map[string]string, []string, error) {
			sl := decodeSlots(m)[run.ID]
			old := b.deps.now().Add(-2 * slotStartGrace)
			sl.Created, sl.Expires = old, old.Add(slotHoldTTL)
			return map[string]string{run.ID: sl.encode()}, nil, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	backdate()
	s.Reap(ctx)
	q := b.q.take()
	if len(q) != 2 {
		t.Fatalf("Reap enqueued %v, want the two lost pulls", types(q))
	}
	for _, task := range q {
		if p := decodePayload[jobs.PullPayload](t, task); p.Object == crm.Companies {
			t.Errorf("Reap re-enqueued the finished companies pull")
		}
		if err := b.handle(ctx, task); err != nil {
			t.Fatal(err)
		}
	}
	// The last pull enqueued the computation; suppose it was lost too.
	if q := b.q.take(); len(q) != 1 || q[0].Type() != jobs.TypeMetricsCompute {
		t.Fatalf("after the pulls: enqueued %v, want the computation", types(q))
	}
	backdate()
	s.Reap(ctx)
	if q := b.q.take(); len(q) != 1 || q[0].Type() != jobs.TypeMetricsCompute {
		t.Fatalf("Reap enqueued %v, want the lost computation", types(q))
	}
}

// TestStepAfterRunEnded: a task that passed step's "already ended?" check
// just before another task of its run ended it (and freed its slot) must
// not leave the finished run holding a slot, nor make it look running.
func TestStepAfterRunEnded(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	scope := jobs.Scope{Account: "acc-ended"}
	id := b.start(t, scope)
	b.q.take()
	// The other task ends the run: state first, then the slot.
	b.deps.finish(ctx, id, scope, nil)
	if h := b.leaseHolder(t, scope); h != "" {
		t.Fatalf("slot held by %q after the run ended", h)
	}
	// The racing task continues after its check.
	err := b.deps.enterStep(ctx, id, scope, "pull companies")
	if !errors.Is(err, asynq.SkipRetry) || !strings.Contains(err.Error(), "already succeeded") {
		t.Errorf("enterStep on an ended run = %v; want a SkipRetry error saying it already succeeded", err)
	}
	if h := b.leaseHolder(t, scope); h != "" {
		t.Errorf("the ended run's slot was taken again by %q and left behind", h)
	}
	if r := b.run(t, id); r.State != store.RunSucceeded {
		t.Errorf("run state %s after the late step, want succeeded", r.State)
	}
}

// TestScheduleScopesCoverConfig: every schedule name the config accepts has
// a scope here, and no other. A name added to one list only would pass
// Validate and then drop every tick.
func TestScheduleScopesCoverConfig(t *testing.T) {
	t.Parallel()
	var scoped []string
	for name := range ScheduleScopes {
		scoped = append(scoped, name)
	}
	slices.Sort(scoped)
	accepted := slices.Sorted(slices.Values(config.ScheduleNames))
	if !slices.Equal(scoped, accepted) {
		t.Errorf("workers.ScheduleScopes has %q, config.ScheduleNames %q", scoped, accepted)
	}
}
