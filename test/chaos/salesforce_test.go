package chaos

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/salesforce/salesforcetest"
	"github.com/abmsync/abmsync/store"
)

// The connected app of the fake Salesforce orgs.
const (
	sfClientID     = "chaos-sf-client"
	sfClientSecret = "chaos-sf-client-secret"
	sfRefreshToken = "chaos-sf-refresh-token"
)

// sfKills is how often TestKill9Salesforce kills the daemon.
const sfKills = 3

// sfGenOptions is the org the Salesforce scenario syncs: the size of the
// HubSpot scenarios' portal.
func sfGenOptions(seed int64) salesforcetest.GenOptions {
	return salesforcetest.GenOptions{Accounts: 2000, Contacts: 20000, Opportunities: 4000, TargetShare: 0.1, Seed: seed, Now: genNow}
}

// newSalesforceWorld is newWorld with a fake Salesforce org generated from
// gen instead of a HubSpot portal.
func newSalesforceWorld(t *testing.T, name string, gen salesforcetest.GenOptions, yaml string) *world {
	t.Helper()
	w := &world{t: t, name: name, dir: t.TempDir()}
	if keep := os.Getenv("ABMSYNC_CHAOS_LOGS"); keep != "" {
		w.dir = filepath.Join(keep, strings.ReplaceAll(t.Name(), "/", "_"), name)
		if err := os.MkdirAll(w.dir, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	w.redis = startRedis(t, name, false)
	w.org = salesforcetest.NewServer(salesforcetest.Options{ClientID: sfClientID, ClientSecret: sfClientSecret, RefreshToken: sfRefreshToken})
	t.Cleanup(w.org.Close)
	w.org.Generate(gen)
	w.config = filepath.Join(w.dir, "abmsync.yaml")
	if err := os.WriteFile(w.config, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return w
}

// sfSnapshot is what a sync leaves in the org: every account's ABM_* field
// values (the target checkbox aside), the live contacts, and contacts
// sharing an e-mail address.
func sfSnapshot(org *salesforcetest.Server) crmState {
	s := crmState{companies: map[string]map[string]string{}}
	for _, id := range org.IDs("Account") {
		abm := map[string]string{}
		for k, v := range org.Get("Account", id) {
			if strings.HasPrefix(k, "ABM_") && k != "ABM_Target_Account__c" && v != nil {
				abm[k] = fmt.Sprint(v)
			}
		}
		if len(abm) > 0 {
			s.targets++
		}
		s.companies[id] = abm
	}
	s.contacts = org.IDs("Contact")
	seen := map[string]bool{}
	for _, id := range s.contacts {
		e, _ := org.Get("Contact", id)["Email"].(string)
		if e = strings.ToLower(e); e == "" {
			continue
		}
		if seen[e] {
			s.dupEmails++
		}
		seen[e] = true
	}
	return s
}

// sfConfig is the daemons' config for the Salesforce scenario.
const sfConfig = "log:\n  level: info\nschedules: {}\n"

// TestKill9Salesforce kills the daemon with SIGKILL during full syncs of a
// fake Salesforce org (the first kill in the fresh run, each later one
// once the restarted daemon's run has moved on again, so every kill lands
// in live work: pulls with nextRecordsUrl locators, field creation,
// collection updates, contact upserts), then runs "resync --full --wait":
// the org must end identical to one synced once without faults, and a
// further full resync must find nothing to write.
func TestKill9Salesforce(t *testing.T) {
	requireChaos(t)
	rng := rand.New(rand.NewPCG(uint64(chaosSeed(t)), 60))
	gen := sfGenOptions(60)
	w := newSalesforceWorld(t, "kill9-salesforce", gen, sfConfig)
	d := w.newDaemon("daemon-sf")
	var killedAt []string
	var longestMoveOn time.Duration
	id := ""
	for i := 1; i <= sfKills; i++ {
		d.start()
		res := d.cli(30*time.Second, "resync", "--full")
		if res.code != 0 {
			t.Fatalf("restart %d: %s\n%s", i, res, tail(d.log, 30))
		}
		id = res.runID()
		if i > 1 {
			before := progress(w.getRun(id))
			took, ok := w.waitRun(id, 6*time.Minute, func(r store.Run) bool { return progress(r) != before })
			if !ok {
				t.Fatalf("restart %d: run %s did not move on within 6 minutes: %s\n%s", i, id, where(w.getRun(id)), tail(d.log, 30))
			}
			longestMoveOn = max(longestMoveOn, took)
		}
		// A clean sync of this org takes about 1.6 s.
		time.Sleep(time.Duration(50+rng.IntN(700)) * time.Millisecond)
		at := where(w.getRun(id))
		d.kill9()
		killedAt = append(killedAt, fmt.Sprintf("%d: %s", i, at))
		t.Logf("kill %d at %s (org calls so far %d)", i, at, w.org.TotalCalls())
	}
	d.start()
	final := d.resyncWait(12*time.Minute, "--full")
	t.Logf("final resync --full --wait (%s):\n%s", ms(final.took), final)
	if final.code != 0 || !strings.Contains(final.stdout, "succeeded") {
		t.Fatalf("final resync --full --wait failed:\n%s\n%s", final, tail(d.log, 40))
	}
	w.org.ResetCalls()
	again := d.resyncWait(5*time.Minute, "--full")
	if again.code != 0 || !strings.Contains(again.stdout, "write_calls=0") || w.org.Calls()["PATCH collections"]+w.org.Calls()["PATCH upsert"] != 0 {
		t.Errorf("a full resync after the final one wrote again (the org was not right): calls %v\n%s", w.org.Calls(), again)
	}
	// The run finishes once another process took its tasks over; the killed
	// tasks end once asynq hands them back.
	quietFrom := time.Now()
	problems, archived := w.waitRecovered()
	quiet := time.Since(quietFrom)
	for _, p := range problems {
		t.Errorf("left over after the final resync: %s", p)
	}
	for _, a := range archived {
		t.Errorf("task archived (failed for good): %s", a)
	}
	runs := w.runs()
	succeeded, failed := 0, 0
	for _, r := range runs {
		switch r.State {
		case store.RunSucceeded:
			succeeded++
		case store.RunFailed:
			failed++
			t.Logf("run %s failed: %s", r.ID, r.Error)
		}
	}
	d.stop()

	got := sfSnapshot(w.org)
	want := sfCleanReference(t, gen)
	diff := diffCRM(want, got)
	if !diff.none() {
		t.Errorf("the org differs from a clean run's: %s\n%s", diff, strings.Join(diff.examples, "\n"))
	}
	if got.dupEmails > 0 {
		t.Errorf("%d duplicate contacts (same e-mail)", got.dupEmails)
	}
	outcome := "pass"
	if t.Failed() {
		outcome = "FAIL"
	}
	record(t, result{
		ID:    "6",
		Fault: fmt.Sprintf("Salesforce (fake org): kill -9 of the daemon ×%d during full syncs (each after the restarted run moved on), then resync --full --wait", sfKills),
		Runs: fmt.Sprintf("%d runs: %d succeeded, %d failed (a second full resync wrote nothing: %v)", len(runs), succeeded, failed,
			strings.Contains(again.stdout, "write_calls=0")),
		FinalDiff:  diff.String(),
		Duplicates: strconv.Itoa(got.dupEmails),
		LongestBlock: fmt.Sprintf("%s (final resync --wait %s; longest wait for a killed run to move on %s; asynq released the killed tasks %s after the end)",
			ms(max(final.took, longestMoveOn)), ms(final.took), ms(longestMoveOn), ms(quiet)),
		Outcome: outcome,
	})
	note(t, "kill -9 against Salesforce: killed at %s; %d accounts with ABM_* values, %d contacts at the end.",
		strings.Join(killedAt, "; "), got.targets, len(got.contacts))
}

// sfCleanReference syncs a new org generated from gen once without faults
// and returns the state it leaves.
func sfCleanReference(t *testing.T, gen salesforcetest.GenOptions) crmState {
	t.Helper()
	start := time.Now()
	w := newSalesforceWorld(t, "clean-salesforce", gen, sfConfig)
	d := w.newDaemon("clean-sf")
	d.start()
	defer d.stop()
	res := d.resyncWait(5*time.Minute, "--full")
	if res.code != 0 || !strings.Contains(res.stdout, "succeeded") {
		t.Fatalf("clean reference sync failed:\n%s\n%s", res, tail(d.log, 30))
	}
	s := sfSnapshot(w.org)
	if s.targets < int(gen.TargetShare*float64(gen.Accounts))/2 || len(s.contacts) < gen.Contacts {
		t.Fatalf("clean reference looks wrong: %d accounts with ABM_* values, %d contacts", s.targets, len(s.contacts))
	}
	t.Logf("clean reference: %d accounts with ABM_* values, %d contacts, synced in %s", s.targets, len(s.contacts), time.Since(start).Round(time.Millisecond))
	return s
}
