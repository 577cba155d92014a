package workers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/telemetry"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/store"
)

// Puller reads pages of records from a CRM.
type Puller interface {
	Pull(ctx context.Context, req crm.PullRequest) (crm.Page, error)
}

// Pusher writes values back to a CRM.
type Pusher interface {
	EnsureProperties(ctx context.Context, obj crm.ObjectType, g crm.PropertyGroup, defs []crm.PropertyDef) error
	BatchUpdate(ctx context.Context, obj crm.ObjectType, updates []crm.Update) (crm.UpdateResult, error)
}

// CRM is what a sync needs of a CRM connector.
type CRM interface {
	Puller
	Pusher
}

// Enqueuer puts tasks on the queue; *asynq.Client implements it.
type Enqueuer interface {
	EnqueueContext(ctx context.Context, task *asynq.Task, opts ...asynq.Option) (*asynq.TaskInfo, error)
}

// Deps is what the handlers share. It embeds the campaign.Service the
// handlers compute KPIs, traffic and key contacts through, so the store,
// settings, logger and clock (Store, Settings, ICP, Traffic, MQA, KPI, Goals,
// Roles, Logger, Now) are set once, on the Service.
type Deps struct {
	*campaign.Service
	CRM   CRM
	Queue Enqueuer
	// Overlap is how far before the saved cursor an incremental pull starts.
	Overlap time.Duration
	// MaxDeleteShare is the largest share of an object's stored records one
	// run may delete (0: DefaultMaxDeleteShare; 1: no limit); a run that
	// would delete more stops with a *store.MassDeleteError unless its scope
	// allows mass deletion.
	MaxDeleteShare float64
	Metrics        *telemetry.Metrics
	// Web fetches company websites; nil disables web discovery.
	Web SiteFetcher
	// PressWeb reads trade-press feeds and articles; nil disables the scan.
	PressWeb PressFetcher
	// Press lists the feeds and articles to scan.
	Press PressSources
	// LinkedIn serves linkedin:sync; nil when LinkedIn is not configured.
	LinkedIn *LinkedIn

	portal portalCheck // configured portal properties last checked
}

func (d *Deps) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// DefaultMaxDeleteShare is Deps.MaxDeleteShare's default: 20 %.
const DefaultMaxDeleteShare = 0.2

// NewMux registers every handler.
func NewMux(d *Deps) *asynq.ServeMux {
	mux := asynq.NewServeMux()
	// Run tasks keep a heartbeat, so a dead process's task is taken over
	// (see Takeover); the schedule tick belongs to no run.
	mux.Handle(jobs.TypeCRMPull, d.claim(&PullHandler{d}))
	mux.Handle(jobs.TypeMetricsCompute, d.claim(&ComputeHandler{d}))
	mux.Handle(jobs.TypeCRMPush, d.claim(&PushHandler{d}))
	mux.Handle(jobs.TypeScheduleTick, &TickHandler{Deps: d, Starter: &Starter{Deps: d}})
	mux.Handle(jobs.TypeWebSweep, d.claim(&WebSweepHandler{d}))
	mux.Handle(jobs.TypeWebDiscover, d.claim(&WebDiscoverHandler{d}))
	mux.Handle(jobs.TypeContactsPush, d.claim(&ContactsPushHandler{d}))
	mux.Handle(jobs.TypePressScan, d.claim(&PressScanHandler{d}))
	mux.Handle(jobs.TypeLinkedInSync, d.claim(&LinkedInSyncHandler{d}))
	return mux
}

// IsFailure tells asynq which errors count as failures: a rate-limit wait
// and a task recovered from a dead worker are not, so they neither use up
// retries nor raise failure counts.
func IsFailure(err error) bool {
	// A task whose worker process died (asynq recovers it after its lease
	// expired) did not fail either: it never finished.
	return !errors.Is(err, crm.ErrRateLimited) && !errors.Is(err, asynq.ErrLeaseExpired)
}

// RetryDelay waits as long as the API asked (Retry-After) for temporary
// errors that say so, and otherwise uses asynq's exponential backoff.
func RetryDelay(n int, err error, t *asynq.Task) time.Duration {
	if errors.Is(err, asynq.ErrLeaseExpired) {
		// Its worker died (kill -9, a lost machine): asynq has already
		// waited out the lease; resume at once instead of backing off.
		return time.Second
	}
	var tmp crm.Temporary
	if errors.As(err, &tmp) && tmp.RetryDelay() > 0 {
		return tmp.RetryDelay()
	}
	return asynq.DefaultRetryDelayFunc(n, err, t)
}

// permanent wraps errors no retry can fix with asynq.SkipRetry.
func permanent(err error) error {
	if err == nil || errors.Is(err, asynq.SkipRetry) {
		return err
	}
	if errors.Is(err, crm.ErrPermanent) {
		return fmt.Errorf("%w (%w)", err, asynq.SkipRetry)
	}
	return err
}

// runRef is the part every run task payload shares.
type runRef struct {
	RunID  string         `json:"run_id"`
	Scope  jobs.Scope     `json:"scope"`
	Object crm.ObjectType `json:"object"`
}

// HandleError is the asynq ErrorHandler: it records the error on the run and,
// when the task will not be retried, marks the run failed and frees its scope.
func (d *Deps) HandleError(ctx context.Context, task *asynq.Task, err error) {
	outcome := "error"
	if !IsFailure(err) {
		outcome = "rate_limited"
	}
	d.Metrics.Tasks.WithLabelValues(task.Type(), outcome).Inc()
	var ref runRef
	if json.Unmarshal(task.Payload(), &ref) != nil || ref.RunID == "" {
		d.Logger.Error("task failed", "type", task.Type(), "err", err)
		return
	}
	retried, _ := asynq.GetRetryCount(ctx)
	maxRetry, _ := asynq.GetMaxRetry(ctx)
	// Mirror asynq's own decision (processor.handleFailedMessage): it
	// archives a task whose retries are used up whatever the error, a rate
	// limit included (IsFailure only keeps such errors from using retries
	// up), so the run must end then too rather than stay running.
	final := errors.Is(err, asynq.SkipRetry) || retried >= maxRetry
	// The task's context may be done (timeout); record with a fresh one.
	bg, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if ref.Object != "" {
		_ = d.Store.SetStatus(bg, ref.Object, map[string]string{"last_error": err.Error(), "last_error_at": d.now().UTC().Format(time.RFC3339)})
	}
	if !final {
		d.Logger.Warn("task will be retried", "type", task.Type(), "run", ref.RunID, "retried", retried, "err", err)
		_ = d.Store.UpdateRun(bg, ref.RunID, map[string]string{"retrying": err.Error()})
		return
	}
	d.Logger.Error("task failed for good", "type", task.Type(), "run", ref.RunID, "err", err)
	if task.Type() == jobs.TypeWebDiscover || task.Type() == jobs.TypeContactsPush {
		// One account's failure does not end a web run: note it and count
		// the account as done, so the run ends (failed) after the others.
		_ = d.Store.UpdateRun(bg, ref.RunID, map[string]string{"error": fmt.Sprintf("%s: %v", task.Type(), err)})
		if err := d.accountDone(bg, ref.RunID, ref.Scope); err != nil {
			d.Logger.Error("count failed account", "run", ref.RunID, "err", err)
		}
		return
	}
	d.finish(bg, ref.RunID, ref.Scope, fmt.Errorf("%s: %w", task.Type(), err))
}

// finish ends a run: succeeded when runErr is nil, failed otherwise, and
// frees its scope.
func (d *Deps) finish(ctx context.Context, runID string, scope jobs.Scope, runErr error) {
	if r, err := d.Store.GetRun(ctx, runID); err == nil && r.Done() {
		// Already ended (another of its concurrent tasks failed it): keep
		// the first outcome.
		d.release(ctx, runID)
		return
	}
	fields := map[string]string{"finished_at": d.now().UTC().Format(time.RFC3339Nano), "retrying": "", "step": "done"}
	if runErr != nil {
		fields["state"] = store.RunFailed
		fields["error"] = runErr.Error()
	} else {
		fields["state"] = store.RunSucceeded
	}
	if err := d.Store.UpdateRun(ctx, runID, fields); err != nil {
		d.Logger.Error("record run end", "run", runID, "err", err)
	}
	_ = d.Store.DropPending(ctx, runID)
	d.release(ctx, runID)
	d.logEnd(ctx, runID, runErr)
}

// logEnd logs a run's end with its counters, so an operator reading the
// log sees every run's outcome without asking the admin API.
func (d *Deps) logEnd(ctx context.Context, runID string, runErr error) {
	r, err := d.Store.GetRun(ctx, runID)
	if err != nil {
		r = store.Run{ID: runID}
	}
	counts := fmt.Sprintf("pulled=%d deleted=%d accounts=%d pushed=%d failed=%d api_calls=%d write_calls=%d",
		r.Pulled, r.Deleted, r.Computed, r.Pushed, r.Failed, r.APICalls, r.Writes)
	if runErr != nil {
		d.Logger.Error(fmt.Sprintf("run %s failed: %s", runID, counts), "run", runID, "scope", r.ScopeKey, "err", runErr)
		return
	}
	d.Logger.Info(fmt.Sprintf("run %s succeeded: %s", runID, counts), "run", runID, "scope", r.ScopeKey)
}

// step marks the run running at step and refreshes its slot. It refuses
// (asynq.SkipRetry) when the run lost its slot and a run that writes the
// same records is active: this run was held past slotHoldTTL, during a
// long retry wait, and a newer run started, which must not be joined by a
// second sync of the same records.
func (d *Deps) step(ctx context.Context, runID string, scope jobs.Scope, step string) error {
	if r, err := d.Store.GetRun(ctx, runID); err == nil && r.Done() {
		// A concurrent task of the run failed it: this one stops too.
		return fmt.Errorf("run %s already %s: task dropped: %w", runID, r.State, asynq.SkipRetry)
	}
	return d.enterStep(ctx, runID, scope, step)
}

// enterStep refreshes run id's slot and records step, unless the run ended
// meanwhile: then it frees the slot hold may have taken again.
func (d *Deps) enterStep(ctx context.Context, runID string, scope jobs.Scope, step string) error {
	if err := d.hold(ctx, runID, scope); err != nil {
		return err
	}
	ended, err := d.Store.StartRunStep(ctx, runID, step)
	if errors.Is(err, store.ErrNotFound) {
		// Redis lost the run (a restart without persistence, a flush): its
		// tasks stop; the daemon notices the empty store and syncs anew.
		d.release(ctx, runID)
		return fmt.Errorf("run %s no longer exists (Redis lost its data?): task dropped: %w", runID, asynq.SkipRetry)
	}
	if ended != "" {
		// Another task of the run ended it between the check above and
		// hold, which then took the slot again: give it back, or the
		// finished run would hold its records until the slot expired.
		d.release(ctx, runID)
		return fmt.Errorf("run %s already %s: task dropped: %w", runID, ended, asynq.SkipRetry)
	}
	return err
}
