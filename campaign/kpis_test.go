package campaign

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/metrics"
)

// engagedContacts returns n contacts contacted yesterday (engaged), plus
// the extra property pairs on each.
func engagedContacts(n int, now time.Time, kv ...string) []crm.Record {
	out := make([]crm.Record, n)
	for i := range out {
		p := map[string]string{"notes_last_contacted": now.AddDate(0, 0, -1).Format(time.RFC3339)}
		for j := 0; j+1 < len(kv); j += 2 {
			p[kv[j]] = kv[j+1]
		}
		out[i] = crm.Record{Type: crm.Contacts, ID: fmt.Sprintf("c%d", i), Properties: p}
	}
	return out
}

func TestAccountEngagement(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	recent := now.AddDate(0, 0, -3).Format(time.RFC3339)
	old := now.AddDate(0, 0, -45).Format(time.RFC3339)
	custom := MQASettings{Threshold: 30, Weights: metrics.EngagementWeights{EngagedContacts: 10, Visits: 0.5}}
	tests := []struct {
		name     string
		since    string
		contacts []crm.Record
		visits   int
		clicks   string
		s        MQASettings
		score    string
		mqa      string
		wantFrom string
	}{
		{"defaults, below 50", "", engagedContacts(4, now), 0, "", MQASettings{}, "40", "false", ""},
		{"defaults, visits lift it over 50", "", engagedContacts(4, now), 12, "", MQASettings{}, "52", "true", "2026-11-27"},
		{"custom threshold 30", "", engagedContacts(4, now), 0, "", custom, "40", "true", "2026-11-27"},
		{"custom visit weight", "", engagedContacts(2, now), 21, "", custom, "30.5", "true", "2026-11-27"},
		{"earlier crossing kept", "2026-10-01", engagedContacts(4, now), 0, "", custom, "40", "true", "2026-10-01"},
		{"dropping below clears since", "2026-10-01", engagedContacts(2, now), 0, "", custom, "20", "false", ""},
		{"capped at 100", "", engagedContacts(30, now), 0, "", MQASettings{}, "100", "true", "2026-11-27"},
		// 1 engaged contact (10) + 2 forms (20) + 2 meetings (40) + 3 clicks (6)
		{"forms, meetings and LinkedIn clicks count", "", append(engagedContacts(1, now, "recent_conversion_date", recent, "hs_latest_meeting_activity", recent),
			crm.Record{ID: "x", Properties: map[string]string{"recent_conversion_date": recent, "hs_latest_meeting_activity": recent}},
			crm.Record{ID: "y", Properties: map[string]string{"recent_conversion_date": old, "hs_latest_meeting_activity": old}}),
			0, "3", MQASettings{}, "76", "true", "2026-11-27"},
	}
	for _, tc := range tests {
		company := crm.Record{ID: "1", Properties: map[string]string{metrics.PropMQASince: tc.since, metrics.PropLinkedInClicks: tc.clicks}}
		svc := &Service{Settings: metrics.Settings{ReachGoal: 10, EngagementWindow: 90 * 24 * time.Hour}, MQA: tc.s}
		sqls := append(tc.contacts, crm.Record{ID: "s1", Properties: map[string]string{"lifecyclestage": "opportunity"}},
			crm.Record{ID: "s2", Properties: map[string]string{"lifecyclestage": "evangelist"}},
			crm.Record{ID: "s3", Properties: map[string]string{"lifecyclestage": "lead"}})
		got := svc.ComputeAccount(AccountData{Company: company, Contacts: sqls, Visits: tc.visits}, nil, now).Properties()
		if got[metrics.PropEngagementScore] != tc.score || got[metrics.PropMQA] != tc.mqa || got[metrics.PropMQASince] != tc.wantFrom || got[metrics.PropSQLContacts] != "2" {
			t.Errorf("%s: score %s mqa %s since %q sqls %s, want score %s mqa %s since %q sqls 2", tc.name,
				got[metrics.PropEngagementScore], got[metrics.PropMQA], got[metrics.PropMQASince], got[metrics.PropSQLContacts], tc.score, tc.mqa, tc.wantFrom)
		}
	}
}

// TestAccountDealsAndPostSale checks the per-account time to close (from
// the deal's contacts, not the account's oldest contact), mean won amount,
// upsell, referrals and NPS properties, and the report cohort.
func TestAccountDealsAndPostSale(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	vie, err := time.LoadLocation("Europe/Vienna")
	if err != nil {
		t.Fatal(err)
	}
	rec := func(typ crm.ObjectType, id string, kv ...string) crm.Record {
		r := crm.Record{Type: typ, ID: id, Properties: map[string]string{},
			Associations: map[crm.ObjectType][]string{crm.Companies: {"1"}}}
		for i := 0; i+1 < len(kv); i += 2 {
			r.Properties[kv[i]] = kv[i+1]
		}
		return r
	}
	contacts := []crm.Record{
		rec(crm.Contacts, "old", "createdate", "2015-03-01T09:00:00Z"), // the customer's oldest contact, on no deal
		rec(crm.Contacts, "buyer", "createdate", "2026-01-10T09:00:00Z", "hs_sa_first_engagement_date", "2026-01-05T09:00:00Z",
			"lead_source", "referral", "referred_by", "2", "nps_score", "9", "nps_date", "2026-10-01"),
		rec(crm.Contacts, "cfo", "createdate", "2026-06-01T09:00:00Z", "nps_score", "3", "nps_date", "2026-10-02"),
	}
	withContacts := func(d crm.Record, ids ...string) crm.Record {
		d.Associations[crm.Contacts] = ids
		return d
	}
	deals := []crm.Record{
		// new business: first contact 5 Jan (buyer's first engagement) → 15 Mar: 69 days
		withContacts(rec(crm.Deals, "d1", "hs_is_closed_won", "true", "dealtype", "newbusiness", "amount", "1000000",
			"createdate", "2026-02-01T09:00:00Z", "closedate", "2026-03-15T09:00:00Z"), "buyer", "old_missing"),
		// upsell after the first won deal, no contacts: from its createdate, 1 Jul → 10 Aug: 40 days
		rec(crm.Deals, "d2", "hs_is_closed_won", "true", "dealtype", "existingbusiness", "amount", "200000",
			"createdate", "2026-07-01T09:00:00Z", "closedate", "2026-08-10T09:00:00Z"),
		// won in 2025: outside the 2026 cohort
		rec(crm.Deals, "d0", "hs_is_closed_won", "true", "dealtype", "newbusiness", "amount", "50000",
			"createdate", "2025-01-01T09:00:00Z", "closedate", "2025-02-01T09:00:00Z"),
	}
	imported := []crm.NPSAnswer{
		{Domain: "www.Acme.example", Score: 10, Date: now.AddDate(0, -1, 0)},
		{CompanyID: "1", Score: 8, Date: now.AddDate(0, -2, 0)},
		{CompanyID: "1", Score: 0, Date: now.AddDate(-2, 0, 0)}, // outside the 365-day window
		{CompanyID: "other", Score: 0, Date: now.AddDate(0, -1, 0)},
		// A stored answer outside 0-10 (an old import) is left out, as in
		// the report; it used to blank abm_nps.
		{CompanyID: "1", Score: 11, Date: now.AddDate(0, -1, 0)},
	}
	company := crm.Record{ID: "1", Properties: map[string]string{"name": "Acme", "domain": "acme.example"}}
	svc := &Service{
		Settings: metrics.Settings{ReachGoal: 10, EngagementWindow: 90 * 24 * time.Hour},
		KPI: KPISettings{Loc: vie, NPSProperty: "nps_score", NPSDateProperty: "nps_date", Referrals: metrics.DefaultReferralConfig(),
			Cohort: func(time.Time) metrics.Cohort { return metrics.Since(time.Date(2026, 1, 1, 0, 0, 0, 0, vie)) }},
	}
	a := svc.ComputeAccount(AccountData{Company: company, Contacts: contacts, Deals: deals, DealContacts: contacts}, imported, now)
	got := a.Properties()
	want := map[string]string{
		metrics.PropDaysToCloseMean:   "54.5", // (69 + 40) / 2
		metrics.PropDaysToCloseMedian: "54.5",
		metrics.PropWonAmountMean:     "600000",
		metrics.PropUpsellDeals:       "1",
		metrics.PropUpsellRevenue:     "200000",
		metrics.PropReferrals:         "1",
		// imported 10 and 8, CRM 9 and 3: 2 promoters, 1 passive, 1 detractor
		metrics.PropNPS:          "25",
		metrics.PropNPSResponses: "4",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}

	// Without deals and answers the values are empty, clearing old ones.
	empty := svc.ComputeAccount(AccountData{Company: company}, nil, now).Properties()
	for _, k := range []string{metrics.PropDaysToCloseMean, metrics.PropDaysToCloseMedian, metrics.PropWonAmountMean, metrics.PropNPS} {
		if v, ok := empty[k]; !ok || v != "" {
			t.Errorf("no data: %s = %q (present %v), want empty", k, v, ok)
		}
	}
}

// TestKPIPullProperties: the portal's own referral and survey properties
// are pulled, on the object they live on, and nothing when unset.
func TestKPIPullProperties(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name            string
		s               KPISettings
		contacts, deals []string
	}{
		{"nothing configured", KPISettings{}, nil, nil},
		{"default referral properties", KPISettings{Referrals: metrics.DefaultReferralConfig()}, []string{"lead_source", "referred_by"}, []string{"lead_source", "referred_by"}},
		{"survey property and own referral source", KPISettings{NPSProperty: "nps_score", NPSDateProperty: "nps_date",
			Referrals: metrics.ReferralConfig{ContactSourceProps: []string{"herkunft"}, DealSourceProps: []string{"herkunft"}, Values: []string{"empfehlung"}}},
			[]string{"herkunft", "nps_score", "nps_date"}, []string{"herkunft"}},
	}
	for _, tt := range tests {
		if got := tt.s.Properties(crm.Contacts); !slices.Equal(got, tt.contacts) {
			t.Errorf("%s: contacts %v, want %v", tt.name, got, tt.contacts)
		}
		if got := tt.s.Properties(crm.Deals); !slices.Equal(got, tt.deals) {
			t.Errorf("%s: deals %v, want %v", tt.name, got, tt.deals)
		}
		if got := tt.s.Properties(crm.Companies); len(got) != 0 {
			t.Errorf("%s: companies %v, want none", tt.name, got)
		}
	}
}
