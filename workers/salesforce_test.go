package workers

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/connectors/salesforce"
	"github.com/abmsync/abmsync/connectors/salesforce/salesforcetest"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/store"
)

// setupSalesforce is setup with a fake Salesforce org (1,000 API calls a
// day) and the real Salesforce client as the CRM.
func setupSalesforce(t *testing.T) (*bundle, *salesforcetest.Server) {
	t.Helper()
	b := setup(t)
	org := salesforcetest.NewServer(salesforcetest.Options{DailyLimit: 1000})
	t.Cleanup(org.Close)
	org.Generate(salesforcetest.GenOptions{Accounts: nCompanies, Contacts: nContacts, Opportunities: nDeals, TargetShare: 0.3, Seed: 7, Now: b.now})
	c, err := salesforce.New(salesforce.Config{InstanceURL: org.URL(), LoginURL: org.LoginURL(),
		ClientID: "client-id", ClientSecret: "client-secret", RefreshToken: "refresh-token"}, &http.Client{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	b.deps.CRM = c
	return b, org
}

// startRun starts a run of scope with trigger.
func (b *bundle) startRun(t *testing.T, scope jobs.Scope, trigger jobs.Trigger) string {
	t.Helper()
	run, existing, err := (&Starter{Deps: b.deps}).Start(ctxT(t), scope, trigger)
	if err != nil || existing {
		t.Fatalf("Start(%+v, %s) = existing %v, %v", scope, trigger, existing, err)
	}
	return run.ID
}

// A field the org lacks is named in the run's warning (not only in the
// daemon's log); abmsync's own fields, created by the first push, are not.
func TestSalesforceMissingFieldWarned(t *testing.T) {
	t.Parallel()
	b, _ := setupSalesforce(t)
	b.deps.ICP = campaign.ICPSettings{Properties: []string{"Rating", "Tier__c"}}
	run := b.sync(t, jobs.Scope{Full: true})
	if run.State != store.RunSucceeded {
		t.Fatalf("run %+v", run)
	}
	want := "fields missing in Salesforce (Account: Tier__c): their values stay empty"
	if !strings.Contains(run.Warning, want) || strings.Contains(run.Warning, "ABM_") {
		t.Errorf("warning %q\nwant it to contain %q and no ABM_ field", run.Warning, want)
	}
}

// At 96 % of the daily allowance a scheduled run is skipped with a status
// naming the usage and makes no query; an admin's resync still runs (and
// is warned); 403 REQUEST_LIMIT_EXCEEDED ends a run with that message.
func TestSalesforceScheduledRunsPauseAtLimit(t *testing.T) {
	t.Parallel()
	b, org := setupSalesforce(t)
	org.SetAPIUsage(958)
	id := b.startRun(t, jobs.Scope{}, jobs.TriggerSchedule)
	b.drain(t, "")
	run := b.run(t, id)
	want := "Salesforce API usage 96 % of the daily allowance (959 of 1,000): scheduled syncs paused until it falls below 95 %"
	if run.State != store.RunSucceeded || run.Step != "skipped" || !strings.Contains(run.Warning, want) {
		t.Errorf("scheduled run at 96 %%: state %s step %s warning %q\nwant warning %q", run.State, run.Step, run.Warning, want)
	}
	if n := org.Calls()["GET query"]; n != 0 {
		t.Errorf("%d queries by a skipped run", n)
	}
	if holder := b.leaseHolder(t, jobs.Scope{}); holder != "" {
		t.Errorf("skipped run %s still holds its slot", holder)
	}

	run = b.sync(t, jobs.Scope{Full: true})
	if run.State != store.RunSucceeded || run.Step == "skipped" || run.Pulled == 0 || !strings.Contains(run.Warning, "Salesforce API usage 9") {
		t.Errorf("admin run at 96 %%: %+v", run)
	}

	org.SetAPIUsage(1000)
	id = b.start(t, jobs.Scope{Objects: []crm.ObjectType{crm.Companies}})
	tasks := b.q.take()
	if len(tasks) != 1 {
		t.Fatalf("%d tasks", len(tasks))
	}
	err := b.handle(ctxT(t), tasks[0])
	if err == nil || !errors.Is(err, asynq.SkipRetry) || !strings.Contains(err.Error(), "REQUEST_LIMIT_EXCEEDED") ||
		!strings.Contains(err.Error(), "TotalRequests Limit exceeded") {
		t.Errorf("pull past the allowance: %v, want a permanent error with Salesforce's message", err)
	}
	_ = id
}

// A contact role added or removed in Salesforce changes the stored deal's
// contacts at the next incremental sync, though the Opportunity itself was
// not modified.
func TestSalesforceIncrementalContactRoles(t *testing.T) {
	t.Parallel()
	b, org := setupSalesforce(t)
	if run := b.sync(t, jobs.Scope{Full: true}); run.State != store.RunSucceeded {
		t.Fatalf("full sync %+v", run)
	}
	opps := org.IDs("Opportunity")
	gain, lose := opps[2], opps[5]
	roles := org.Children("OpportunityContactRole", "OpportunityId", lose)
	if len(roles) == 0 {
		t.Fatalf("opportunity %s has no role", lose)
	}
	for _, id := range roles {
		org.Delete("OpportunityContactRole", id)
	}
	added := org.IDs("Contact")[11]
	before, _ := b.st.Records(ctxT(t), crm.Deals, []string{gain})
	if len(before) != 1 || slices.Contains(before[0].Associations[crm.Contacts], added) {
		t.Fatalf("deal %s before: %+v", gain, before)
	}
	org.Insert("OpportunityContactRole", map[string]any{"OpportunityId": gain, "ContactId": added})
	if run := b.sync(t, jobs.Scope{}); run.State != store.RunSucceeded {
		t.Fatalf("incremental sync %+v", run)
	}
	recs, err := b.st.Records(ctxT(t), crm.Deals, []string{gain, lose})
	if err != nil || len(recs) != 2 {
		t.Fatalf("stored deals: %v, %v", recs, err)
	}
	for _, r := range recs {
		cs := r.Associations[crm.Contacts]
		if r.ID == gain && !slices.Contains(cs, added) {
			t.Errorf("deal %s contacts %v lack the added %s", gain, cs, added)
		}
		if r.ID == lose && len(cs) != 0 {
			t.Errorf("deal %s keeps contacts %v after its roles were deleted", lose, cs)
		}
	}
}
