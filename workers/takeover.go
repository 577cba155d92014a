package workers

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/store"
)

// Taking over the tasks of dead processes. asynq leases a running task to
// its process for 30 s and hands it back only after its recoverer (once a
// minute) finds the lease expired: a process killed with -9 left its run
// frozen for 60-95 s, and every resync joined the frozen run. Each run task
// therefore keeps a heartbeat in Redis while it runs (beatTTL, renewed every
// beatEvery). A Takeover pass finds tasks asynq holds active whose heartbeat
// is gone, and enqueues each again under its next generation's TaskID
// (jobs.TakeoverID): the run goes on from what its dead task saved (a
// pull's continuation token, the pulled: flags). When asynq later hands the
// old generation back, it finds itself superseded and ends without work.

const (
	// beatTTL is how long a task's heartbeat outlives its last renewal:
	// the time a dead process's task stays frozen before a pass sees it.
	beatTTL = 10 * time.Second
	// beatEvery is how often a running task renews its heartbeat.
	beatEvery = 3 * time.Second
	// orphanGrace is how long a task must be seen active without a
	// heartbeat before it is taken over: asynq marks a task active a moment
	// before its handler writes the first heartbeat.
	orphanGrace = 2 * time.Second
)

// runTask is what every run task's payload has.
type runTask struct {
	RunID string `json:"run_id"`
}

// claim wraps the handler of a run task: a task superseded by a later
// generation ends at once; any other keeps a heartbeat while it runs.
func (d *Deps) claim(next asynq.Handler) asynq.Handler {
	return asynq.HandlerFunc(func(ctx context.Context, t *asynq.Task) error {
		id, _ := asynq.GetTaskID(ctx)
		var p runTask
		if id == "" || json.Unmarshal(t.Payload(), &p) != nil || p.RunID == "" {
			return next.ProcessTask(ctx, t)
		}
		base, gen := jobs.SplitTakeoverID(id)
		cur, err := d.Store.TaskGeneration(ctx, p.RunID, base)
		if err != nil {
			return err
		}
		if cur > gen {
			d.Logger.Info("task superseded: its next generation took over from a dead process; nothing to do",
				"task", id, "run", p.RunID, "generation", cur)
			return nil
		}
		if err := d.Store.Beat(ctx, id, beatTTL); err != nil {
			return err
		}
		stop, done := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(done)
			tick := time.NewTicker(beatEvery)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
					_ = d.Store.Beat(context.WithoutCancel(ctx), id, beatTTL)
				}
			}
		}()
		defer func() {
			close(stop)
			<-done
			_ = d.Store.EndBeat(context.WithoutCancel(ctx), id)
		}()
		return next.ProcessTask(ctx, t)
	})
}

// ActiveLister lists a queue's running tasks; *asynq.Inspector implements
// it.
type ActiveLister interface {
	ListActiveTasks(queue string, opts ...asynq.ListOption) ([]*asynq.TaskInfo, error)
}

// Takeover finds run tasks whose process died and runs them again (see
// above). One per process; Pass is not safe for concurrent use.
type Takeover struct {
	*Deps
	Active ActiveLister
	// Queues are the queues to look in (jobs.Queues' names).
	Queues []string

	unbeating map[string]time.Time // TaskID -> when first seen active without a heartbeat
}

// Pass looks once and returns the TaskIDs it enqueued anew.
func (o *Takeover) Pass(ctx context.Context) []string {
	if o.unbeating == nil {
		o.unbeating = map[string]time.Time{}
	}
	var active []*asynq.TaskInfo
	for _, q := range o.Queues {
		tasks, err := o.Active.ListActiveTasks(q, asynq.PageSize(1000))
		if err != nil {
			continue
		}
		active = append(active, tasks...)
	}
	ids := make([]string, len(active))
	for i, t := range active {
		ids[i] = t.ID
	}
	beating, err := o.Store.Beating(ctx, ids)
	if err != nil {
		return nil
	}
	now := o.now()
	seen := map[string]bool{}
	var took []string
	for _, t := range active {
		seen[t.ID] = true
		if beating[t.ID] {
			delete(o.unbeating, t.ID)
			continue
		}
		first, ok := o.unbeating[t.ID]
		if !ok {
			o.unbeating[t.ID] = now
			continue
		}
		if now.Sub(first) < orphanGrace {
			continue
		}
		if id, ok := o.takeOver(ctx, t); ok {
			took = append(took, id)
		}
	}
	for id := range o.unbeating {
		if !seen[id] {
			delete(o.unbeating, id)
		}
	}
	return took
}

// takeOver enqueues the next generation of t. It is idempotent: the
// generation is raised once, and enqueueing an existing TaskID is a no-op.
func (o *Takeover) takeOver(ctx context.Context, t *asynq.TaskInfo) (string, bool) {
	var p runTask
	if json.Unmarshal(t.Payload, &p) != nil || p.RunID == "" {
		return "", false // not a run task: asynq's own recovery will do
	}
	r, err := o.Store.GetRun(ctx, p.RunID)
	if err != nil || r.Done() {
		return "", false
	}
	base, gen := jobs.SplitTakeoverID(t.ID)
	next, err := o.Store.RaiseTaskGeneration(ctx, p.RunID, base, gen+1)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			o.Logger.Error("take over a dead process's task", "task", t.ID, "err", err)
		}
		return "", false
	}
	id := jobs.TakeoverID(base, next)
	opts := []asynq.Option{asynq.Queue(t.Queue), asynq.MaxRetry(t.MaxRetry), asynq.TaskID(id)}
	if t.Timeout > 0 {
		opts = append(opts, asynq.Timeout(t.Timeout))
	}
	if !t.Deadline.IsZero() {
		opts = append(opts, asynq.Deadline(t.Deadline))
	}
	if t.Retention > 0 {
		opts = append(opts, asynq.Retention(t.Retention))
	}
	if err := enqueue(ctx, o.Queue, asynq.NewTask(t.Type, t.Payload, opts...)); err != nil {
		o.Logger.Error("take over a dead process's task", "task", t.ID, "err", err)
		return "", false
	}
	o.Logger.Warn("took over a task whose process died (no heartbeat): it runs again from what it saved",
		"task", t.ID, "as", id, "run", p.RunID, "step", r.Step)
	return id, true
}
