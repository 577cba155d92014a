package workers

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/store"
)

// TestChainByHand drives a whole first sync task by task: each pull stores
// its object and enqueues the next step, compute keeps one pending update per
// target account, and push writes values to HubSpot that match the metrics
// computed independently from the portal's own objects and associations.
func TestChainByHand(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	scope := jobs.Scope{}
	runID := b.start(t, scope)
	if h := b.leaseHolder(t, scope); h != runID {
		t.Fatalf("scope's slot held by %q, want %s", h, runID)
	}

	// One pull per object, enqueued together (they run concurrently).
	pulls := b.q.take()
	if len(pulls) != len(crm.AllObjects) {
		t.Fatalf("Start enqueued %v, want one %s per object", types(pulls), jobs.TypeCRMPull)
	}
	var task []*asynq.Task
	for i, obj := range crm.AllObjects {
		p := decodePayload[jobs.PullPayload](t, pulls[i])
		if pulls[i].Type() != jobs.TypeCRMPull || p.Object != obj || p.RunID != runID || p.Queue != jobs.QueueAdmin {
			t.Fatalf("pull task %d = %+v, want object %s of run %s on queue %s", i, p, obj, runID, jobs.QueueAdmin)
		}
		if err := b.handle(ctx, pulls[i]); err != nil {
			t.Fatalf("pull %s: %v", obj, err)
		}
		if got, want := b.storedIDs(t, obj), b.srv.IDs(string(obj)); !slices.Equal(got, want) {
			t.Fatalf("stored %s: %d ids, portal has %d", obj, len(got), len(want))
		}
		status, _ := b.st.Status(ctx, obj)
		if status["mode"] != "full" || status["records"] != strconv.Itoa(len(b.srv.IDs(string(obj)))) || status["last_run"] != runID {
			t.Errorf("%s status = %v", obj, status)
		}
		if c, _ := b.st.Cursor(ctx, obj); !c.Since.Equal(b.now) {
			t.Errorf("%s cursor after the full pull = %v, want the pull's start %v", obj, c.Since, b.now)
		}
		task = b.q.take()
		if i < len(crm.AllObjects)-1 && len(task) != 0 {
			t.Fatalf("after pulling %s with other pulls pending: enqueued %v, want nothing", obj, types(task))
		}
	}

	// Company memberships follow the portal's associations.
	for _, id := range b.srv.IDs("companies") {
		for typ, obj := range map[string]crm.ObjectType{"contacts": crm.Contacts, "deals": crm.Deals} {
			want := b.srv.Associations("companies", id, typ)
			slices.Sort(want)
			got, _ := b.st.Members(ctx, id, obj)
			if !slices.Equal(got, want) {
				t.Errorf("company %s %s members = %v, portal associations %v", id, typ, got, want)
			}
		}
	}

	if len(task) != 1 || task[0].Type() != jobs.TypeMetricsCompute {
		t.Fatalf("after the last pull: enqueued %v, want %s", types(task), jobs.TypeMetricsCompute)
	}
	if err := b.handle(ctx, task[0]); err != nil {
		t.Fatalf("compute: %v", err)
	}
	targets := portalTargets(b.srv)
	if len(targets) != nTargets {
		t.Fatalf("portal has %d targets, want %d", len(targets), nTargets)
	}
	pending, err := b.st.Pending(ctx, runID)
	if err != nil {
		t.Fatal(err)
	}
	var pendingIDs []string
	for _, u := range pending {
		pendingIDs = append(pendingIDs, u.ID)
		if want := expectedMetrics(b.srv, u.ID, testSettings, b.now); !maps.Equal(u.Properties, nonEmpty(want)) {
			t.Errorf("pending update of %s = %v, want %v", u.ID, u.Properties, nonEmpty(want))
		}
	}
	if !slices.Equal(pendingIDs, targets) {
		t.Fatalf("pending updates for %v, want the targets %v", pendingIDs, targets)
	}

	task = b.q.take()
	if len(task) != 1 || task[0].Type() != jobs.TypeCRMPush {
		t.Fatalf("after compute: enqueued %v, want %s", types(task), jobs.TypeCRMPush)
	}
	b.srv.ResetCalls()
	if err := b.handle(ctx, task[0]); err != nil {
		t.Fatalf("push: %v", err)
	}
	if extra := b.q.take(); len(extra) != 0 {
		t.Fatalf("push enqueued %v", types(extra))
	}
	if n := b.srv.Calls()["POST /crm/objects/{v}/companies/batch/update"]; n != 1 {
		t.Errorf("batch update calls = %d, want 1 (9 updates fit one batch)", n)
	}

	var informative bool
	for _, id := range targets {
		want := expectedMetrics(b.srv, id, testSettings, b.now)
		checkPortalMetrics(t, b.srv, id, want)
		stored, err := b.st.Record(ctx, crm.Companies, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := abmValues(stored.Properties); !maps.Equal(got, nonEmpty(want)) {
			t.Errorf("stored company %s abm values = %v, want %v (applied after the push)", id, got, nonEmpty(want))
		}
		informative = informative || want["abm_known_contacts"] != "0" && want["abm_won_deals"] != "0"
	}
	if !informative {
		t.Error("no target has both known contacts and won deals: the portal is too small to check anything")
	}
	targetSet := map[string]bool{}
	for _, id := range targets {
		targetSet[id] = true
	}
	for _, id := range b.srv.IDs("companies") {
		if !targetSet[id] {
			if v := abmValues(b.srv.Company(id)); len(v) > 0 {
				t.Errorf("non-target company %s got %v", id, v)
			}
		}
	}

	run := b.run(t, runID)
	if run.State != store.RunSucceeded || run.Error != "" || run.Step != "done" || run.FinishedAt.IsZero() {
		t.Errorf("run = %+v, want succeeded", run)
	}
	wantPulled := int64(nCompanies + nContacts + nDeals)
	if run.Pulled != wantPulled || run.Computed != nTargets || run.Pushed != nTargets || run.Failed != 0 || run.Writes != 1 || run.APICalls != 6 {
		t.Errorf("run counters: pulled %d computed %d pushed %d failed %d writes %d api %d; want %d, %d, %d, 0, 1, 6 (5 list pages and 1 batch update)",
			run.Pulled, run.Computed, run.Pushed, run.Failed, run.Writes, run.APICalls, wantPulled, nTargets, nTargets)
	}
	if h := b.leaseHolder(t, scope); h != "" {
		t.Errorf("scope lease still held by %s", h)
	}
	if p, _ := b.st.Pending(ctx, runID); len(p) != 0 {
		t.Errorf("%d pending updates left", len(p))
	}
}

// TestSecondRunWritesNothing: when nothing changed in HubSpot, the next run
// pulls incrementally, computes no change and makes no write call at all.
func TestSecondRunWritesNothing(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	first := b.sync(t, jobs.Scope{})
	if first.State != store.RunSucceeded || first.Pushed != nTargets {
		t.Fatalf("first run = %+v", first)
	}

	b.srv.ResetCalls()
	second := b.sync(t, jobs.Scope{})
	if second.State != store.RunSucceeded {
		t.Fatalf("second run = %+v", second)
	}
	calls := b.srv.Calls()
	if w := writeCalls(calls); len(w) != 0 {
		t.Errorf("second run made write calls %v", w)
	}
	if second.Computed != nTargets || second.Pushed != 0 || second.Writes != 0 || second.Failed != 0 {
		t.Errorf("second run counters: computed %d pushed %d writes %d failed %d; want %d, 0, 0, 0",
			second.Computed, second.Pushed, second.Writes, second.Failed, nTargets)
	}
	for _, obj := range crm.AllObjects {
		status, _ := b.st.Status(ctx, obj)
		if status["mode"] != "incremental" || status["last_run"] != second.ID {
			t.Errorf("%s status after the second run = %v, want mode incremental", obj, status)
		}
		if n := calls["POST /crm/objects/{v}/"+string(obj)+"/search"]; n == 0 {
			t.Errorf("no %s search: the second pull was not incremental", obj)
		}
		if got, want := b.storedIDs(t, obj), b.srv.IDs(string(obj)); !slices.Equal(got, want) {
			t.Errorf("stored %s: %d ids, portal %d", obj, len(got), len(want))
		}
	}
	// The pushed companies were modified by the push, so the incremental
	// pull read them back; everything else is older than the cursor.
	if second.Pulled < nTargets || second.Pulled > nTargets+10 {
		t.Errorf("second run pulled %d records, want about the %d pushed companies", second.Pulled, nTargets)
	}
}

// nonEmpty drops "" values: what a first push sends (clearing a property
// never written is a no-op) and what the store keeps after it.
func nonEmpty(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		if v != "" {
			out[k] = v
		}
	}
	return out
}

func types(tasks []*asynq.Task) string {
	var s []string
	for _, t := range tasks {
		s = append(s, t.Type())
	}
	return "[" + strings.Join(s, " ") + "]"
}

// TestAccountScope: a run for one account computes and writes that account
// only, target or not.
func TestAccountScope(t *testing.T) {
	t.Parallel()
	b := setup(t)
	targets := map[string]bool{}
	for _, id := range portalTargets(b.srv) {
		targets[id] = true
	}
	var account string
	for _, id := range b.srv.IDs("companies") {
		if !targets[id] {
			account = id
			break
		}
	}
	b.srv.ResetCalls()
	run := b.sync(t, jobs.Scope{Account: account})
	if run.State != store.RunSucceeded || run.Computed != 1 || run.Pushed != 1 || run.ScopeKey != "companies,contacts,deals|account="+account {
		t.Fatalf("run = %+v", run)
	}
	checkPortalMetrics(t, b.srv, account, expectedMetrics(b.srv, account, testSettings, b.now))
	for id := range targets {
		if v := abmValues(b.srv.Company(id)); len(v) != 0 {
			t.Errorf("target %s written by a run for %s: %v", id, account, v)
		}
	}
}
