package workers

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/store"
)

// TestStarter: one run per scope at a time; another scope runs beside it.
func TestStarter(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	s := &Starter{Deps: b.deps}

	first, existing, err := s.Start(ctx, jobs.Scope{}, jobs.TriggerSchedule)
	if err != nil || existing {
		t.Fatalf("first Start = existing %v, %v", existing, err)
	}
	if first.State != store.RunQueued || first.ScopeKey != "companies,contacts,deals" || first.Trigger != string(jobs.TriggerSchedule) {
		t.Errorf("first run = %+v", first)
	}
	tasks := b.q.take()
	if len(tasks) != 1 {
		t.Fatalf("Start enqueued %d tasks", len(tasks))
	}
	if p := decodePayload[jobs.PullPayload](t, tasks[0]); p.RunID != first.ID || p.Object != crm.Companies || p.Queue != jobs.QueueSchedule {
		t.Errorf("first task = %+v", p)
	}

	again, existing, err := s.Start(ctx, jobs.Scope{Objects: crm.AllObjects}, jobs.TriggerAdmin)
	if err != nil || !existing || again.ID != first.ID || again.State != store.RunQueued {
		t.Fatalf("second Start of the same scope = %+v, existing %v, %v; want the first run", again, existing, err)
	}
	if q := b.q.take(); len(q) != 0 {
		t.Errorf("second Start enqueued %v", types(q))
	}

	others := []jobs.Scope{
		{Full: true},
		{Objects: []crm.ObjectType{crm.Contacts}},
		{Account: "1000001"},
	}
	seen := map[string]bool{first.ID: true}
	for _, scope := range others {
		r, existing, err := s.Start(ctx, scope, jobs.TriggerAdmin)
		if err != nil || existing || seen[r.ID] {
			t.Errorf("Start(%+v) = %s, existing %v, %v; want a new run", scope, r.ID, existing, err)
		}
		seen[r.ID] = true
		q := b.q.take()
		if len(q) != 1 {
			t.Fatalf("Start(%+v) enqueued %d tasks", scope, len(q))
		}
		want := crm.Companies
		if len(scope.Objects) > 0 {
			want = scope.Objects[0]
		}
		if p := decodePayload[jobs.PullPayload](t, q[0]); p.Object != want || p.Queue != jobs.QueueAdmin || p.Scope.Key() != scope.Key() {
			t.Errorf("Start(%+v) task = %+v", scope, p)
		}
	}
	if ids, _ := b.st.RecentRuns(ctx, 10); len(ids) != 1+len(others) {
		t.Errorf("%d runs recorded, want %d", len(ids), 1+len(others))
	}

	if _, _, err := s.Start(ctx, jobs.Scope{Objects: []crm.ObjectType{"widgets"}}, jobs.TriggerAdmin); err == nil {
		t.Error("Start with an unknown object type succeeded")
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
	task := b.q.take()[0]
	err := b.handle(ctx, task) // pull companies, fine
	if err != nil {
		t.Fatal(err)
	}
	next := b.q.take()[0]
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

// TestSupersededRunStops: a task of a run whose scope is now held by another
// run (its lease expired during a long retry wait and a new run started)
// must not run beside the new run.
func TestSupersededRunStops(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	scope := jobs.Scope{}
	old := b.start(t, scope)
	stale := b.q.take()[0]
	// The old run's lease expires (scopeLeaseTTL without progress).
	if err := b.st.ReleaseLease(ctx, b.st.Keys().Active(scope.Key()), old); err != nil {
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
	}{
		{name: "same schedule twice", ticks: []string{"crm_sync", "crm_sync"}, runs: 1},
		{name: "same schedule twice, first run done", ticks: []string{"crm_sync", "crm_sync"}, runs: 1, finish: true},
		{name: "two schedules", ticks: []string{"crm_sync", "crm_full_sync", "crm_sync", "crm_full_sync"}, runs: 2},
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
			if q := b.q.take(); !tt.finish && len(q) != tt.runs {
				t.Errorf("%d tasks enqueued, want %d", len(q), tt.runs)
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
	if len(q) != 1 || q[0].Type() != jobs.TypeCRMPull {
		t.Fatalf("retried tick enqueued %v, want the run's first pull", types(q))
	}
	p := decodePayload[jobs.PullPayload](t, q[0])
	if r := b.run(t, p.RunID); r.State != store.RunQueued {
		t.Errorf("run = %+v", r)
	}
}

// TestStartWhileAnotherIsStarting: a run that took the scope but has not
// written its record yet (another process between AcquireLease and
// CreateRun) is reported as the existing, queued run, not as an error.
func TestStartWhileAnotherIsStarting(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	scope := jobs.Scope{}
	if ok, _, err := b.st.AcquireLease(ctx, b.st.Keys().Active(scope.Key()), "20261127T000000.000Z-starting", time.Minute); !ok || err != nil {
		t.Fatalf("lease: %v %v", ok, err)
	}
	run, existing, err := (&Starter{Deps: b.deps}).Start(ctx, scope, jobs.TriggerAdmin)
	if err != nil || !existing || run.ID != "20261127T000000.000Z-starting" || run.State != store.RunQueued {
		t.Fatalf("Start = %+v, existing %v, %v; want the starting run, queued", run, existing, err)
	}
	if q := b.q.take(); len(q) != 0 {
		t.Errorf("Start enqueued %v", types(q))
	}
}
