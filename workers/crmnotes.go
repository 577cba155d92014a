package workers

import (
	"context"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/store"
)

// PullWarner is a CRM that knows what a pull lacked without failing: fields
// its org does not have (their values stay empty), an API allowance nearly
// used up. PullWarnings returns sentences for the run's warning ("" entries
// are ignored); it is asked once an object's listing has been read and
// must not fail the pull.
type PullWarner interface {
	PullWarnings(ctx context.Context, req crm.PullRequest) []string
}

// ScheduleGate is a CRM whose API allowance is shared with other
// integrations, which scheduled syncs must leave room for. ScheduledPause
// returns why a scheduled run must not run now ("" when it may); an error
// means it could not tell, and the run goes on. Runs an admin started are
// never held back by it.
type ScheduleGate interface {
	ScheduledPause(ctx context.Context) (string, error)
}

// addPullWarnings adds what the CRM says about req's pull to the run's
// warning.
func (d *Deps) addPullWarnings(ctx context.Context, runID string, req crm.PullRequest) {
	w, ok := d.CRM.(PullWarner)
	if !ok {
		return
	}
	for _, s := range w.PullWarnings(ctx, req) {
		if s == "" {
			continue
		}
		d.Logger.Warn(s, "run", runID, "object", req.Object)
		_ = d.Store.AddRunWarning(ctx, runID, s)
	}
}

// scheduledPause says why run r, started by a schedule, must not run now
// ("" when it may, and always for runs an admin started).
func (d *Deps) scheduledPause(ctx context.Context, r store.Run) string {
	if r.Trigger == string(jobs.TriggerAdmin) {
		return ""
	}
	g, ok := d.CRM.(ScheduleGate)
	if !ok {
		return ""
	}
	reason, err := g.ScheduledPause(ctx)
	if err != nil {
		d.Logger.Warn("could not check the CRM's API allowance; syncing", "run", r.ID, "err", err)
		return ""
	}
	return reason
}

// stepSkipped is the step of a run ended by skipRun.
const stepSkipped = "skipped"

// skipRun ends run runID without syncing: state succeeded, step
// stepSkipped, reason as its warning. The run's other tasks stop at their
// next step (the run is done).
func (d *Deps) skipRun(ctx context.Context, runID, reason string) {
	if r, err := d.Store.GetRun(ctx, runID); err == nil && r.Done() {
		d.release(ctx, runID)
		return
	}
	_ = d.Store.AddRunWarning(ctx, runID, reason)
	err := d.Store.UpdateRun(ctx, runID, map[string]string{"finished_at": d.now().UTC().Format(time.RFC3339Nano),
		"retrying": "", "step": stepSkipped, "state": store.RunSucceeded})
	if err != nil {
		d.Logger.Error("record run end", "run", runID, "err", err)
	}
	_ = d.Store.DropPending(ctx, runID)
	d.release(ctx, runID)
	d.Logger.Warn("scheduled sync skipped: "+reason, "run", runID)
}
