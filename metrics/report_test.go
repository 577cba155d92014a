package metrics

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/crm"
)

var now = time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC)

// setup returns an Input with three target accounts.
func setup(t *testing.T) Input {
	t.Helper()
	return Input{
		ICPAccounts: 40,
		Accounts: []AccountInput{
			{
				CompanyID: "1", Name: "Beta Pharma", Domain: "beta.example",
				Visits30d: 120, KnownContacts: 14, EngagedContacts: 11, EngagementScore: 85,
				MQA: true, MQASince: now.AddDate(0, 0, -20), SQLContacts: 2, HasSQLContact: true,
				Deals:       Stats{Won: 2, MeanDaysToClose: f64(48), MedianDaysToClose: f64(48), MeanWonAmount: f64(60000)},
				UpsellCount: 1, UpsellAmount: 15000.5,
				Referrals: []Referral{{Type: crm.Contacts, ID: "k1", Account: "1", ReferringAccount: "www.acme.example"}},
				NPS:       []crm.NPSAnswer{{CompanyID: "1", Score: 10}, {CompanyID: "1", Score: 9}, {CompanyID: "1", Score: 5}},
			},
			{
				CompanyID: "2", Name: "acme Biotech", Domain: "acme.example",
				Visits30d: 30, KnownContacts: 6, EngagedContacts: 4, EngagementScore: 40,
				SQLContacts: 0,
				NPS:         []crm.NPSAnswer{{CompanyID: "2", Score: 7}, {CompanyID: "2", Score: 42}},
			},
			{
				CompanyID: "3", Name: "Cardio Med", Domain: "cardio.example",
				Visits30d: 0, KnownContacts: 2, EngagedContacts: 0,
				SQLContacts: 1, HasSQLContact: true,
				Referrals: []Referral{
					{Type: crm.Contacts, ID: "k7", Account: "3", ReferringAccount: "Beta Pharma"},
					{Type: crm.Deals, ID: "d7", Account: "3"},
					{Type: crm.Deals, ID: "d8"},
				},
			},
		},
		Deals:      Stats{Won: 2, MeanDaysToClose: f64(48), MedianDaysToClose: f64(48), MeanWonAmount: f64(60000)},
		Previous:   map[string]float64{KeyTrafficFromAccounts: 100, KeyTimeToCloseDays: 55, KeyNPS: 10},
		PreviousAt: time.Date(2026, 4, 10, 0, 0, 0, 0, time.UTC),
	}
}

func TestBuildKPIs(t *testing.T) {
	t.Parallel()
	r := Build(setup(t), nil, now)
	tests := []struct {
		key                          string
		current, goal, baseline, trd *float64
	}{
		{KeyTrafficFromAccounts, f64(150), nil, nil, f64(50)},
		{KeyReachPerAccount, f64(5), f64(10), nil, nil},
		{KeyMQAAccounts, f64(1), nil, nil, nil},
		{KeyAccountsWithSQLs, f64(2), f64(3), nil, nil},
		{KeyTimeToCloseDays, f64(48), f64(50), f64(63), f64(-7)},
		{KeyAvgDealSize, f64(60000), nil, nil, nil},
		{KeyUpsellRevenue, f64(15000.5), nil, nil, nil},
		{KeyReferrals, f64(3), nil, nil, nil}, // accounts 1 and 3, and deal d8 without account
		{KeyNPS, f64(25), nil, nil, f64(15)},  // 10 9 5 7 (42 skipped): 2 promoters, 1 detractor of 4
	}
	if len(r.KPIs) != len(tests) {
		t.Errorf("%d KPIs, want %d", len(r.KPIs), len(tests))
	}
	for _, tt := range tests {
		k, ok := r.KPIs[tt.key]
		if !ok {
			t.Errorf("%s missing", tt.key)
			continue
		}
		if !eqPtr(k.Current, tt.current) || !eqPtr(k.Goal, tt.goal) || !eqPtr(k.Baseline, tt.baseline) || !eqPtr(k.Trend, tt.trd) {
			t.Errorf("%s = current %s goal %s baseline %s trend %s; want %s %s %s %s", tt.key,
				num(k.Current), num(k.Goal), num(k.Baseline), num(k.Trend), num(tt.current), num(tt.goal), num(tt.baseline), num(tt.trd))
		}
	}
	if !r.GeneratedAt.Equal(now) {
		t.Errorf("GeneratedAt = %v", r.GeneratedAt)
	}

	wantFunnel := []FunnelStage{
		{"icp", "ICP fit companies", 40}, {"target_accounts", "Target accounts", 3},
		{"known_contacts", "Known contacts", 22}, {"engaged_contacts", "Engaged contacts", 15},
		{"mqa_accounts", "MQA accounts", 1}, {"sql_accounts", "Accounts with SQLs", 2},
		{"won_accounts", "Won accounts", 1},
		// Beta: promoters and named as referrer; Acme: referrer by domain.
		{"advocates", "Advocates", 2},
	}
	if !slices.Equal(r.Funnel, wantFunnel) {
		t.Errorf("Funnel = %+v\nwant %+v", r.Funnel, wantFunnel)
	}

	var names []string
	for _, a := range r.Accounts {
		names = append(names, a.Name)
	}
	if want := []string{"acme Biotech", "Beta Pharma", "Cardio Med"}; !slices.Equal(names, want) {
		t.Errorf("account order %v, want %v", names, want)
	}
	if a := r.Accounts[1]; a.Referrals != 1 || a.NPS.Responses != 3 || !eqPtr(a.NPS.Score, f64(33.3)) || a.Deals.Won != 2 ||
		!slices.Equal(a.ReferredBy, []string{"www.acme.example"}) {
		t.Errorf("Beta row = %+v", a)
	}
	if a := r.Accounts[2]; a.Referrals != 3 || !slices.Equal(a.ReferredBy, []string{"Beta Pharma"}) {
		t.Errorf("Cardio row referrals %d by %v, want 3 by [Beta Pharma]", a.Referrals, a.ReferredBy)
	}
	if a := r.Accounts[0]; a.NPS.Responses != 1 || !eqPtr(a.NPS.Score, f64(0)) {
		t.Errorf("Acme row NPS = %+v", a.NPS)
	}
}

func TestBuildEmptyAndGoals(t *testing.T) {
	t.Parallel()
	nps := 40.0
	tests := []struct {
		name  string
		goals map[string]Goal
		key   string
		want  Goal
	}{
		{"nil goals are the defaults", nil, KeyTimeToCloseDays, Goal{Goal: f64(50), Baseline: f64(63)}},
		{"given goals replace the defaults", map[string]Goal{KeyNPS: {Goal: &nps}}, KeyNPS, Goal{Goal: f64(40)}},
		{"and only they apply", map[string]Goal{KeyNPS: {Goal: &nps}}, KeyReachPerAccount, Goal{}},
		{"empty map: no goals", map[string]Goal{}, KeyAccountsWithSQLs, Goal{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := Build(Input{}, tt.goals, now)
			k := r.KPIs[tt.key]
			if !eqPtr(k.Goal, tt.want.Goal) || !eqPtr(k.Baseline, tt.want.Baseline) {
				t.Errorf("%s: goal %s baseline %s, want %s %s", tt.key, num(k.Goal), num(k.Baseline), num(tt.want.Goal), num(tt.want.Baseline))
			}
			// Without accounts: counts are 0, means are unknown.
			for key, want := range map[string]*float64{
				KeyTrafficFromAccounts: f64(0), KeyReachPerAccount: nil, KeyMQAAccounts: f64(0),
				KeyAccountsWithSQLs: f64(0), KeyTimeToCloseDays: nil, KeyAvgDealSize: nil,
				KeyUpsellRevenue: f64(0), KeyReferrals: f64(0), KeyNPS: nil,
			} {
				if got := r.KPIs[key].Current; !eqPtr(got, want) {
					t.Errorf("%s current = %s, want %s", key, num(got), num(want))
				}
			}
		})
	}
}

func TestReportJSON(t *testing.T) {
	t.Parallel()
	in := setup(t)
	in.Previous = map[string]float64{KeyMQAAccounts: 0}
	b, err := json.Marshal(Build(in, nil, now))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		GeneratedAt string                                `json:"generated_at"`
		KPIs        map[string]map[string]json.RawMessage `json:"kpis"`
		Funnel      []map[string]any                      `json:"funnel"`
		Accounts    []map[string]any                      `json:"accounts"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	want := []string{"traffic_from_accounts", "reach_per_account", "mqa_accounts", "accounts_with_sqls",
		"time_to_close_days", "avg_deal_size", "upsell_revenue", "referrals", "nps"}
	for _, k := range want {
		obj, ok := doc.KPIs[k]
		if !ok {
			t.Errorf("kpis.%s missing in %s", k, b)
			continue
		}
		for _, field := range []string{"current", "goal", "baseline"} {
			if _, ok := obj[field]; !ok {
				t.Errorf("kpis.%s.%s missing", k, field)
			}
		}
	}
	if len(doc.KPIs) != len(want) {
		t.Errorf("kpis has %d keys, want %d", len(doc.KPIs), len(want))
	}
	for path, wantRaw := range map[string]string{
		"traffic_from_accounts.goal":     "null",
		"traffic_from_accounts.baseline": "null",
		"reach_per_account.goal":         "10",
		"reach_per_account.baseline":     "null",
		"time_to_close_days.goal":        "50",
		"time_to_close_days.baseline":    "63",
		"accounts_with_sqls.current":     "2",
		"mqa_accounts.trend":             "1",
	} {
		k, field, _ := strings.Cut(path, ".")
		if got := string(doc.KPIs[k][field]); got != wantRaw {
			t.Errorf("kpis.%s = %s, want %s", path, got, wantRaw)
		}
	}
	if _, ok := doc.KPIs["nps"]["trend"]; ok {
		t.Error("kpis.nps.trend present without a previous value")
	}
	if doc.GeneratedAt != "2026-05-10T12:00:00Z" || len(doc.Funnel) != 8 || len(doc.Accounts) != 3 {
		t.Errorf("generated_at %q, %d funnel stages, %d accounts", doc.GeneratedAt, len(doc.Funnel), len(doc.Accounts))
	}
	// An account that is not an MQA has no mqa_since.
	for _, a := range doc.Accounts {
		if _, ok := a["mqa_since"]; ok != (a["mqa"] == true) {
			t.Errorf("account %v: mqa_since present = %v", a["company_id"], ok)
		}
	}
	// Null values survive with no data at all.
	b, _ = json.Marshal(Build(Input{}, map[string]Goal{}, now))
	if !bytes.Contains(b, []byte(`"nps":{"current":null,"goal":null,"baseline":null}`)) {
		t.Errorf("empty report nps not all null: %s", b)
	}
}

func TestReportText(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := Build(setup(t), nil, now).Text(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[0], "KPI report generated 2026-05-10T12:00:00Z") || lines[1] != "Won deals: all time" ||
		lines[2] != "Trend: change since 2026-04-10" {
		t.Errorf("header %q", lines[:3])
	}
	for _, want := range [][]string{
		{"KPI", "CURRENT", "GOAL", "BASELINE", "TREND"},
		{"traffic_from_accounts", "150", "-", "-", "+50"},
		{"reach_per_account", "5", "10", "-", "-"},
		{"time_to_close_days", "48", "50", "63", "-7"},
		{"upsell_revenue", "15000.5", "-", "-", "-"},
		{"nps", "25", "-", "-", "+15"},
		{"Advocates", "2"},
	} {
		found := false
		for _, l := range lines {
			if slices.Equal(strings.Fields(l), want) {
				found = true
			}
		}
		if !found {
			t.Errorf("no line %q in\n%s", want, out)
		}
	}
	// KPI rows come in Keys order.
	last := -1
	for _, k := range Keys() {
		i := strings.Index(out, "\n"+k+" ")
		if i < last {
			t.Errorf("%s out of order", k)
		}
		last = i
	}
}

type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	f.n++
	return 0, errors.New("disk full")
}

func TestReportTextWriteError(t *testing.T) {
	t.Parallel()
	w := &failWriter{}
	if err := Build(setup(t), nil, now).Text(w); err == nil || err.Error() != "disk full" {
		t.Errorf("err = %v, want disk full", err)
	}
}
