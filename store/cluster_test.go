package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/store"
)

// TestCluster runs every store operation that touches more than one key,
// in a script, a transaction or a pipeline, against a real 3-master Redis
// Cluster: a multi-key command or transaction whose keys hash to different
// slots fails there with CROSSSLOT, which a single server never shows.
func TestCluster(t *testing.T) {
	redistest.RequireHA(t)
	cl := redistest.StartCluster(t, 7100, 7101, 7102)
	st := store.New(cl.Client(t), "abmsync")
	ctx := context.Background()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s on Redis Cluster: %v", what, err)
		}
	}
	now := time.Now().UTC().Truncate(time.Second)

	// Records and their membership indexes, a full pull's seen sets, the
	// sweep, and deleting a company (its two membership sets).
	var recs []crm.Record
	for i, co := range []string{"c1", "c2", "c3"} {
		recs = append(recs, crm.Record{Type: crm.Companies, ID: co, UpdatedAt: now, Properties: map[string]string{"name": co}})
		recs = append(recs, contact("p"+co, now, co))
		recs = append(recs, crm.Record{Type: crm.Deals, ID: "d" + co, UpdatedAt: now.Add(time.Duration(i) * time.Second),
			Associations: map[crm.ObjectType][]string{crm.Companies: {co}}})
	}
	for _, typ := range []crm.ObjectType{crm.Companies, crm.Contacts, crm.Deals} {
		var batch []crm.Record
		for _, r := range recs {
			if r.Type == typ {
				batch = append(batch, r)
			}
		}
		_, err := st.UpsertRecordsSeen(ctx, "run-1", batch[:2])
		must("upsert seen", err)
		_, err = st.UpsertRecords(ctx, batch[2:])
		must("upsert", err)
	}
	if m, err := st.Members(ctx, "c2", crm.Contacts); err != nil || len(m) != 1 {
		t.Fatalf("members of c2 = %v, %v", m, err)
	}
	gone, err := st.Sweep(ctx, "run-1", crm.Companies, 10)
	must("sweep", err)
	if len(gone) != 1 || gone[0] != "c3" {
		t.Errorf("sweep removed %v, want [c3]", gone)
	}
	n, err := st.DeleteRecords(ctx, crm.Companies, []string{"c1"})
	must("delete company", err)
	if n != 1 {
		t.Errorf("deleted %d companies, want 1", n)
	}
	if m, _ := st.Members(ctx, "c1", crm.Deals); len(m) != 0 {
		t.Errorf("deals of a deleted company still indexed: %v", m)
	}
	_, err = st.DeleteRecords(ctx, crm.Contacts, []string{"pc2"})
	must("delete contact", err)
	_, err = st.MemberRecords(ctx, "c2", crm.Deals)
	must("member records", err)
	_, err = st.Records(ctx, crm.Deals, []string{"dc1", "dc2", "dc3"})
	must("records", err)

	// Cursors, statuses, leases, flags.
	must("advance cursor", st.AdvanceCursor(ctx, crm.Contacts, now, now))
	must("status", st.SetStatus(ctx, crm.Contacts, map[string]string{"last": "ok"}))
	_, _, err = st.AcquireLease(ctx, st.Keys().Lease("tick"), "me", time.Minute)
	must("lease", err)
	must("release", st.ReleaseLease(ctx, st.Keys().Lease("tick"), "me"))

	// Runs: counters, slots (WATCH/MULTI), task generations, heartbeats.
	must("create run", st.CreateRun(ctx, store.Run{ID: "r1", Trigger: "test", ScopeKey: "all", State: "running"}))
	must("update run counting", st.UpdateRunCounting(ctx, "r1", map[string]string{"step": "pull"}, map[string]int64{store.CounterPulled: 3}))
	must("add counters", st.AddRunCounters(ctx, "r1", map[string]int64{store.CounterPushed: 1}))
	must("run slots", st.UpdateRunSlots(ctx, func(map[string]string) (map[string]string, []string, error) {
		return map[string]string{"r1": `{}`}, nil, nil
	}))
	_, err = st.RaiseTaskGeneration(ctx, "r1", "pull:contacts", 2)
	must("raise generation", err)
	must("beat", st.Beat(ctx, "task-1", time.Minute))
	_, err = st.Beating(ctx, []string{"task-1", "task-2", "task-3"})
	must("beating", err)

	// Metric updates a run has not pushed yet.
	ups := []crm.Update{{ID: "c2", Properties: map[string]string{"abm_reach": "1"}}, {ID: "c3", Properties: map[string]string{"abm_reach": "2"}}}
	must("set pending", st.SetPending(ctx, "r1", ups))
	must("apply pushed", st.ApplyPushed(ctx, "r1", crm.Companies, ups[:1]))
	must("drop pending", st.DropPending(ctx, "r1"))

	// Imports and KPIs: NPS answers (answers and their index), snapshots,
	// traffic, LinkedIn engagement and audiences, owners.
	must("nps", st.SetNPSAnswers(ctx, "survey.csv", []crm.NPSAnswer{{CompanyID: "c2", Score: 9, Date: now}}))
	if a, err := st.NPSAnswers(ctx); err != nil || len(a) != 1 {
		t.Errorf("NPS answers = %v, %v", a, err)
	}
	must("kpi snapshot", st.SaveKPISnapshot(ctx, now, map[string]float64{"reach": 1}))
	day := now.Truncate(24 * time.Hour)
	must("traffic", st.AddTraffic(ctx, []crm.TrafficDay{{AccountID: "c2", Day: day, Visits: 1}, {AccountID: "c3", Day: day, Visits: 2}}))
	must("engagement", st.SetEngagement(ctx, day.AddDate(0, 0, -2), day,
		[]crm.EngagementDay{{OrganizationURN: "urn:li:organization:1", Day: day, Clicks: 1}}))
	_, err = st.EngagementTotals(ctx, day.AddDate(0, 0, -2), day)
	must("engagement totals", err)
	must("audience", st.UpdateAudience(ctx, "seg", map[string]store.AudienceMember{"c2": {}}, []string{"c3"}))
	must("owner accounts", st.SetOwnerAccounts(ctx, "owner", []string{"c2", "c3"}))

	// Personal data: fingerprints, do-not-contact, forget, migration.
	fp, err := st.OpenFingerprints(ctx, "")
	must("open fingerprints", err)
	must("dnc", st.AddDoNotContactFingerprints(ctx, fp.Of("email", "a@example.com"), fp.Of("account-name", "c2\x00ann example")))
	_, _, err = st.DoNotContactFingerprints(ctx)
	must("read dnc", err)
	must("candidates", st.SetCandidates(ctx, "c2", "web", []crm.Candidate{{Name: "Ann Example"}}))
	_, _, err = st.ErasePerson(ctx, fp.Of("email", "a@example.com"), func(c crm.Candidate) bool { return c.Email == "a@example.com" })
	must("erase person", err)
	_, err = st.MigrateFingerprints(ctx, fp, func(r crm.Record) crm.Record { return r })
	must("migrate fingerprints", err)
}
