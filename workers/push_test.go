package workers

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
)

const batchUpdateCompanies = "POST /crm/objects/{v}/companies/batch/update"

// TestPushPartialFailure: HubSpot refuses one company of a batch (207). The
// others are written and applied to the store, the run fails naming the
// refused company with failed_records = 1, and the next run deals with it:
// nothing is silently dropped.
func TestPushPartialFailure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// spoil makes HubSpot refuse company id's update of run runID.
		spoil func(t *testing.T, b *bundle, runID, id string)
		// gone: the company no longer exists in HubSpot.
		gone bool
	}{
		{
			name:  "company deleted in HubSpot before the push",
			spoil: func(t *testing.T, b *bundle, _, id string) { b.srv.Archive("companies", id) },
			gone:  true,
		},
		{
			name: "value refused",
			// HubSpot answers PROPERTY_DOESNT_EXIST for a property it does
			// not know (e.g. one deleted in HubSpot after abmsync created it).
			spoil: func(t *testing.T, b *bundle, runID, id string) {
				ctx := ctxT(t)
				pending, err := b.st.Pending(ctx, runID)
				if err != nil {
					t.Fatal(err)
				}
				for i := range pending {
					if pending[i].ID == id {
						pending[i].Properties["abm_deleted_in_hubspot"] = "1"
					}
				}
				if err := b.st.SetPending(ctx, runID, pending); err != nil {
					t.Fatal(err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t)
			ctx := ctxT(t)
			scope := jobs.Scope{}
			runID := b.start(t, scope)
			push := b.drain(t, jobs.TypeCRMPush)
			targets := portalTargets(b.srv)
			bad := targets[len(targets)/2]
			tt.spoil(t, b, runID, bad)

			b.srv.ResetCalls()
			if err := b.handle(ctx, push); err != nil {
				t.Fatalf("push with one refused record returned %v; want nil (the run fails, the task does not)", err)
			}
			if n := b.srv.Calls()[batchUpdateCompanies]; n != 1 {
				t.Errorf("batch update calls = %d, want 1", n)
			}
			run := b.run(t, runID)
			if run.State != store.RunFailed || !strings.Contains(run.Error, bad) || run.Failed != 1 || run.Pushed != nTargets-1 {
				t.Errorf("run: state %s, error %q, failed %d, pushed %d; want failed naming %s, 1 failed, %d pushed",
					run.State, run.Error, run.Failed, run.Pushed, bad, nTargets-1)
			}
			if h := b.leaseHolder(t, scope); h != "" {
				t.Errorf("scope still held by %s", h)
			}
			for _, id := range targets {
				stored, err := b.st.Record(ctx, crm.Companies, id)
				if err != nil {
					t.Fatal(err)
				}
				if id == bad {
					if v := abmValues(stored.Properties); len(v) != 0 {
						t.Errorf("refused company %s stored as pushed: %v", id, v)
					}
					if v := abmValues(b.srv.Company(id)); len(v) != 0 {
						t.Errorf("refused company %s has %v in HubSpot", id, v)
					}
					continue
				}
				want := expectedMetrics(b.srv, id, testSettings, b.now)
				checkPortalMetrics(t, b.srv, id, want)
				if got := abmValues(stored.Properties); !maps.Equal(got, nonEmpty(want)) {
					t.Errorf("written company %s stored with %v, want %v", id, got, nonEmpty(want))
				}
			}

			// The next run: a deleted company leaves the store, a refused
			// one is computed as changed again and written (only it).
			b.srv.ResetCalls()
			next := b.sync(t, scope)
			if next.State != store.RunSucceeded {
				t.Fatalf("next run = %+v", next)
			}
			if tt.gone {
				if _, err := b.st.Record(ctx, crm.Companies, bad); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("deleted company %s still stored: %v", bad, err)
				}
				if w := writeCalls(b.srv.Calls()); len(w) != 0 || next.Pushed != 0 {
					t.Errorf("next run wrote %v (%d records), want nothing", w, next.Pushed)
				}
				return
			}
			if next.Pushed != 1 || b.srv.Calls()[batchUpdateCompanies] != 1 {
				t.Errorf("next run pushed %d records in %d calls, want the refused one in 1", next.Pushed, b.srv.Calls()[batchUpdateCompanies])
			}
			checkPortalMetrics(t, b.srv, bad, expectedMetrics(b.srv, bad, testSettings, b.now))
		})
	}
}

// TestPushWholeBatchRefused: when HubSpot refuses every record of a batch it
// answers 400 instead of 207. The run still fails naming the company and
// counting it, and the task is not retried.
func TestPushWholeBatchRefused(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	b.sync(t, jobs.Scope{})
	account := portalTargets(b.srv)[0]
	scope := jobs.Scope{Account: account}
	runID := b.start(t, scope)
	compute := b.drain(t, jobs.TypeMetricsCompute)
	// Make the stored account differ from what was pushed, so compute has
	// an update; then delete the account in HubSpot before the push.
	if err := b.st.ApplyPushed(ctx, "none", crm.Companies, []crm.Update{{ID: account, Properties: map[string]string{metrics.PropReachGoal: "99"}}}); err != nil {
		t.Fatal(err)
	}
	if err := b.handle(ctx, compute); err != nil {
		t.Fatal(err)
	}
	push := b.q.take()[0]
	b.srv.Archive("companies", account)

	err := b.handle(ctx, push)
	if err == nil || !errors.Is(err, asynq.SkipRetry) {
		t.Fatalf("push of a refused single-record batch = %v, want a SkipRetry error", err)
	}
	b.deps.HandleError(ctx, push, err)
	run := b.run(t, runID)
	if run.State != store.RunFailed || !strings.Contains(run.Error, account) || run.Failed != 1 || run.Pushed != 0 {
		t.Errorf("run: state %s, error %q, failed %d, pushed %d; want failed naming %s with 1 failed record",
			run.State, run.Error, run.Failed, run.Pushed, account)
	}
	if h := b.leaseHolder(t, scope); h != "" {
		t.Errorf("scope still held by %s", h)
	}
}

// TestPushServerErrorIsRetried: a 5xx on a batch update is not resent by the
// client (writes are not idempotent in general), so the task fails and is
// retried; nothing is applied before, everything after.
func TestPushServerErrorIsRetried(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	runID := b.start(t, jobs.Scope{})
	push := b.drain(t, jobs.TypeCRMPush)
	b.srv.FailNext(batchUpdateCompanies, http.StatusBadGateway, "")

	err := b.handle(ctx, push)
	if err == nil || errors.Is(err, asynq.SkipRetry) || !IsFailure(err) {
		t.Fatalf("push after a 502 = %v; want a retried failure", err)
	}
	if !strings.Contains(err.Error(), "502") || !strings.Contains(err.Error(), "/batch/update") {
		t.Errorf("error %q does not name the endpoint and status", err)
	}
	if p, _ := b.st.Pending(ctx, runID); len(p) != nTargets {
		t.Fatalf("%d pending updates after a failed push, want %d", len(p), nTargets)
	}
	for _, id := range portalTargets(b.srv) {
		if r, _ := b.st.Record(ctx, crm.Companies, id); len(abmValues(r.Properties)) != 0 {
			t.Fatalf("company %s applied to the store although HubSpot refused the batch", id)
		}
	}
	if r := b.run(t, runID); r.State != store.RunRunning || r.Failed != 0 {
		t.Errorf("run after a retryable push error: state %s failed %d", r.State, r.Failed)
	}

	b.srv.ResetCalls()
	if err := b.handle(ctx, push); err != nil {
		t.Fatalf("retried push: %v", err)
	}
	calls := b.srv.Calls()
	if calls[batchUpdateCompanies] != 1 || calls["GET /crm/properties/{v}/companies"] != 0 {
		t.Errorf("retried push calls %v; want 1 batch update and no second property check", writeCalls(calls))
	}
	for _, id := range portalTargets(b.srv) {
		checkPortalMetrics(t, b.srv, id, expectedMetrics(b.srv, id, testSettings, b.now))
	}
	if r := b.run(t, runID); r.State != store.RunSucceeded || r.Pushed != nTargets {
		t.Errorf("run = %+v", r)
	}
}

// TestChangePropagates: one contact of a target account becomes engaged in
// HubSpot; the next run pulls it, and writes that one account only.
func TestChangePropagates(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	b.sync(t, jobs.Scope{})

	var account, contact string
	for _, id := range portalTargets(b.srv) {
		for _, cid := range b.srv.Associations("companies", id, "contacts") {
			if !engagedIn(b.srv.Object("contacts", cid), b.now) {
				account, contact = id, cid
				break
			}
		}
		if contact != "" {
			break
		}
	}
	if contact == "" {
		t.Fatal("every contact of every target is engaged")
	}
	before := b.srv.Company(account)[metrics.PropEngagedContacts]
	res, err := b.hs.BatchUpdate(ctx, crm.Contacts, []crm.Update{{ID: contact, Properties: map[string]string{
		"notes_last_contacted": b.now.Add(-time.Hour).Format(time.RFC3339),
	}}})
	if err != nil || len(res.Updated) != 1 {
		t.Fatalf("update contact in HubSpot: %+v, %v", res, err)
	}

	b.srv.ResetCalls()
	run := b.sync(t, jobs.Scope{})
	if run.State != store.RunSucceeded || run.Pushed != 1 || b.srv.Calls()[batchUpdateCompanies] != 1 {
		t.Fatalf("run pushed %d records in %d calls (state %s), want 1 in 1", run.Pushed, b.srv.Calls()[batchUpdateCompanies], run.State)
	}
	want := expectedMetrics(b.srv, account, testSettings, b.now)
	checkPortalMetrics(t, b.srv, account, want)
	if want[metrics.PropEngagedContacts] == before {
		t.Errorf("engaged contacts of %s stayed %s", account, before)
	}
}

func engagedIn(props map[string]string, now time.Time) bool {
	for _, p := range []string{"notes_last_contacted", "hs_email_last_open_date"} {
		if t, ok := crm.ParseTime(props[p]); ok && !t.Before(now.Add(-testSettings.EngagementWindow)) && !t.After(now) {
			return true
		}
	}
	return false
}

// TestPushRetryAfterPartialFailure: batch 1 has a refused record (207),
// batch 2 fails with a retryable error. The retry writes what is left
// without sending or counting the refused record again, and the run still
// fails naming it.
func TestPushRetryAfterPartialFailure(t *testing.T) {
	t.Parallel()
	b := setup(t, func(c *setupConfig) {
		c.gen.Companies, c.gen.Contacts, c.gen.Deals = 400, 200, 100 // 120 targets: two batches
	})
	ctx := ctxT(t)
	runID := b.start(t, jobs.Scope{})
	push := b.drain(t, jobs.TypeCRMPush)
	pending, _ := b.st.Pending(ctx, runID)
	if len(pending) <= batchSize {
		t.Fatalf("%d pending updates: one batch only", len(pending))
	}
	bad := pending[10].ID
	b.srv.Archive("companies", bad)
	var sent [][]string
	b.crm.beforeUpdate = func(us []crm.Update) {
		var ids []string
		for _, u := range us {
			ids = append(ids, u.ID)
		}
		sent = append(sent, ids)
		if len(sent) == 2 {
			b.srv.FailNext(batchUpdateCompanies, http.StatusServiceUnavailable, "")
		}
	}
	if err := b.handle(ctx, push); err == nil || errors.Is(err, asynq.SkipRetry) {
		t.Fatalf("push with a 503 on batch 2 = %v, want a retryable error", err)
	}
	if err := b.handle(ctx, push); err != nil {
		t.Fatalf("retried push: %v", err)
	}
	if len(sent) != 3 || len(sent[2]) != len(pending)-batchSize {
		t.Errorf("batches sent: %d of sizes %v; want the retry to send the %d records of batch 2 only", len(sent), sizes(sent), len(pending)-batchSize)
	}
	for _, id := range sent[len(sent)-1] {
		if id == bad {
			t.Errorf("the retry sent refused company %s again", bad)
		}
	}
	run := b.run(t, runID)
	if run.State != store.RunFailed || run.Failed != 1 || run.Pushed != int64(len(pending)-1) || !strings.Contains(run.Error, bad) ||
		!strings.Contains(run.Error, fmt.Sprintf("1 of %d companies", len(pending))) {
		t.Errorf("run: state %s failed %d pushed %d error %q; want failed, 1 failed, %d pushed, naming %s",
			run.State, run.Failed, run.Pushed, run.Error, len(pending)-1, bad)
	}
	for _, u := range pending {
		if u.ID != bad {
			checkPortalMetrics(t, b.srv, u.ID, expectedMetrics(b.srv, u.ID, testSettings, b.now))
		}
	}
}

func sizes(batches [][]string) []int {
	var out []int
	for _, b := range batches {
		out = append(out, len(b))
	}
	return out
}
