package workers

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/clocktest"
	"github.com/abmsync/abmsync/jobs"
)

// TestTakeover: a pull task whose process died (asynq holds it active, its
// heartbeat is gone) is enqueued again under its next generation by a
// Takeover pass, which runs it to the end from the saved token; when asynq
// hands the old generation back, it ends without pulling anything, and a
// second pass takes nothing over.
func TestTakeover(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	clock := clocktest.New(b.now)
	b.deps.Now = clock.Now
	queue, inspector := tempQueue(t, b.rdb)
	runID := b.start(t, jobs.Scope{Objects: []crm.ObjectType{crm.Contacts}})
	pull := b.q.take()[0]
	base := fmt.Sprintf("%s:%s:%s", jobs.TypeCRMPull, runID, crm.Contacts)
	client := asynq.NewClientFromRedisClient(b.rdb)
	if _, err := client.EnqueueContext(ctx, asynq.NewTask(pull.Type(), pull.Payload()), asynq.Queue(queue), asynq.TaskID(base), asynq.Retention(time.Hour)); err != nil {
		t.Fatal(err)
	}

	// The "dead" process: it takes the task and never beats (as a process
	// killed with -9 stops beating), until it is shut down.
	taken := make(chan struct{})
	dead := asynq.NewServerFromRedisClient(b.rdb, asynq.Config{
		Concurrency: 1, Queues: map[string]int{queue: 1}, Logger: quietLogger{}, LogLevel: asynq.FatalLevel,
		ShutdownTimeout: 50 * time.Millisecond,
	})
	if err := dead.Start(asynq.HandlerFunc(func(ctx context.Context, _ *asynq.Task) error {
		close(taken)
		<-ctx.Done()
		return ctx.Err()
	})); err != nil {
		t.Fatal(err)
	}
	select {
	case <-taken:
	case <-ctx.Done():
		t.Fatal("the dead process never took the task")
	}

	o := &Takeover{Deps: b.deps, Active: inspector, Queues: []string{queue}}
	if took := o.Pass(ctx); len(took) != 0 {
		t.Fatalf("first pass took over %v at once; a task needs %v without a heartbeat", took, orphanGrace)
	}
	clock.Advance(orphanGrace)
	took := o.Pass(ctx)
	want := jobs.TakeoverID(base, 1)
	if !slices.Equal(took, []string{want}) {
		t.Fatalf("second pass took over %v, want %s", took, want)
	}
	if again := o.Pass(ctx); len(again) != 1 || again[0] != want {
		t.Fatalf("a third pass enqueued %v; want the same generation again (a no-op by TaskID)", again)
	}
	q := b.q.take()
	if len(q) == 0 || q[0].Type() != jobs.TypeCRMPull || string(q[0].Payload()) != string(pull.Payload()) {
		t.Fatalf("takeover enqueued %v, want the pull task again", types(q))
	}

	// A live process runs the new generation, then gets the old one back.
	if _, err := client.EnqueueContext(ctx, asynq.NewTask(pull.Type(), pull.Payload()), asynq.Queue(queue), asynq.TaskID(want), asynq.Retention(time.Hour)); err != nil {
		t.Fatal(err)
	}
	b.srv.ResetCalls()
	live := asynq.NewServerFromRedisClient(b.rdb, asynq.Config{
		Concurrency: 2, Queues: map[string]int{queue: 1}, Logger: quietLogger{}, LogLevel: asynq.FatalLevel,
	})
	if err := live.Start(NewMux(b.deps)); err != nil {
		t.Fatal(err)
	}
	defer live.Shutdown()
	waitState := func(id string) {
		t.Helper()
		for {
			info, err := inspector.GetTaskInfo(queue, id)
			if err == nil && info.State == asynq.TaskStateCompleted {
				return
			}
			select {
			case <-ctx.Done():
				t.Fatalf("task %s did not complete: %v %v", id, info, err)
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
	waitState(want)
	if got, all := b.storedIDs(t, crm.Contacts), b.srv.IDs("contacts"); !slices.Equal(got, all) {
		t.Fatalf("the taken-over pull stored %d of %d contacts", len(got), len(all))
	}
	calls := b.srv.Calls()[listContacts]
	// The dead process is shut down: asynq puts its task back, and the live
	// process finds it superseded.
	dead.Shutdown()
	waitState(base)
	if n := b.srv.Calls()[listContacts]; n != calls {
		t.Errorf("the superseded generation listed contacts again: %d list calls, %d before", n, calls)
	}
	if beats, _ := b.st.Beating(ctx, []string{base, want}); beats[base] || beats[want] {
		t.Errorf("heartbeats left behind: %v", beats)
	}
}
