package workers

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/keycontacts/merge"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
)

// Request lists what a pull asks the CRM for: only the properties the
// metrics need (data minimisation), and the company associations of contacts
// and deals in the same request.
func Request(obj crm.ObjectType) crm.PullRequest {
	switch obj {
	case crm.Companies:
		props := []string{"name", "domain", "website", "hs_is_target_account", "createdate", "hs_lastmodifieddate",
			// what the ideal customer profile reads, and the tier it writes
			"industry", "numberofemployees", "country", "lifecyclestage", "hs_ideal_customer_profile"}
		// The current values of everything abmsync writes on companies, so a
		// push writes only what changed, even after a full re-pull.
		for _, d := range metrics.CompanyPropertyDefs() {
			props = append(props, d.Name)
		}
		// The organization URN (or company page) LinkedIn engagement is
		// reported by.
		props = append(props, metrics.LinkedInPullProperties...)
		return crm.PullRequest{Object: obj, Properties: props}
	case crm.Contacts:
		// What metrics.Compute reads, what key-contact merging matches on (e-mail
		// and name, stored only as fingerprints: see merge.MinimizeContact),
		// the job title and buying role the role classifier fills in, and
		// the last-modified property the incremental cursor follows.
		return crm.PullRequest{Object: obj, Properties: []string{
			"email", "hs_linkedin_url", "notes_last_contacted", "hs_email_last_open_date",
			"firstname", "lastname", "jobtitle", metrics.BuyingRoleHubSpot, metrics.PropWarmPaths, "lastmodifieddate",
			// campaign KPIs: SQL stage and first contact
			"lifecyclestage", "createdate", "hs_sa_first_engagement_date",
			// engagement signals: form submissions and meetings in the window
			"recent_conversion_date", "hs_latest_meeting_activity",
			// the HubSpot tracking cookie, stored only as a fingerprint
			// (merge.MinimizeContact), maps a visitor's cookie to the account
			"hubspotutk",
		}, Associations: []crm.ObjectType{crm.Companies}}
	default:
		return crm.PullRequest{Object: obj, Properties: []string{
			"dealstage", "hs_is_closed", "hs_is_closed_won", "amount", "createdate", "closedate",
			"hs_lastmodifieddate",
			// campaign KPIs: upsell (existing business)
			"dealtype",
			// time to close counts from the deal's contacts' first contact
		}, Associations: []crm.ObjectType{crm.Companies, crm.Contacts}}
	}
}

// PullHandler handles jobs.TypeCRMPull.
type PullHandler struct{ *Deps }

var _ asynq.Handler = (*PullHandler)(nil)

// ProcessTask pulls one object type page by page. After each page is stored
// it saves the continuation token (a retry resumes there) and, for
// incremental pulls, advances the cursor to the newest stored modification
// time. A full pull ends by sweeping records the CRM no longer has and sets
// the cursor to the time the pull started; an incremental pull ends by
// removing records the CRM reports archived.
func (h *PullHandler) ProcessTask(ctx context.Context, t *asynq.Task) error {
	var p jobs.PullPayload
	if err := jobs.Decode(t, &p); err != nil {
		return err
	}
	if settled, err := h.settled(ctx, p); settled {
		return err
	}
	if err := h.step(ctx, p.RunID, p.Scope, "pull "+string(p.Object)); err != nil {
		return err
	}
	st, err := h.pullState(ctx, p)
	if err != nil {
		return err
	}
	log := h.Logger.With("run", p.RunID, "object", p.Object)
	req := h.pullRequest(ctx, p, st, log)
	pages, stop := h.prefetch(ctx, req)
	defer stop()
	if err := h.storeListing(ctx, p, st, pages, log); err != nil {
		return err
	}
	h.addPullWarnings(ctx, p.RunID, req)
	deleted, err := h.finishPull(ctx, p, st)
	if err != nil {
		return err
	}
	if deleted > 0 {
		log.Info("removed records the CRM no longer has", "count", deleted)
	}
	h.recordPulled(ctx, p, st)
	return h.next(ctx, p)
}

// settled reports whether the pull has nothing to do, and then what
// ProcessTask returns. A pull that already finished (its task ran again:
// taken over from a process that died before the task ended, or enqueued
// again by Reap) only passes the run on. A run a schedule started is
// skipped while the CRM asks scheduled syncs to pause (an API allowance
// nearly used up); its other pulls then find it skipped and end quietly.
func (h *PullHandler) settled(ctx context.Context, p jobs.PullPayload) (bool, error) {
	if f, err := h.Store.RunFields(ctx, p.RunID, "pulled:"+string(p.Object)); err == nil && f["pulled:"+string(p.Object)] != "" {
		return true, h.next(ctx, p)
	}
	if run, err := h.Store.GetRun(ctx, p.RunID); err == nil {
		if run.Done() && run.Step == stepSkipped {
			return true, nil
		}
		if !run.Done() {
			if reason := h.scheduledPause(ctx, run); reason != "" {
				h.skipRun(ctx, p.RunID, reason)
				return true, nil
			}
		}
	}
	return false, nil
}

// pullRequest is the listing request of the pull: the object's properties,
// the ICP's and the KPIs' portal properties, from the saved cursor and
// continuation token. At the start of a contacts listing it warns (in the
// log and on the run) about configured portal properties that are missing.
func (h *PullHandler) pullRequest(ctx context.Context, p jobs.PullPayload, st pullState, log *slog.Logger) crm.PullRequest {
	req := Request(p.Object)
	if p.Object == crm.Companies {
		req.Properties = append(req.Properties, h.ICP.Properties...)
	}
	// The portal's own referral and survey properties, when configured.
	req.Properties = appendNew(req.Properties, h.KPI.Properties(p.Object)...)
	if p.Object == crm.Contacts && st.token == "" {
		if w := h.portalPropertiesWarning(ctx); w != "" {
			log.Warn(w)
			_ = h.Store.AddRunWarning(ctx, p.RunID, w)
		}
	}
	req.Since = st.since
	req.Token = st.token
	return req
}

// storeListing takes the listing's pages as prefetch reads them and stores
// each through the shards; it returns once every page is stored and
// committed, or with the first error once the pages handed to the shards
// are stored.
func (h *PullHandler) storeListing(ctx context.Context, p jobs.PullPayload, st pullState, pages <-chan fetched, log *slog.Logger) error {
	full := st.since.IsZero()
	began, listed := time.Now(), 0
	// A page's continuation token and its counters are written together,
	// once the page and all before it are stored.
	commit := func(ctx context.Context, pg *pendingPage) error {
		if !full && !pg.newest.IsZero() {
			if err := h.Store.AdvanceCursor(ctx, p.Object, pg.newest, h.now()); err != nil {
				return err
			}
		}
		return h.Store.UpdateRunCounting(ctx, p.RunID, map[string]string{"token:" + string(p.Object): pg.next},
			map[string]int64{store.CounterAPICalls: int64(pg.calls), store.CounterPulled: int64(pg.records)})
	}
	stores := newShardedStore(ctx, h, p, full && !st.fresh, commit)
	for seq := 0; ; seq++ {
		var f fetched
		select {
		case f = <-pages:
		case <-ctx.Done():
			_ = stores.wait()
			return ctx.Err()
		}
		page, err := f.page, f.err
		if err != nil {
			_ = h.Store.AddRunCounters(ctx, p.RunID, map[string]int64{store.CounterAPICalls: int64(page.Calls)})
			// Pages already handed to the shards are stored and committed
			// first: the retry resumes after them.
			if serr := stores.wait(); serr != nil {
				return serr
			}
			return permanent(fmt.Errorf("pull %s: %w", p.Object, err))
		}
		var dnc merge.DoNotContact
		if p.Object == crm.Contacts && len(page.Records) > 0 {
			// Read once a page, so an entry added during the pull holds
			// from the next page on.
			if dnc, err = campaign.DoNotContact(ctx, h.Store); err != nil {
				_ = stores.wait()
				return err
			}
		}
		err = stores.dispatch(seq, page.Records, dnc, &pendingPage{
			next: page.Next, newest: newestUpdate(page.Records), calls: page.Calls, records: len(page.Records)})
		if err != nil {
			_ = stores.wait()
			return err
		}
		listed++
		if page.Next == "" {
			break
		}
	}
	if err := stores.wait(); err != nil {
		return err
	}
	log.Debug("listing read and stored", "pages", listed, "took", time.Since(began))
	return nil
}

// recordPulled records a finished pull in the object's status and the
// metrics.
func (h *PullHandler) recordPulled(ctx context.Context, p jobs.PullPayload, st pullState) {
	n, _ := h.Store.Count(ctx, p.Object)
	_ = h.Store.SetStatus(ctx, p.Object, map[string]string{
		"last_run": p.RunID, "last_success_at": h.now().UTC().Format(time.RFC3339), "records": strconv.FormatInt(n, 10),
		"last_error": "", "mode": st.mode(),
	})
	h.Metrics.LastSuccess.WithLabelValues(string(p.Object)).Set(float64(h.now().Unix()))
	if c, err := h.Store.Cursor(ctx, p.Object); err == nil {
		h.Metrics.ObserveCursor(string(p.Object), c.Since, h.now())
	}
	h.Metrics.Tasks.WithLabelValues(jobs.TypeCRMPull, "ok").Inc()
}

// fetched is one page read ahead, or the error that ended the listing.
type fetched struct {
	page crm.Page
	err  error
}

// prefetch reads the pages of req one after another in a goroutine, up to
// pagesAhead pages ahead of the caller: the next pages are fetched while
// earlier ones are stored. The caller still saves a page's continuation
// token only after it stored that page and every one before it (see
// shardedStore), so a retry never skips one. stop ends the goroutine.
func (h *PullHandler) prefetch(ctx context.Context, req crm.PullRequest) (<-chan fetched, func()) {
	ctx, cancel := context.WithCancel(ctx)
	out := make(chan fetched, pagesAhead)
	done := make(chan struct{})
	go func() {
		defer close(done)
		send := func(page crm.Page, err error) bool {
			select {
			case out <- fetched{page, err}:
				return err == nil && page.Next != ""
			case <-ctx.Done():
				return false
			}
		}
		if r, ok := h.CRM.(pageReader); ok {
			for page, err := range r.Pages(ctx, req, pagesAhead) {
				if !send(page, err) {
					return
				}
			}
			return
		}
		for {
			page, err := h.CRM.Pull(ctx, req)
			if !send(page, err) {
				return
			}
			req.Token = page.Next
		}
	}()
	return out, func() { cancel(); <-done }
}

// pageReader is a CRM connector that reads a listing ahead itself, faster
// than repeated Pull calls can (the HubSpot connector decodes a page while
// it requests the next). Pages yields what Pull would return, in order.
type pageReader interface {
	Pages(ctx context.Context, req crm.PullRequest, ahead int) iter.Seq2[crm.Page, error]
}

// pullState is where a pull starts or resumes.
type pullState struct {
	since   time.Time // zero: full listing
	token   string
	started time.Time // when a full pull began: its cursor afterwards
	// fresh: a full pull into a store that held no record of the object
	// when it began. It has nothing to sweep, so it marks nothing seen:
	// only this pull writes the object while it runs (runs that write the
	// same records never overlap), so everything stored at its end is
	// what it listed.
	fresh bool
}

func (s pullState) mode() string {
	if s.since.IsZero() {
		return "full"
	}
	return "incremental"
}

// pullState reads or initialises the pull's state in the run hash, so a
// retried task continues the same listing with the same since.
func (h *PullHandler) pullState(ctx context.Context, p jobs.PullPayload) (pullState, error) {
	obj := string(p.Object)
	run, err := h.Store.RunFields(ctx, p.RunID, "token:"+obj, "since:"+obj, "started:"+obj, "fresh:"+obj)
	if err != nil {
		return pullState{}, err
	}
	if run["started:"+obj] != "" {
		st := pullState{token: run["token:"+obj], fresh: run["fresh:"+obj] != ""}
		st.started, _ = time.Parse(time.RFC3339Nano, run["started:"+obj])
		if v := run["since:"+obj]; v != "" {
			st.since, _ = time.Parse(time.RFC3339Nano, v)
		}
		return st, nil
	}
	st := pullState{started: h.now()}
	if !p.Scope.Full {
		cur, err := h.Store.Cursor(ctx, p.Object)
		if err != nil {
			return pullState{}, err
		}
		if !cur.Since.IsZero() {
			st.since = cur.Since.Add(-h.Overlap)
		}
	}
	fields := map[string]string{"started:" + obj: st.started.UTC().Format(time.RFC3339Nano), "token:" + obj: ""}
	if !st.since.IsZero() {
		fields["since:"+obj] = st.since.UTC().Format(time.RFC3339Nano)
	} else {
		n, err := h.Store.Count(ctx, p.Object)
		if err != nil {
			return pullState{}, err
		}
		if st.fresh = n == 0; st.fresh {
			// Saved with the start, so a retry keeps the decision even
			// though the store is no longer empty then.
			fields["fresh:"+obj] = "1"
		}
	}
	return st, h.Store.UpdateRun(ctx, p.RunID, fields)
}

// storePage minimises and stores records of one page (a shard's part of
// it), leaving out people on the do-not-contact list dnc; with seen (a full
// pull that sweeps afterwards) it also marks the ids seen.
func (h *PullHandler) storePage(ctx context.Context, p jobs.PullPayload, seen bool, recs []crm.Record, dnc merge.DoNotContact) error {
	if len(recs) == 0 {
		return nil
	}
	live := recs[:0:0]
	var archived []string
	for _, r := range recs {
		if r.Archived {
			archived = append(archived, r.ID)
			continue
		}
		if r.Type == crm.Contacts {
			r = merge.MinimizeContact(dnc.FP, r)
			// A person on the do-not-contact list is never stored: treated
			// like a deleted record (and so not counted in the metrics).
			if dnc.Emails[r.Properties["email_hash"]] {
				archived = append(archived, r.ID)
				continue
			}
		}
		live = append(live, r)
	}
	var err error
	if seen {
		_, err = h.Store.UpsertRecordsSeen(ctx, p.RunID, live)
	} else {
		_, err = h.Store.UpsertRecords(ctx, live)
	}
	if err != nil {
		return err
	}
	if len(archived) > 0 {
		if _, err := h.Store.DeleteRecords(ctx, p.Object, archived); err != nil {
			return err
		}
	}
	h.Metrics.RecordsPulled.WithLabelValues(string(p.Object)).Add(float64(len(recs)))
	return nil
}

// finishPull removes deleted records: a full pull sweeps what it did not
// see, an incremental one lists the CRM's archived records. Neither deletes
// more than maxDelete allows (see Deps.MaxDeleteShare): a CRM that answers
// a listing with too few records, or an archived listing with live ones,
// must not empty the store; the run stops with an error saying so instead.
func (h *PullHandler) finishPull(ctx context.Context, p jobs.PullPayload, st pullState) (int, error) {
	limit, err := h.maxDelete(ctx, p)
	if err != nil {
		return 0, err
	}
	if st.since.IsZero() {
		var gone []string
		if !st.fresh {
			gone, err = h.Store.Sweep(ctx, p.RunID, p.Object, limit)
		}
		var mass *store.MassDeleteError
		if errors.As(err, &mass) {
			return 0, fmt.Errorf("%w (%w)", err, asynq.SkipRetry)
		}
		if err != nil {
			return 0, err
		}
		if err := h.Store.AdvanceCursor(ctx, p.Object, st.started, h.now()); err != nil {
			return 0, err
		}
		_ = h.Store.AddRunCounters(ctx, p.RunID, map[string]int64{store.CounterDeleted: int64(len(gone))})
		return len(gone), nil
	}
	req := crm.PullRequest{Object: p.Object, Properties: []string{}, Archived: true, Since: st.since}
	var ids []string
	live := 0
	for {
		page, err := h.CRM.Pull(ctx, req)
		_ = h.Store.AddRunCounters(ctx, p.RunID, map[string]int64{store.CounterAPICalls: int64(page.Calls)})
		if err != nil {
			return 0, permanent(fmt.Errorf("pull archived %s: %w", p.Object, err))
		}
		for _, r := range page.Records {
			// Only a record the CRM marks archived is deleted: a listing
			// that returns live records must not remove them.
			if !r.Archived {
				live++
				continue
			}
			ids = append(ids, r.ID)
		}
		if page.Next == "" {
			break
		}
		req.Token = page.Next
	}
	if live > 0 {
		h.Logger.Warn("archived listing returned records not marked archived; kept them", "run", p.RunID, "object", p.Object, "records", live)
		_ = h.Store.AddRunWarning(ctx, p.RunID, fmt.Sprintf("the CRM's archived %s listing returned %d records not marked archived: kept", p.Object, live))
	}
	if limit >= 0 && len(ids) > limit {
		stored, _ := h.Store.Count(ctx, p.Object)
		return 0, fmt.Errorf("%w (%w)", &store.MassDeleteError{Object: p.Object, Gone: len(ids), Stored: int(stored), Max: limit}, asynq.SkipRetry)
	}
	deleted, err := h.Store.DeleteRecords(ctx, p.Object, ids)
	if err != nil {
		return 0, err
	}
	_ = h.Store.AddRunCounters(ctx, p.RunID, map[string]int64{store.CounterDeleted: int64(deleted)})
	return deleted, nil
}

// minMassDelete is the fewest deletions that count as a mass deletion: a
// small store losing a few records is no alarm.
const minMassDelete = 10

// maxDelete is the most records of p.Object this run may delete: -1 (no
// limit) when the run was started with --allow-mass-delete, else
// MaxDeleteShare (default 20 %) of the stored records, at least
// minMassDelete.
func (h *PullHandler) maxDelete(ctx context.Context, p jobs.PullPayload) (int, error) {
	share := h.MaxDeleteShare
	if p.Scope.AllowMassDelete || share >= 1 {
		return -1, nil
	}
	if share <= 0 {
		share = DefaultMaxDeleteShare
	}
	stored, err := h.Store.Count(ctx, p.Object)
	if err != nil {
		return 0, err
	}
	return max(int(share*float64(stored)), minMassDelete), nil
}

// next records that p.Object is pulled and, when every object of the run
// is, enqueues the metric computation. The objects are pulled concurrently
// (enqueueFirst starts one pull per object); the compute task's TaskID makes
// a second enqueue, by a pull finishing at the same moment, harmless.
func (h *PullHandler) next(ctx context.Context, p jobs.PullPayload) error {
	objs := p.Scope.Objects
	if len(objs) == 0 {
		objs = crm.AllObjects
	}
	if err := h.Store.UpdateRun(ctx, p.RunID, map[string]string{"pulled:" + string(p.Object): "1"}); err != nil {
		return err
	}
	fields := make([]string, len(objs))
	for i, o := range objs {
		fields[i] = "pulled:" + string(o)
	}
	f, err := h.Store.RunFields(ctx, p.RunID, append(fields, "state")...)
	if err != nil {
		return err
	}
	if f["state"] == store.RunFailed || f["state"] == store.RunSucceeded {
		return nil // another object's pull failed the run
	}
	for _, k := range fields {
		if f[k] == "" {
			return nil // another pull is still running; it enqueues the computation
		}
	}
	task, err := jobs.NewComputeTask(jobs.ComputePayload{RunID: p.RunID, Scope: p.Scope, Queue: p.Queue})
	if err != nil {
		return err
	}
	return enqueue(ctx, h.Queue, task)
}

// enqueue treats an already-enqueued task (same deterministic TaskID) as
// success: a retried step must not fail because its successor exists.
func enqueue(ctx context.Context, q Enqueuer, task *asynq.Task) error {
	_, err := q.EnqueueContext(ctx, task)
	if err != nil && !isConflict(err) {
		return fmt.Errorf("enqueue %s: %w", task.Type(), err)
	}
	return nil
}

func newestUpdate(recs []crm.Record) time.Time {
	var t time.Time
	for _, r := range recs {
		if r.UpdatedAt.After(t) {
			t = r.UpdatedAt
		}
	}
	return t
}

// appendNew appends the values of add that list does not hold yet.
func appendNew(list []string, add ...string) []string {
	for _, v := range add {
		if v != "" && !slices.Contains(list, v) {
			list = append(list, v)
		}
	}
	return list
}
