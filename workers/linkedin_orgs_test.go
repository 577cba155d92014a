package workers

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/linkedin/linkedintest"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
)

const typeaheadKey = "GET /rest/adTargetingEntities"

// orgEnv is a LinkedIn sync whose target accounts have names and no URN
// but the last, against a LinkedIn that knows some of them, look-alikes
// included.
func orgEnv(t *testing.T) *liEnv {
	t.Helper()
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	day := now.AddDate(0, 0, -1)
	row := func(org string, imp, clicks int64) linkedintest.EngagementRow {
		return linkedintest.EngagementRow{Organization: org, Day: day, Impressions: imp, Clicks: clicks, Engagements: clicks}
	}
	e := newLIEnv(t, liOptions{
		props: map[int]map[string]string{
			0: {"name": "Bayer AG", "domain": "bayer.com"},
			1: {"name": "Novartis Pharma Schweiz AG", "domain": "novartis.com"},
			2: {"name": "Roche Diagnostics GmbH", "domain": "roche.de"},
			3: {"name": "Merck KGaA", "domain": "merckgroup.com"},
			4: {"name": "Unbekannt Biotech GmbH", "domain": "unbekannt-bio.de"},
			5: {"name": "Known Org AG", metrics.PropLinkedInOrgURN: "urn:li:organization:10001"},
		},
		linkedin: linkedintest.Options{
			Employers: []linkedintest.Employer{
				{ID: 2001, Name: "Bayer Pharma Inc."},
				{ID: 2002, Name: "Bayer Services GmbH"},
				{ID: 1035, Name: "Bayer"},
				{ID: 3001, Name: "Novartis"},
				{ID: 4001, Name: "Roche Diagnostics Deutschland"},
				{ID: 4002, Name: "Roche"},
				{ID: 5001, Name: "Merck"},
				{ID: 5002, Name: "MERCK"},
				{ID: 6001, Name: "Acme Biotech"},
			},
			Engagement: []linkedintest.EngagementRow{
				row("urn:li:organization:1035", 40, 4), row("urn:li:organization:2001", 90, 9),
				row("urn:li:organization:3001", 30, 3), row("urn:li:organization:4002", 50, 5),
				row("urn:li:organization:5001", 20, 2), row("urn:li:organization:6001", 10, 1),
				row("urn:li:organization:10001", 12, 0),
			},
		},
	})
	e.deps.LinkedIn.Aliases = map[string][]string{e.targets[1]: {"Novartis"}}
	return e
}

func (e *liEnv) orgURN(i int) string { return e.hs.Company(e.targets[i])[metrics.PropLinkedInOrgURN] }

func (e *liEnv) impressions(i int) (string, bool) {
	v, ok := e.hs.Company(e.targets[i])[metrics.PropLinkedInImpressions]
	return v, ok
}

func TestLinkedInResolveOrganizations(t *testing.T) {
	t.Parallel()
	e := orgEnv(t)
	ctx := t.Context()
	run, err := e.sync(t)
	if err != nil || run.State != store.RunSucceeded {
		t.Fatalf("first sync: %v, run %+v", err, run)
	}
	// Exact name (legal form stripped); alias through the domain's label;
	// look-alikes only; two organizations of the name; unknown; CRM's own.
	wantURN := []string{"urn:li:organization:1035", "urn:li:organization:3001", "", "", "", ""}
	wantImp := []string{"40", "30", "", "", "", "12"}
	for i := range 6 {
		if got := e.orgURN(i); got != wantURN[i] {
			t.Errorf("target %d: %s = %q, want %q", i, metrics.PropLinkedInOrgURN, got, wantURN[i])
		}
		got, ok := e.impressions(i)
		if got != wantImp[i] || ok != (wantImp[i] != "") {
			t.Errorf("target %d: impressions %q (set %v), want %q", i, got, ok, wantImp[i])
		}
	}
	// Bayer 1, Novartis 2 (name, domain), Roche 2, Merck 1 (ambiguous at
	// once), Unbekannt 2, the CRM's URN 0.
	if n := e.li.Calls()[typeaheadKey]; n != 8 {
		t.Errorf("typeahead calls = %d, want 8", n)
	}
	for _, r := range e.li.Requests() {
		if r.Key == typeaheadKey && (r.Header.Get("LinkedIn-Version") == "" || !strings.Contains(r.RawQuery, "facet=urn%3Ali%3AadTargetingFacet%3Aemployers&query=")) {
			t.Errorf("typeahead request %s %v", r.RawQuery, r.Header)
		}
	}
	f, _ := e.st.RunFields(ctx, run.ID, counterLinkedInLookups, counterLinkedInResolved)
	if f[counterLinkedInLookups] != "8" || f[counterLinkedInResolved] != "2" {
		t.Errorf("run counters = %v", f)
	}
	if run.APICalls < int64(e.li.Calls()["total"]) {
		t.Errorf("run api_calls %d < LinkedIn calls %d", run.APICalls, e.li.Calls()["total"])
	}
	for _, w := range []string{"3 of 6 target accounts unresolved", "Merck KGaA [" + e.targets[3] + "]: 2 organizations carry the name",
		"Roche Diagnostics GmbH [" + e.targets[2] + "]: LinkedIn names no organization so (2 look-alikes)",
		"Unbekannt Biotech GmbH", "3 of 6 target accounts have no LinkedIn organization"} {
		if !strings.Contains(run.Warning, w) {
			t.Errorf("warning lacks %q: %s", w, run.Warning)
		}
	}
	states, err := e.st.OrgResolutions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r := states[e.targets[3]]; r.Status != store.OrgAmbiguous || len(r.Candidates) != 2 {
		t.Errorf("Merck: %+v", r)
	}
	if r := states[e.targets[0]]; r.Status != store.OrgFound || r.Name != "Bayer" || r.WrittenAt.IsZero() {
		t.Errorf("Bayer: %+v", r)
	}
	// The segment names the found organizations by URN.
	if seg := e.segment(t); !slices.Contains(seg.Members, "urn:li:organization:1035") {
		t.Errorf("segment members %v lack Bayer's URN", seg.Members)
	}

	// Repeat run: nothing is asked or written again.
	e.li.Reset()
	e.hs.ResetCalls()
	run, err = e.sync(t)
	if err != nil || run.State != store.RunSucceeded {
		t.Fatalf("repeat sync: %v, run %+v", err, run)
	}
	if n := e.li.Calls()[typeaheadKey]; n != 0 {
		t.Errorf("repeat: %d typeahead calls, want 0", n)
	}
	if n := hubspotWrites(e.hs.Calls()); n != 0 {
		t.Errorf("repeat: %d HubSpot writes, want 0: %v", n, e.hs.Calls())
	}

	// A changed name is asked at once, not a day later.
	rec, err := e.st.Record(ctx, crm.Companies, e.targets[4])
	if err != nil {
		t.Fatal(err)
	}
	rec.Properties["name"] = "Acme Biotech AG"
	if _, err := e.st.UpsertRecords(ctx, []crm.Record{rec}); err != nil {
		t.Fatal(err)
	}
	e.li.Reset()
	if run, err = e.sync(t); err != nil {
		t.Fatal(err)
	}
	if n := e.li.Calls()[typeaheadKey]; n != 1 || e.orgURN(4) != "urn:li:organization:6001" {
		t.Errorf("renamed: %d typeahead calls, URN %q; want 1 and 6001", n, e.orgURN(4))
	}
	if v, _ := e.impressions(4); v != "10" {
		t.Errorf("renamed: impressions %q, want 10", v)
	}

	// A day later the misses are asked again (the cache has expired too).
	e.now = e.now.Add(25 * time.Hour)
	e.li.Reset()
	if _, err := e.sync(t); err != nil {
		t.Fatal(err)
	}
	if n := e.li.Calls()[typeaheadKey]; n != 3 {
		t.Errorf("a day later: %d typeahead calls, want 3 (Roche 2, Merck 1)", n)
	}

	// Roche stops being a target: its miss leaves the status, Bayer's URN
	// would stay.
	rec, err = e.st.Record(ctx, crm.Companies, e.targets[2])
	if err != nil {
		t.Fatal(err)
	}
	rec.Properties["hs_is_target_account"] = "false"
	if _, err := e.st.UpsertRecords(ctx, []crm.Record{rec}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sync(t); err != nil {
		t.Fatal(err)
	}
	states, err = e.st.OrgResolutions(ctx)
	if _, ok := states[e.targets[2]]; ok || err != nil || states[e.targets[0]].URN == "" {
		t.Errorf("after Roche left the targets: %v, %+v", err, states)
	}
}

func TestLinkedInOrgConfirmedAndCleared(t *testing.T) {
	t.Parallel()
	e := orgEnv(t)
	ctx := t.Context()
	if _, err := e.sync(t); err != nil {
		t.Fatal(err)
	}
	// An admin confirms Merck's German organization: written at the next
	// sync, and its engagement flows.
	if err := e.st.SetOrgResolutions(ctx, map[string]store.OrgResolution{
		e.targets[3]: {Status: store.OrgConfirmed, URN: "urn:li:organization:5001", CheckedAt: e.now},
	}); err != nil {
		t.Fatal(err)
	}
	e.li.Reset()
	run, err := e.sync(t)
	if err != nil {
		t.Fatal(err)
	}
	if e.orgURN(3) != "urn:li:organization:5001" || e.li.Calls()[typeaheadKey] != 0 {
		t.Errorf("confirmed: URN %q, %d look-ups", e.orgURN(3), e.li.Calls()[typeaheadKey])
	}
	if v, _ := e.impressions(3); v != "20" || strings.Contains(run.Warning, "Merck") {
		t.Errorf("confirmed: impressions %q, warning %q", v, run.Warning)
	}

	// A person clears Bayer's URN in the CRM after abmsync wrote it; the
	// pull brings the record back without it. abmsync asks again and never
	// accepts that organization again.
	rec, err := e.st.Record(ctx, crm.Companies, e.targets[0])
	if err != nil {
		t.Fatal(err)
	}
	delete(rec.Properties, metrics.PropLinkedInOrgURN)
	rec.UpdatedAt = e.now.Add(time.Minute)
	if _, err := e.st.UpsertRecords(ctx, []crm.Record{rec}); err != nil {
		t.Fatal(err)
	}
	e.hs.ResetCalls()
	run, err = e.sync(t)
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.st.OrgResolution(ctx, e.targets[0])
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != store.OrgNone || !slices.Contains(r.Rejected, "urn:li:organization:1035") || !strings.Contains(run.Warning, "Bayer AG [") {
		t.Errorf("cleared: %+v, warning %q", r, run.Warning)
	}
}

func TestLinkedInOrgLookupBudget(t *testing.T) {
	t.Parallel()
	e := orgEnv(t)
	e.deps.LinkedIn.MaxLookups = 3
	run, err := e.sync(t)
	if err != nil {
		t.Fatal(err)
	}
	if n := e.li.Calls()[typeaheadKey]; n != 3 || !strings.Contains(run.Warning, "not looked up yet") {
		t.Errorf("%d typeahead calls (want 3), warning %q", n, run.Warning)
	}
	// The next run goes on where the budget ended; cached answers are free.
	e.li.Reset()
	if _, err := e.sync(t); err != nil {
		t.Fatal(err)
	}
	if n := e.li.Calls()[typeaheadKey]; n != 3 {
		t.Errorf("second run: %d typeahead calls, want 3", n)
	}
}

// A company in the segment by domain and name whose URN becomes known
// stays as it was sent: no ADD by URN beside a REMOVE by domain.
func TestLinkedInAudienceKeepsIdentity(t *testing.T) {
	t.Parallel()
	e := newLIEnv(t, liOptions{})
	ctx := t.Context()
	if _, err := e.sync(t); err != nil {
		t.Fatal(err)
	}
	rec, err := e.st.Record(ctx, crm.Companies, e.targets[0])
	if err != nil {
		t.Fatal(err)
	}
	rec.Properties[metrics.PropLinkedInOrgURN] = "urn:li:organization:10001"
	if _, err := e.st.UpsertRecords(ctx, []crm.Record{rec}); err != nil {
		t.Fatal(err)
	}
	e.li.Reset()
	if _, err := e.sync(t); err != nil {
		t.Fatal(err)
	}
	if els := e.companiesElements(t); len(els) != 0 {
		t.Errorf("elements sent = %v, want none", els)
	}
	if v, _ := e.impressions(0); v == "" {
		t.Error("engagement not written for the URN")
	}
}

// TestLinkedInOrgLookupCallsPer100 measures the calls of a first
// resolution of 100 target accounts and of a repeat run: 80 LinkedIn knows
// by their exact name (each beside a look-alike), 5 whose name two
// organizations carry, 5 known under an alias found through the domain's
// label, 10 unknown to LinkedIn.
func TestLinkedInOrgLookupCallsPer100(t *testing.T) {
	t.Parallel()
	props := map[int]map[string]string{}
	var employers []linkedintest.Employer
	aliases := map[int]string{}
	for i := range 100 {
		name := fmt.Sprintf("Pharma%03d AG", i)
		label := fmt.Sprintf("pharma%03d", i)
		props[i] = map[string]string{"name": name, "domain": label + ".example"}
		id := int64(50000 + 10*i)
		switch {
		case i < 80:
			employers = append(employers, linkedintest.Employer{ID: id, Name: fmt.Sprintf("Pharma%03d Services GmbH", i)},
				linkedintest.Employer{ID: id + 1, Name: fmt.Sprintf("Pharma%03d", i)})
		case i < 85:
			employers = append(employers, linkedintest.Employer{ID: id, Name: fmt.Sprintf("Pharma%03d", i)},
				linkedintest.Employer{ID: id + 1, Name: fmt.Sprintf("PHARMA%03d", i)})
		case i < 90:
			props[i]["name"] = fmt.Sprintf("Holding %03d GmbH", i)
			aliases[i] = fmt.Sprintf("Pharma%03d Group", i)
			employers = append(employers, linkedintest.Employer{ID: id, Name: aliases[i]})
		}
	}
	e := newLIEnv(t, liOptions{companies: 200, props: props, linkedin: linkedintest.Options{Employers: employers}})
	e.deps.LinkedIn.Aliases = map[string][]string{}
	for i, a := range aliases {
		e.deps.LinkedIn.Aliases[e.targets[i]] = []string{a}
	}
	run, err := e.sync(t)
	if err != nil {
		t.Fatal(err)
	}
	first, firstTotal, firstHS, firstAPI := e.li.Calls()[typeaheadKey], e.li.Calls()["total"], hubspotWrites(e.hs.Calls()), run.APICalls
	f, _ := e.st.RunFields(t.Context(), run.ID, counterLinkedInResolved)
	// 80 + 5 found or ambiguous by name; 5 aliases by name, then the
	// domain's label; 10 unknown by name only (their domain's label is the
	// same query).
	if first != 100+5 || f[counterLinkedInResolved] != "85" {
		t.Errorf("first run: %d look-ups, %s resolved; want 105 and 85", first, f[counterLinkedInResolved])
	}
	e.li.Reset()
	e.hs.ResetCalls()
	run, err = e.sync(t)
	if err != nil {
		t.Fatal(err)
	}
	repeat := e.li.Calls()[typeaheadKey]
	if repeat != 0 {
		t.Errorf("repeat run: %d look-ups, want 0", repeat)
	}
	t.Logf("per 100 target accounts: first run %d typeahead look-ups (%d LinkedIn calls, %d HubSpot writes, run api_calls %d); repeat run %d look-ups (%d LinkedIn calls, %d HubSpot writes, run api_calls %d)",
		first, firstTotal, firstHS, firstAPI, repeat, e.li.Calls()["total"], hubspotWrites(e.hs.Calls()), run.APICalls)
}

// A refused look-up stops the look-ups of the run, not the run: the
// audience and the engagement of accounts with a URN go on.
func TestLinkedInOrgLookupRefused(t *testing.T) {
	t.Parallel()
	e := orgEnv(t)
	e.li.FailNext(typeaheadKey, 403, "")
	run, err := e.sync(t)
	if err != nil || run.State != store.RunSucceeded {
		t.Fatalf("sync: %v, run %+v", err, run)
	}
	if n := e.li.Calls()[typeaheadKey]; n != 1 || !strings.Contains(run.Warning, "look-ups stopped") || !strings.Contains(run.Warning, "not looked up yet") {
		t.Errorf("%d look-ups, warning %q", n, run.Warning)
	}
	if v, _ := e.impressions(5); v != "12" {
		t.Errorf("engagement of the account with a URN: %q, want 12", v)
	}
	e.li.Reset()
	if _, err := e.sync(t); err != nil {
		t.Fatal(err)
	}
	if e.orgURN(0) != "urn:li:organization:1035" {
		t.Errorf("next sync did not resolve Bayer: %q", e.orgURN(0))
	}
}
