package workers

import (
	"strings"
	"testing"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/keycontacts/roles"
	"github.com/abmsync/abmsync/store"
)

// A role update HubSpot rejects (the contact was deleted in the portal
// after the last pull: batch update answers 207 with OBJECT_NOT_FOUND for
// it) is counted and named on the run, though the push goes on to upsert a
// new key contact afterwards.
func TestContactsPushCountsRejectedRoleUpdate(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	cl, err := roles.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	b.deps.Roles = cl
	// An account with two contacts that have a job title: both get a role
	// update, and one of them is deleted in the portal after the pull. The
	// live one keeps the batch a 207 (HubSpot answers 400 when every input
	// fails).
	var account, gone, kept string
	for _, id := range b.srv.IDs("companies") {
		if cs := b.srv.Associations("companies", id, "contacts"); len(cs) >= 2 {
			account, gone, kept = id, cs[0], cs[1]
			break
		}
	}
	if account == "" {
		t.Fatal("no company with two contacts in the portal")
	}
	b.srv.Update("contacts", gone, map[string]string{"jobtitle": "Geschäftsführer"})
	b.srv.Update("contacts", kept, map[string]string{"jobtitle": "Leiter Qualitätssicherung"})
	if run := b.sync(t, jobs.Scope{}); run.State != store.RunSucceeded {
		t.Fatalf("sync %+v", run)
	}
	b.srv.Archive("contacts", gone)

	// A person a source names, who is not in the CRM: an upsert after the
	// role updates.
	const email = "nina.neumann@example.com"
	if err := b.st.SetCandidates(ctx, account, "web", []crm.Candidate{{
		AccountID: account, Name: "Nina Neumann", GivenName: "Nina", FamilyName: "Neumann",
		Email: email, RoleText: "Leiterin Einkauf",
		From: crm.Provenance{Source: "web", URL: "https://example.com/team", FetchedAt: b.now, Confidence: 0.9},
	}}); err != nil {
		t.Fatal(err)
	}

	const runID = "contacts-push-rejected-role"
	b.createRun(t, runID)
	task, err := jobs.NewContactsPushTask(jobs.ContactsPushPayload{RunID: runID, AccountID: account})
	if err != nil {
		t.Fatal(err)
	}
	if err := (&ContactsPushHandler{b.deps}).ProcessTask(ctx, task); err != nil {
		t.Fatalf("contacts push: %v", err)
	}

	if b.srv.Object("contacts", kept)["abm_contact_role"] == "" {
		t.Errorf("role update of live contact %s not written", kept)
	}
	upserted := false
	for _, id := range b.srv.Associations("companies", account, "contacts") {
		if b.srv.Object("contacts", id)["email"] == email {
			upserted = true
		}
	}
	if !upserted {
		t.Fatalf("the new key contact was not upserted: the test does not cover a push with both writes")
	}
	run := b.run(t, runID)
	if run.Failed != 1 || !strings.Contains(run.Error, "1 contacts not written") || !strings.Contains(run.Error, gone+":") {
		t.Errorf("run failed_records %d, error %q\nwant 1 failed record and an error naming contact %s", run.Failed, run.Error, gone)
	}
}
