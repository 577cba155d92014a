package workers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/store"
)

// Run exclusion. Every queued or running run has a slot in the store (one
// Redis hash, updated in optimistic transactions, so it holds across
// processes): what it touches (its scope), whether it waits, and until
// when it holds the slot without progress. A new request
//
//   - joins a run whose scope covers it (jobs.Scope.Covers): "resync --full"
//     during the start-up sync, which is a full sync, returns that run;
//   - else waits behind every active run it conflicts with
//     (jobs.Scope.Conflicts: both write the same CRM records) and starts
//     when the last of them ends;
//   - else starts at once.
//
// Nothing that writes the same CRM records ever runs concurrently.

// slotHoldTTL is how long a run holds its slot without progress. Each step
// refreshes it; a run whose process died and whose task asynq never
// recovered frees its slot after this long.
const slotHoldTTL = 3 * time.Hour

// slotStartGrace is how long a slot may exist before its run record does:
// the slot is taken first, then the run is written.
const slotStartGrace = time.Minute

// runSlot is one run's slot.
type runSlot struct {
	Scope   jobs.Scope `json:"scope"`
	Trigger string     `json:"trigger"`
	Queue   string     `json:"queue"`
	Created time.Time  `json:"created"`
	// Waiting runs have no task queued yet; WaitsFor names the active runs
	// they conflict with.
	Waiting  bool      `json:"waiting,omitempty"`
	WaitsFor []string  `json:"waits_for,omitempty"`
	Expires  time.Time `json:"expires"`
}

func (s runSlot) encode() string {
	b, _ := json.Marshal(s)
	return string(b)
}

func decodeSlots(m map[string]string) map[string]runSlot {
	out := make(map[string]runSlot, len(m))
	for id, v := range m {
		var s runSlot
		if json.Unmarshal([]byte(v), &s) == nil {
			out[id] = s
		}
	}
	return out
}

// deadSlots returns the slots whose runs have ended or vanished, or that
// were held too long without progress: they are removed before deciding.
func (d *Deps) deadSlots(ctx context.Context, slots map[string]runSlot) map[string]bool {
	dead := map[string]bool{}
	now := d.now()
	for id, s := range slots {
		if now.After(s.Expires) {
			dead[id] = true
			continue
		}
		r, err := d.Store.GetRun(ctx, id)
		switch {
		case errors.Is(err, store.ErrNotFound):
			// Taken but not written yet, or lost with Redis's data.
			if now.Sub(s.Created) > slotStartGrace {
				dead[id] = true
			}
		case err == nil && r.Done():
			dead[id] = true
		}
	}
	return dead
}

// admission is what admit decided for a new run.
type admission struct {
	joined   string   // the covering run the request joins
	waitsFor []string // the active runs the new run waits for
}

// admit takes a slot for run id of scope, or finds the run that covers it.
func (d *Deps) admit(ctx context.Context, id string, scope jobs.Scope, trigger jobs.Trigger, queue string) (admission, error) {
	cur, err := d.Store.RunSlots(ctx)
	if err != nil {
		return admission{}, err
	}
	dead := d.deadSlots(ctx, decodeSlots(cur))
	var a admission
	err = d.Store.UpdateRunSlots(ctx, func(m map[string]string) (map[string]string, []string, error) {
		a = admission{}
		slots := decodeSlots(m)
		var del []string
		for sid := range slots {
			if dead[sid] {
				del = append(del, sid)
			}
		}
		// Oldest first, so a request joins the run that started first.
		for _, sid := range sortedSlotIDs(slots) {
			if dead[sid] {
				continue
			}
			if slots[sid].Scope.Covers(scope) {
				a.joined = sid
				return nil, del, nil
			}
		}
		for _, sid := range sortedSlotIDs(slots) {
			if !dead[sid] && slots[sid].Scope.Conflicts(scope) {
				a.waitsFor = append(a.waitsFor, sid)
			}
		}
		now := d.now()
		s := runSlot{Scope: scope, Trigger: string(trigger), Queue: queue, Created: now,
			Waiting: len(a.waitsFor) > 0, WaitsFor: a.waitsFor, Expires: now.Add(slotHoldTTL)}
		return map[string]string{id: s.encode()}, del, nil
	})
	return a, err
}

// sortedSlotIDs orders slot ids by creation (run ids sort by time too).
func sortedSlotIDs(slots map[string]runSlot) []string {
	ids := make([]string, 0, len(slots))
	for id := range slots {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		a, b := slots[ids[i]], slots[ids[j]]
		if !a.Created.Equal(b.Created) {
			return a.Created.Before(b.Created)
		}
		return ids[i] < ids[j]
	})
	return ids
}

// release frees run id's slot and starts the waiting runs that no longer
// conflict with any active run, oldest first.
func (d *Deps) release(ctx context.Context, id string) {
	d.releaseSlots(ctx, map[string]bool{id: true})
}

// releaseSlots removes the slots of gone and starts the waiting runs that
// no longer conflict with any active run, oldest first.
func (d *Deps) releaseSlots(ctx context.Context, gone map[string]bool) {
	type start struct {
		id   string
		slot runSlot
	}
	var starts []start
	err := d.Store.UpdateRunSlots(ctx, func(m map[string]string) (map[string]string, []string, error) {
		starts = starts[:0]
		slots := decodeSlots(m)
		var del []string
		for id := range gone {
			if _, ok := m[id]; ok {
				del = append(del, id)
				delete(slots, id)
			}
		}
		if len(del) == 0 {
			return nil, nil, nil
		}
		set := map[string]string{}
		var active []string
		for _, sid := range sortedSlotIDs(slots) {
			if !slots[sid].Waiting {
				active = append(active, sid)
			}
		}
		now := d.now()
		for _, sid := range sortedSlotIDs(slots) {
			s := slots[sid]
			if !s.Waiting {
				continue
			}
			var waits []string
			for _, a := range active {
				if slots[a].Scope.Conflicts(s.Scope) {
					waits = append(waits, a)
				}
			}
			if len(waits) == 0 {
				s.Waiting, s.WaitsFor, s.Expires = false, nil, now.Add(slotHoldTTL)
				slots[sid] = s
				active = append(active, sid)
				starts = append(starts, start{sid, s})
				set[sid] = s.encode()
				continue
			}
			if !slices.Equal(waits, s.WaitsFor) {
				s.WaitsFor = waits
				set[sid] = s.encode()
			}
		}
		return set, del, nil
	})
	if err != nil {
		d.Logger.Error("release run slots", "runs", len(gone), "err", err)
		return
	}
	for _, st := range starts {
		_ = d.Store.UpdateRun(ctx, st.id, map[string]string{"waiting_for": ""})
		if err := d.enqueueFirst(ctx, st.id, st.slot.Scope, st.slot.Queue); err != nil {
			d.finish(ctx, st.id, st.slot.Scope, err)
			continue
		}
		d.Logger.Info("queued run started", "run", st.id, "scope", st.slot.Scope.Key())
	}
}

// Reap repairs what a process killed in the middle of starting a run left
// behind (the daemon calls it periodically; every process may):
//
//   - slots whose run ended, vanished, was never written (after
//     slotStartGrace) or was held past slotHoldTTL are removed, and the runs
//     waiting behind them start;
//   - an active run still "queued" after slotStartGrace (its process died
//     between writing the run and enqueueing its tasks) gets its first
//     tasks enqueued again: their TaskIDs make that harmless when they are
//     already queued, and a run no task of which ever started cannot have
//     done any work twice.
func (s *Starter) Reap(ctx context.Context) {
	cur, err := s.Store.RunSlots(ctx)
	if err != nil {
		return
	}
	slots := decodeSlots(cur)
	if dead := s.deadSlots(ctx, slots); len(dead) > 0 {
		s.Logger.Warn("removing run slots of runs that ended or were never started", "slots", len(dead))
		s.releaseSlots(ctx, dead)
		if cur, err = s.Store.RunSlots(ctx); err != nil {
			return
		}
		slots = decodeSlots(cur)
	}
	now := s.now()
	for id, sl := range slots {
		if sl.Waiting || now.Sub(sl.Created) < slotStartGrace {
			continue
		}
		// The slot, not the run record, says whether a run waits: a process
		// may die between the two updates.
		r, err := s.Store.GetRun(ctx, id)
		if err != nil {
			continue
		}
		if r.State == store.RunRunning && now.Sub(sl.Expires.Add(-slotHoldTTL)) > slotStartGrace {
			s.redrive(ctx, id, sl, r)
			continue
		}
		if r.State != store.RunQueued {
			continue
		}
		s.Logger.Warn("run was created but never started; enqueueing its first tasks", "run", id, "scope", sl.Scope.Key())
		if r.WaitingFor != "" {
			_ = s.Store.UpdateRun(ctx, id, map[string]string{"waiting_for": ""})
		}
		queue := sl.Queue
		if queue == "" {
			queue = jobs.QueueSchedule
		}
		if err := s.enqueueFirst(ctx, id, sl.Scope, queue); err != nil {
			s.Logger.Error("re-enqueue run", "run", id, "err", err)
		}
	}
}

// redrive re-enqueues the tasks a CRM run may have lost when its process
// died between two of them: the pulls of objects not yet pulled, and the
// computation when every object is pulled but it never started. Each
// enqueue is a no-op while the task is still queued or running (TaskIDs);
// a pull that finished has set its pulled: flag before its task was
// removed, so no finished step is repeated.
func (s *Starter) redrive(ctx context.Context, id string, sl runSlot, r store.Run) {
	if sl.Scope.Source != "" && sl.Scope.Source != jobs.SourceCRM {
		return
	}
	objs := sl.Scope.Objects
	if len(objs) == 0 {
		objs = crm.AllObjects
	}
	fields := make([]string, len(objs))
	for i, o := range objs {
		fields[i] = "pulled:" + string(o)
	}
	f, err := s.Store.RunFields(ctx, id, fields...)
	if err != nil {
		return
	}
	queue := sl.Queue
	if queue == "" {
		queue = jobs.QueueSchedule
	}
	missing := 0
	for i, o := range objs {
		if f[fields[i]] != "" {
			continue
		}
		missing++
		if t, err := jobs.NewPullTask(jobs.PullPayload{RunID: id, Scope: sl.Scope, Object: o, Queue: queue}); err == nil {
			_ = enqueue(ctx, s.Queue, t)
		}
	}
	if missing == 0 && strings.HasPrefix(r.Step, "pull ") {
		if t, err := jobs.NewComputeTask(jobs.ComputePayload{RunID: id, Scope: sl.Scope, Queue: queue}); err == nil {
			_ = enqueue(ctx, s.Queue, t)
		}
	}
}

// hold refreshes run id's slot at each step. A run without a slot (it was
// held past slotHoldTTL, or Redis lost it) takes one again unless a run
// that conflicts with it is active: then it was superseded and stops.
func (d *Deps) hold(ctx context.Context, id string, scope jobs.Scope) error {
	var holder string
	err := d.Store.UpdateRunSlots(ctx, func(m map[string]string) (map[string]string, []string, error) {
		holder = ""
		slots := decodeSlots(m)
		now := d.now()
		if s, ok := slots[id]; ok {
			s.Waiting, s.WaitsFor, s.Expires = false, nil, now.Add(slotHoldTTL)
			return map[string]string{id: s.encode()}, nil, nil
		}
		for _, sid := range sortedSlotIDs(slots) {
			if s := slots[sid]; !s.Waiting && now.Before(s.Expires) && s.Scope.Conflicts(scope) {
				holder = sid
				return nil, nil, nil
			}
		}
		s := runSlot{Scope: scope, Created: now, Expires: now.Add(slotHoldTTL)}
		return map[string]string{id: s.encode()}, nil, nil
	})
	if err != nil {
		return err
	}
	if holder != "" {
		return fmt.Errorf("run %s superseded: run %s now writes the same records: %w", id, holder, asynq.SkipRetry)
	}
	return nil
}

// waitingFor describes the runs a queued run waits for, for its record.
func waitingFor(ids []string) string { return strings.Join(ids, ",") }
