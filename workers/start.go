package workers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/store"
)

// Starter starts sync runs for admin requests and schedule ticks, and the
// contacts push of a LinkedIn import (campaign.RunStarter).
type Starter struct{ *Deps }

var _ campaign.RunStarter = (*Starter)(nil)

// Start creates a run for scope and enqueues its first task. When a queued
// or running run covers scope (jobs.Scope.Covers), it returns that run and
// existing = true instead of starting a second one. When an active run
// writes the same CRM records (jobs.Scope.Conflicts), the new run is
// created queued, with WaitingFor naming those runs, and starts when they
// have ended (see slots.go).
func (s *Starter) Start(ctx context.Context, scope jobs.Scope, trigger jobs.Trigger) (run store.Run, existing bool, err error) {
	if err := scope.Validate(); err != nil {
		return store.Run{}, false, err
	}
	id := newRunID(s.now())
	queue := jobs.QueueSchedule
	if trigger == jobs.TriggerAdmin {
		queue = jobs.QueueAdmin
	}
	a, err := s.admit(ctx, id, scope, trigger, queue)
	if err != nil {
		return store.Run{}, false, err
	}
	if a.joined != "" {
		r, err := s.Store.GetRun(ctx, a.joined)
		if errors.Is(err, store.ErrNotFound) {
			// The covering run took its slot and has not written its run
			// yet (CreateRun follows admit): it is being started, which is
			// what the caller needs to know; not an error.
			return store.Run{ID: a.joined, ScopeKey: scope.Key(), State: store.RunQueued}, true, nil
		}
		if err != nil {
			return store.Run{}, true, fmt.Errorf("run %s covers scope %s: %w", a.joined, scope.Key(), err)
		}
		return r, true, nil
	}
	scopeJSON, _ := json.Marshal(scope)
	run = store.Run{ID: id, Trigger: string(trigger), ScopeKey: scope.Key(), ScopeJSON: string(scopeJSON), State: store.RunQueued,
		WaitingFor: waitingFor(a.waitsFor), CreatedAt: s.now()}
	if err := s.Store.CreateRun(ctx, run); err != nil {
		s.release(context.WithoutCancel(ctx), id)
		return store.Run{}, false, err
	}
	if len(a.waitsFor) > 0 {
		s.Logger.Info("sync run queued behind runs that write the same records", "run", id, "scope", scope.Key(),
			"trigger", trigger, "waiting_for", run.WaitingFor)
		return run, false, nil
	}
	if err := s.enqueueFirst(ctx, id, scope, queue); err != nil {
		s.finish(context.WithoutCancel(ctx), id, scope, err)
		return store.Run{}, false, err
	}
	s.Logger.Info("sync run started", "run", id, "scope", scope.Key(), "trigger", trigger)
	return run, false, nil
}

// enqueueFirst queues the first task of run id.
func (d *Deps) enqueueFirst(ctx context.Context, id string, scope jobs.Scope, queue string) error {
	var (
		task *asynq.Task
		err  error
	)
	switch scope.Source {
	case jobs.SourceImport:
		return d.enqueueImport(ctx, id, scope, queue)
	case jobs.SourceWeb:
		task, err = jobs.NewSweepTask(jobs.SweepPayload{RunID: id, Scope: scope, Queue: queue})
	case jobs.SourcePress:
		task, err = jobs.NewPressScanTask(jobs.SweepPayload{RunID: id, Scope: scope, Queue: queue})
	case jobs.SourceLinkedIn:
		task, err = jobs.NewLinkedInSyncTask(jobs.LinkedInSyncPayload{RunID: id, Scope: scope, Queue: queue})
	default:
		// The objects are pulled concurrently, within the CRM client's
		// shared rate budget; the last pull to finish enqueues the
		// computation (PullHandler.next).
		objs := scope.Objects
		if len(objs) == 0 {
			objs = crm.AllObjects
		}
		for _, o := range objs {
			t, err := jobs.NewPullTask(jobs.PullPayload{RunID: id, Scope: scope, Object: o, Queue: queue})
			if err == nil {
				err = enqueue(ctx, d.Queue, t)
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	if err != nil {
		return err
	}
	return enqueue(ctx, d.Queue, task)
}

// newRunID is sortable by time and unique across processes.
func newRunID(now time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return now.UTC().Format("20060102T150405.000Z") + "-" + hex.EncodeToString(b[:])
}

// TickHandler handles jobs.TypeScheduleTick.
type TickHandler struct {
	*Deps
	Starter *Starter
}

var _ asynq.Handler = (*TickHandler)(nil)

// ScheduleScopes maps the configured schedule names to what they sync.
var ScheduleScopes = map[string]jobs.Scope{
	"crm_sync":      {},
	"crm_full_sync": {Full: true},
	"web_discover":  {Source: jobs.SourceWeb},
	"press_scan":    {Source: jobs.SourcePress},
	"linkedin_sync": {Source: jobs.SourceLinkedIn},
}

// TickLease is how long the first process to take a schedule's tick holds
// it: 90 % of the tick's interval (at least a second), so that only one
// process starts a run per tick and the lease is gone before the next one.
func TickLease(interval time.Duration) time.Duration {
	return max(interval*9/10, time.Second)
}

// ProcessTask starts the scheduled run. Every serve process runs an asynq
// scheduler and so enqueues a tick; the first handler to take the tick's
// Redis lease (held for TickLease of the interval) starts the run, the others
// return without doing anything.
func (h *TickHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	var p jobs.TickPayload
	if err := jobs.Decode(t, &p); err != nil {
		return err
	}
	scope, ok := ScheduleScopes[p.Name]
	if !ok {
		return fmt.Errorf("unknown schedule %q: %w", p.Name, asynq.SkipRetry)
	}
	ttl := TickLease(p.Interval)
	owner := newRunID(h.now())
	lease := h.Store.Keys().Lease("tick:" + p.Name)
	got, _, err := h.Store.AcquireLease(ctx, lease, owner, ttl)
	if err != nil {
		return err
	}
	if !got {
		h.Metrics.Tasks.WithLabelValues(jobs.TypeScheduleTick, "skipped").Inc()
		h.Logger.Debug("tick already taken by another process", "schedule", p.Name)
		return nil
	}
	run, existing, err := h.Starter.Start(ctx, scope, jobs.TriggerSchedule)
	if err != nil {
		// Free the tick, or its retry (a new owner) would find it taken
		// and skip, and no run would start until the next tick.
		_ = h.Store.ReleaseLease(context.WithoutCancel(ctx), lease, owner)
		return err
	}
	if existing {
		h.Logger.Info("scheduled sync skipped: a run of the same scope is active", "schedule", p.Name, "run", run.ID)
	}
	h.Metrics.Tasks.WithLabelValues(jobs.TypeScheduleTick, "ok").Inc()
	return nil
}

// StartContactsPush starts a run that pushes the key contacts of accounts,
// after an import changed their candidates. Like every run it waits while
// a run that writes the same CRM records is active (its WaitingFor says
// which); an import itself is never joined to another run.
func (s *Starter) StartContactsPush(ctx context.Context, label string, accounts []string) (store.Run, error) {
	id := newRunID(s.now())
	scope := jobs.Scope{Source: jobs.SourceImport}
	scopeJSON, _ := json.Marshal(scope)
	run := store.Run{ID: id, Trigger: string(jobs.TriggerAdmin), ScopeKey: "import:" + label, ScopeJSON: string(scopeJSON),
		State: store.RunQueued, CreatedAt: s.now()}
	if len(accounts) == 0 {
		if err := s.Store.CreateRun(ctx, run); err != nil {
			return store.Run{}, err
		}
		s.finish(ctx, id, scope, nil)
		return s.Store.GetRun(ctx, id)
	}
	a, err := s.admit(ctx, id, scope, jobs.TriggerAdmin, jobs.QueueAdmin)
	if err != nil {
		return store.Run{}, err
	}
	accJSON, _ := json.Marshal(accounts)
	run.WaitingFor = waitingFor(a.waitsFor)
	if err := s.Store.CreateRun(ctx, run); err != nil {
		s.release(context.WithoutCancel(ctx), id)
		return store.Run{}, err
	}
	fields := map[string]string{"accounts_total": strconv.Itoa(len(accounts)), importAccountsField: string(accJSON)}
	if err := s.Store.UpdateRun(ctx, id, fields); err != nil {
		s.release(context.WithoutCancel(ctx), id)
		return store.Run{}, err
	}
	if run.WaitingFor != "" {
		s.Logger.Info("contacts push queued behind runs that write the same records", "run", id, "waiting_for", run.WaitingFor)
		return run, nil
	}
	if err := s.enqueueFirst(ctx, id, scope, jobs.QueueAdmin); err != nil {
		s.finish(context.WithoutCancel(ctx), id, scope, err)
		return store.Run{}, err
	}
	return run, nil
}

// importAccountsField holds the accounts an import run pushes, so a queued
// import can enqueue them when it starts.
const importAccountsField = "import_accounts"

// enqueueImport queues one contacts push per account of import run id.
func (d *Deps) enqueueImport(ctx context.Context, id string, scope jobs.Scope, queue string) error {
	f, err := d.Store.RunFields(ctx, id, importAccountsField)
	if err != nil {
		return err
	}
	var accounts []string
	if err := json.Unmarshal([]byte(f[importAccountsField]), &accounts); err != nil {
		return fmt.Errorf("run %s: decode import accounts: %w", id, err)
	}
	for _, acc := range accounts {
		task, err := jobs.NewContactsPushTask(jobs.ContactsPushPayload{RunID: id, Scope: scope, AccountID: acc, Queue: queue})
		if err == nil {
			err = enqueue(ctx, d.Queue, task)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
