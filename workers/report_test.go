package workers

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/metrics"
)

// TestReportTrendAndNPSImport syncs a portal, imports survey answers and
// checks that the report's NPS uses them, that a re-import replaces rather
// than adds, and that a report 30 days later shows the change since the
// daily snapshot the sync took.
func TestReportTrendAndNPSImport(t *testing.T) {
	b := setup(t)
	ctx := ctxT(t)
	b.sync(t, jobs.Scope{Full: true})

	targets := portalTargets(b.srv)
	if len(targets) < 2 {
		t.Fatalf("portal has %d targets", len(targets))
	}
	rep, err := b.deps.Service.BuildReport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.KPIs[metrics.KeyNPS].Current != nil || rep.KPIs[metrics.KeyNPS].Trend != nil || !rep.TrendSince.IsZero() {
		t.Fatalf("before any answer: nps %+v, trend since %v", rep.KPIs[metrics.KeyNPS], rep.TrendSince)
	}

	csv := "company_id,score,date\n" + targets[0] + ",10," + b.now.AddDate(0, 0, -3).Format(time.DateOnly) + "\n" +
		targets[1] + ",3," + b.now.AddDate(0, 0, -2).Format(time.DateOnly) + "\n" +
		targets[1] + ",9," + b.now.AddDate(0, 0, -1).Format(time.DateOnly) + "\n" +
		"no-such-company,9," + b.now.AddDate(0, 0, -1).Format(time.DateOnly) + "\n"
	for i := range 2 {
		res, err := b.deps.Service.ImportNPS(ctx, "q4-survey", strings.NewReader(csv))
		if err != nil {
			t.Fatal(err)
		}
		if res.Answers != 4 || res.Accounts != 2 || len(res.Unmatched) != 1 || res.Replaced != 4*i {
			t.Errorf("import %d: %+v", i, res)
		}
	}
	// A bad file stores nothing and says where.
	_, err = b.deps.Service.ImportNPS(ctx, "q4-survey", strings.NewReader("company_id,score,date\n"+targets[0]+",eleven,2026-01-01\n"))
	if err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("bad score: %v", err)
	}
	if _, err := b.deps.Service.ImportNPS(ctx, "../etc", strings.NewReader(csv)); !errors.Is(err, campaign.ErrBadNPSSource) {
		t.Errorf("bad source: %v", err)
	}

	rep, err = b.deps.Service.BuildReport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// 10, 3, 9 at target accounts: 2 promoters, 1 detractor of 3.
	if c := rep.KPIs[metrics.KeyNPS].Current; c == nil || *c != 33.3 {
		t.Fatalf("nps = %v, want 33.3", c)
	}

	// Thirty days later the same data has aged: the report compares with
	// today's snapshot (taken by the sync's compute and the reports above).
	before := rep.KPIs
	b.now = b.now.AddDate(0, 0, 30)
	rep, err = b.deps.Service.BuildReport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rep.TrendSince.Format(time.DateOnly), b.now.AddDate(0, 0, -30).Format(time.DateOnly); got != want {
		t.Errorf("trend since %s, want %s", got, want)
	}
	trends := 0
	for k, v := range rep.KPIs {
		prev := before[k].Current
		switch {
		case v.Current == nil || prev == nil:
			if v.Trend != nil {
				t.Errorf("%s: trend %v without two values", k, *v.Trend)
			}
		case v.Trend == nil:
			t.Errorf("%s: no trend, current %v previous %v", k, *v.Current, *prev)
		default:
			trends++
			if d := *v.Current - *prev; d-*v.Trend > 0.01 || *v.Trend-d > 0.01 {
				t.Errorf("%s: trend %v, want %v - %v", k, *v.Trend, *v.Current, *prev)
			}
		}
	}
	// Most KPIs have a value then and now, so they have a trend; the NPS
	// answers are still inside the 365-day window, so its trend is 0.
	if trends < 5 || rep.KPIs[metrics.KeyReachPerAccount].Trend == nil || *rep.KPIs[metrics.KeyNPS].Trend != 0 {
		t.Errorf("%d trends; reach %v, nps %v", trends, rep.KPIs[metrics.KeyReachPerAccount].Trend, rep.KPIs[metrics.KeyNPS].Trend)
	}
}

// TestPortalSurveyAndReferralProperties: the portal's own survey and
// referral properties (configured, not HubSpot defaults) are pulled and
// become abm_nps and abm_referrals in the portal.
func TestPortalSurveyAndReferralProperties(t *testing.T) {
	b := setup(t)
	b.deps.KPI = campaign.KPISettings{NPSProperty: "nps_score", NPSDateProperty: "nps_date",
		Referrals: metrics.ReferralConfig{ContactSourceProps: []string{"herkunft"}, DealSourceProps: []string{"herkunft"},
			Values: []string{"Empfehlung"}, ReferrerProp: "empfohlen_von"}}
	target := portalTargets(b.srv)[0]
	contacts := b.srv.Associations("companies", target, "contacts")
	if len(contacts) < 3 {
		t.Fatalf("target %s has %d contacts", target, len(contacts))
	}
	// The portal defines its custom properties (HubSpot returns no value of
	// an undefined property, and neither does the fake).
	g := crm.PropertyGroup{Name: "portal_custom", Label: "Portal custom"}
	var defs []crm.PropertyDef
	for _, name := range []string{"nps_score", "nps_date", "herkunft", "empfohlen_von"} {
		defs = append(defs, crm.PropertyDef{Name: name, Label: name, Type: "string", FieldType: "text", GroupName: g.Name})
	}
	if err := b.hs.EnsureProperties(ctxT(t), crm.Contacts, g, defs); err != nil {
		t.Fatal(err)
	}
	if err := b.hs.EnsureProperties(ctxT(t), crm.Deals, g, defs[2:]); err != nil { // the referral source on deals too
		t.Fatal(err)
	}
	day := b.now.AddDate(0, 0, -10).Format(time.DateOnly)
	b.srv.Update("contacts", contacts[0], map[string]string{"nps_score": "10", "nps_date": day, "herkunft": "empfehlung", "empfohlen_von": "Acme"})
	b.srv.Update("contacts", contacts[1], map[string]string{"nps_score": "2", "nps_date": day})
	b.srv.Update("contacts", contacts[2], map[string]string{"nps_score": "zehn"}) // not a score: skipped
	run := b.sync(t, jobs.Scope{Full: true})
	if strings.Contains(run.Warning, "missing in the CRM") {
		t.Errorf("run warns although the portal defines the properties: %s", run.Warning)
	}

	got := b.srv.Company(target)
	if got[metrics.PropNPS] != "0" || got[metrics.PropNPSResponses] != "2" || got[metrics.PropReferrals] != "1" {
		t.Errorf("company %s: abm_nps %q, responses %q, referrals %q; want 0, 2, 1", target, got[metrics.PropNPS], got[metrics.PropNPSResponses], got[metrics.PropReferrals])
	}
	for _, id := range portalTargets(b.srv)[1:] {
		if c := b.srv.Company(id); c[metrics.PropNPS] != "" || c[metrics.PropNPSResponses] != "0" {
			t.Errorf("company %s without answers: abm_nps %q, responses %q", id, c[metrics.PropNPS], c[metrics.PropNPSResponses])
		}
	}
}

// TestMissingPortalPropertiesWarn: configured referral and survey
// properties the portal does not define are named in the run's warning
// (HubSpot would silently return no value), checked once a day, not per run.
func TestMissingPortalPropertiesWarn(t *testing.T) {
	b := setup(t)
	b.deps.KPI = campaign.KPISettings{NPSProperty: "nps_score", Referrals: metrics.DefaultReferralConfig()}
	run := b.sync(t, jobs.Scope{Full: true})
	for _, want := range []string{"properties missing in the CRM (contacts lead_source, referred_by, nps_score; deals lead_source, referred_by)", "nps.*"} {
		if !strings.Contains(run.Warning, want) {
			t.Errorf("warning %q lacks %q", run.Warning, want)
		}
	}
	b.srv.ResetCalls()
	run = b.sync(t, jobs.Scope{})
	if n := b.srv.Calls()["GET /crm/properties/{v}/contacts"]; n != 0 || !strings.Contains(run.Warning, "missing in the CRM") {
		t.Errorf("second run: %d property listings (want 0, cached), warning %q", n, run.Warning)
	}
}
