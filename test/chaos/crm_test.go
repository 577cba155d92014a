package chaos

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
)

// crmState is what a CRM sync leaves in the portal: every company's abm_*
// property values, and the contacts.
type crmState struct {
	companies map[string]map[string]string // company id -> abm_* name -> value
	contacts  []string                     // live contact ids in id order
	// dupEmails counts contacts whose e-mail another contact has too.
	dupEmails int
	// targets counts companies with at least one abm_* value.
	targets int
}

// snapshot reads the portal's state.
func snapshot(p *hubspottest.Server) crmState {
	s := crmState{companies: map[string]map[string]string{}}
	for _, id := range p.IDs("companies") {
		abm := map[string]string{}
		for k, v := range p.Company(id) {
			if strings.HasPrefix(k, "abm_") && v != "" {
				abm[k] = v
			}
		}
		if len(abm) > 0 {
			s.targets++
		}
		s.companies[id] = abm
	}
	s.contacts = p.IDs("contacts")
	seen := map[string]bool{}
	for _, id := range s.contacts {
		e := strings.ToLower(p.Object("contacts", id)["email"])
		if e == "" {
			continue
		}
		if seen[e] {
			s.dupEmails++
		}
		seen[e] = true
	}
	return s
}

// crmDiff compares got with the clean reference want: how many companies
// differ, examples, and what differs in the contacts.
type crmDiff struct {
	companies int
	examples  []string
	contacts  string // "" when the contact ids are identical
}

func (d crmDiff) none() bool { return d.companies == 0 && d.contacts == "" }

func (d crmDiff) String() string {
	if d.none() {
		return "none"
	}
	var parts []string
	if d.companies > 0 {
		parts = append(parts, fmt.Sprintf("%d companies differ", d.companies))
	}
	if d.contacts != "" {
		parts = append(parts, d.contacts)
	}
	return strings.Join(parts, "; ")
}

func diffCRM(want, got crmState) crmDiff {
	var d crmDiff
	ids := slices.Sorted(maps.Keys(want.companies))
	for id := range got.companies {
		if _, ok := want.companies[id]; !ok {
			ids = append(ids, id)
		}
	}
	for _, id := range ids {
		w, g := want.companies[id], got.companies[id]
		if maps.Equal(w, g) {
			continue
		}
		d.companies++
		if len(d.examples) < 8 {
			var props []string
			for _, k := range slices.Sorted(maps.Keys(mergeKeys(w, g))) {
				if w[k] != g[k] {
					props = append(props, fmt.Sprintf("%s clean=%q got=%q", k, w[k], g[k]))
				}
			}
			d.examples = append(d.examples, "company "+id+": "+strings.Join(props, ", "))
		}
	}
	if !slices.Equal(want.contacts, got.contacts) {
		d.contacts = fmt.Sprintf("contacts: %d in the clean run, %d here", len(want.contacts), len(got.contacts))
	}
	return d
}

func mergeKeys(a, b map[string]string) map[string]bool {
	m := map[string]bool{}
	for k := range a {
		m[k] = true
	}
	for k := range b {
		m[k] = true
	}
	return m
}

// cleanReference syncs a new portal generated from gen once, with a daemon
// on its own Redis and no fault, and returns the state it leaves: what
// every scenario's portal must end as. It is run right before the
// comparison, so that both syncs see nearly the same "now" (engagement
// windows are relative to the daemon's clock).
func cleanReference(t *testing.T, gen hubspottest.GenOptions) crmState {
	t.Helper()
	start := time.Now()
	w := newWorld(t, "clean", gen, false, baseConfig("schedules: {}\n"))
	d := w.newDaemon("clean")
	d.start()
	defer d.stop()
	res := d.resyncWait(5*time.Minute, "--full")
	if res.code != 0 || !strings.Contains(res.stdout, "succeeded") {
		t.Fatalf("clean reference sync failed:\n%s\n%s", res, tail(d.log, 30))
	}
	s := snapshot(w.portal)
	if s.targets < int(gen.TargetShare*float64(gen.Companies))/2 || len(s.contacts) != gen.Contacts {
		t.Fatalf("clean reference looks wrong: %d companies with abm_* values, %d contacts", s.targets, len(s.contacts))
	}
	t.Logf("clean reference: %d companies with abm_* values, %d contacts, synced in %s", s.targets, len(s.contacts), time.Since(start).Round(time.Millisecond))
	return s
}

// baseConfig is the daemons' config: the portal has no rate limit, so the
// client's budget is set far above what a sync needs, plus extra.
func baseConfig(extra string) string {
	return "hubspot:\n  requests_per_10s: 100000\n  search_per_second: 100\nlog:\n  level: info\n" + extra
}

// compareWithClean checks the world's portal against a clean run of the
// same portal and returns the diff and the duplicate count for the table.
func compareWithClean(t *testing.T, w *world, gen hubspottest.GenOptions) (crmDiff, int) {
	t.Helper()
	got := snapshot(w.portal)
	want := cleanReference(t, gen)
	d := diffCRM(want, got)
	if !d.none() {
		t.Errorf("%s: the CRM differs from a clean run's: %s\n%s", w.name, d, strings.Join(d.examples, "\n"))
	}
	if got.dupEmails > 0 {
		t.Errorf("%s: %d duplicate contacts (same e-mail)", w.name, got.dupEmails)
	}
	return d, got.dupEmails
}
