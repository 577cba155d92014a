package metrics

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/abmsync/abmsync/crm"
)

// The KPI keys of Report.KPIs. They are part of the JSON contract of
// `abmsync report --json` and GET /api/report: never rename one.
const (
	KeyTrafficFromAccounts = "traffic_from_accounts"
	KeyReachPerAccount     = "reach_per_account"
	KeyMQAAccounts         = "mqa_accounts"
	KeyAccountsWithSQLs    = "accounts_with_sqls"
	KeyTimeToCloseDays     = "time_to_close_days"
	KeyAvgDealSize         = "avg_deal_size"
	KeyUpsellRevenue       = "upsell_revenue"
	KeyReferrals           = "referrals"
	KeyNPS                 = "nps"
)

// Keys returns every KPI key in report order: pre-sale, then post-sale.
func Keys() []string {
	return []string{KeyTrafficFromAccounts, KeyReachPerAccount, KeyMQAAccounts, KeyAccountsWithSQLs,
		KeyTimeToCloseDays, KeyAvgDealSize, KeyUpsellRevenue, KeyReferrals, KeyNPS}
}

// Goal is one KPI's goal and the baseline it improves on; nil when unset.
type Goal struct {
	Goal, Baseline *float64
}

// DefaultGoals returns the campaign's default goals: reach_per_account 10
// engaged contacts, accounts_with_sqls 3, time_to_close_days 50 from a
// baseline of 63; every other KPI has neither goal nor baseline. It matches
// config's defaults.
func DefaultGoals() map[string]Goal {
	f := func(v float64) *float64 { return &v }
	return map[string]Goal{
		KeyReachPerAccount:  {Goal: f(10)},
		KeyAccountsWithSQLs: {Goal: f(3)},
		KeyTimeToCloseDays:  {Goal: f(50), Baseline: f(63)},
	}
}

// KPI is one KPI's current value next to its goal and baseline. Current is
// nil when no data provides it (a mean over nothing); Goal and Baseline are
// nil, and marshal as null, when not set.
type KPI struct {
	Current  *float64 `json:"current"`
	Goal     *float64 `json:"goal"`
	Baseline *float64 `json:"baseline"`
	// Trend is Current minus the previous period's value; omitted when
	// either is unknown.
	Trend *float64 `json:"trend,omitempty"`
}

// FunnelStage is one step of the campaign funnel.
type FunnelStage struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// AccountInput is what the caller computed for one target account with the
// other functions of this package.
type AccountInput struct {
	CompanyID, Name, Domain string
	Visits30d               int       // website visits in the last 30 days
	KnownContacts           int       // Metrics.KnownContacts
	EngagedContacts         int       // Metrics.EngagedContacts: the account's reach
	EngagementScore         float64   // EngagementScore
	MQA                     bool      // MQA
	MQASince                time.Time // MQA; zero when not an MQA
	SQLContacts             int       // SQLContacts of its contacts
	HasSQLContact           bool      // HasSQLContact of its contacts: counts in accounts_with_sqls
	FormSubmissions         int       // contacts with a form submission in the window
	Meetings                int       // contacts with a meeting in the window
	LinkedInEngagements     int       // LinkedIn ad clicks in the window
	Deals                   Stats     // DealStats of its deals for the report's cohort
	UpsellCount             int       // Upsell of all its deals
	UpsellAmount            float64   // Upsell of all its deals
	Referrals               []Referral
	NPS                     []crm.NPSAnswer
}

// Input is everything Build needs.
type Input struct {
	// Accounts are the target accounts, one each.
	Accounts []AccountInput
	// ICPAccounts is the number of companies that fit the ICP, the top of
	// the funnel.
	ICPAccounts int
	// Deals is DealStats over the deals of all target accounts for the
	// configured cohort (all time by default): means and medians cannot be
	// combined from per-account values.
	Deals Stats
	// Previous holds the KPI values of the previous period by key, for
	// Trend; a missing key means no trend.
	Previous map[string]float64
	// PreviousAt is the date of Previous (zero without).
	PreviousAt time.Time
	// Cohort is the won-deal cohort of Deals and of the accounts' Deals.
	Cohort Cohort
}

// AccountRow is one target account in the report.
type AccountRow struct {
	CompanyID       string    `json:"company_id"`
	Name            string    `json:"name"`
	Domain          string    `json:"domain,omitempty"`
	Visits30d       int       `json:"visits_30d"`
	KnownContacts   int       `json:"known_contacts"`
	EngagedContacts int       `json:"engaged_contacts"`
	EngagementScore float64   `json:"engagement_score"`
	MQA             bool      `json:"mqa"`
	MQASince        time.Time `json:"mqa_since,omitzero"`
	SQLContacts     int       `json:"sql_contacts"`
	FormSubmissions int       `json:"form_submissions"`
	Meetings        int       `json:"meetings"`
	LinkedInClicks  int       `json:"linkedin_clicks"`
	Deals           Stats     `json:"deals"`
	UpsellCount     int       `json:"upsell_count"`
	UpsellAmount    float64   `json:"upsell_amount"`
	Referrals       int       `json:"referrals"`
	// ReferredBy lists the referring accounts recorded on its referrals.
	ReferredBy []string  `json:"referred_by,omitempty"`
	NPS        NPSResult `json:"nps"`
}

// Report is the campaign's KPI report.
type Report struct {
	GeneratedAt time.Time `json:"generated_at"`
	// Cohort describes the won deals behind time_to_close_days and
	// avg_deal_size ("all time", "closed from 2026-03-01" ...).
	Cohort string `json:"cohort"`
	// TrendSince is the date of the snapshot the trends compare with;
	// absent when there is none yet.
	TrendSince time.Time      `json:"trend_since,omitzero"`
	KPIs       map[string]KPI `json:"kpis"`
	// Funnel runs ICP → target accounts → known contacts → engaged
	// contacts → MQA accounts → accounts with SQLs → won accounts →
	// advocates.
	Funnel []FunnelStage `json:"funnel"`
	// Accounts are sorted by name (case-insensitive), then company id.
	Accounts []AccountRow `json:"accounts"`
}

// Build returns the report of in as of now. goals nil means DefaultGoals();
// otherwise goals is used as given (the config already merged its
// defaults), and keys that are not KPI keys are ignored. Every key of Keys
// is in the result. The KPIs:
//
//   - traffic_from_accounts: visits in the last 30 days summed over target accounts.
//   - reach_per_account: mean engaged contacts per target account, one decimal; nil without accounts.
//   - mqa_accounts: target accounts that are MQAs.
//   - accounts_with_sqls: target accounts with HasSQLContact (salesqualifiedlead, opportunity, customer).
//   - time_to_close_days: in.Deals.MeanDaysToClose (the mean, as the 63-day baseline).
//   - avg_deal_size: in.Deals.MeanWonAmount.
//   - upsell_revenue: UpsellAmount summed over target accounts.
//   - referrals: distinct referred accounts (a referral without account counts on its own).
//   - nps: NPS over all answers of target accounts; nil without answers.
//
// Answers outside 0–10 are skipped.
func Build(in Input, goals map[string]Goal, now time.Time) Report {
	if goals == nil {
		goals = DefaultGoals()
	}
	r := Report{GeneratedAt: now, Cohort: in.Cohort.String()}
	if len(in.Previous) > 0 {
		r.TrendSince = in.PreviousAt
	}
	t := totals{referred: make(map[string]bool)}
	for _, a := range in.Accounts {
		row, scores := accountRow(a)
		r.Accounts = append(r.Accounts, row)
		// An advocate is a promoter or an account that referred another.
		advocate := row.NPS.Promoters > 0 || referredBy(in.Accounts, a)
		t.add(a, scores, advocate)
	}
	slices.SortStableFunc(r.Accounts, func(x, y AccountRow) int {
		return cmp.Or(cmp.Compare(strings.ToLower(x.Name), strings.ToLower(y.Name)), cmp.Compare(x.CompanyID, y.CompanyID))
	})
	r.KPIs = t.kpis(in, goals)
	r.Funnel = t.funnel(in)
	return r
}

// accountRow returns the report row of account a and its valid survey
// scores.
func accountRow(a AccountInput) (AccountRow, []int) {
	row := AccountRow{
		CompanyID: a.CompanyID, Name: a.Name, Domain: a.Domain,
		Visits30d: a.Visits30d, KnownContacts: a.KnownContacts, EngagedContacts: a.EngagedContacts,
		EngagementScore: a.EngagementScore, MQA: a.MQA, MQASince: a.MQASince,
		SQLContacts: a.SQLContacts, Deals: a.Deals,
		FormSubmissions: a.FormSubmissions, Meetings: a.Meetings, LinkedInClicks: a.LinkedInEngagements,
		UpsellCount: a.UpsellCount, UpsellAmount: a.UpsellAmount,
		Referrals: len(a.Referrals),
	}
	for _, ref := range a.Referrals {
		if ref.ReferringAccount != "" && !slices.Contains(row.ReferredBy, ref.ReferringAccount) {
			row.ReferredBy = append(row.ReferredBy, ref.ReferringAccount)
		}
	}
	var scores []int
	row.NPS, scores = NPSOf(a.NPS)
	return row, scores
}

// totals are the campaign-wide sums over the target accounts that the KPIs
// and the funnel are made of.
type totals struct {
	accounts                                              int
	visits, known, engaged, mqas, withSQL, won, advocates int
	upsell                                                float64
	scores                                                []int
	// referred holds the distinct referred accounts (or, for a referral
	// without an account, the referral's own contact or deal).
	referred map[string]bool
}

// add counts account a, whose valid survey scores are scores; advocate
// says whether it is an advocate.
func (t *totals) add(a AccountInput, scores []int, advocate bool) {
	t.accounts++
	t.scores = append(t.scores, scores...)
	t.visits += a.Visits30d
	t.known += a.KnownContacts
	t.engaged += a.EngagedContacts
	t.upsell += a.UpsellAmount
	if a.MQA {
		t.mqas++
	}
	if a.HasSQLContact {
		t.withSQL++
	}
	if a.Deals.Won > 0 {
		t.won++
	}
	if advocate {
		t.advocates++
	}
	for _, ref := range a.Referrals {
		key := "company:" + ref.Account
		if ref.Account == "" {
			key = string(ref.Type) + ":" + ref.ID
		}
		t.referred[key] = true
	}
}

// kpis returns every KPI of Keys: its current value from t and in.Deals,
// its goal and baseline from goals, and its trend against in.Previous.
func (t *totals) kpis(in Input, goals map[string]Goal) map[string]KPI {
	f := func(v float64) *float64 { return &v }
	var reach *float64
	if t.accounts > 0 {
		reach = f(round(float64(t.engaged)/float64(t.accounts), 1))
	}
	nps, _ := NPS(t.scores)
	current := map[string]*float64{
		KeyTrafficFromAccounts: f(float64(t.visits)),
		KeyReachPerAccount:     reach,
		KeyMQAAccounts:         f(float64(t.mqas)),
		KeyAccountsWithSQLs:    f(float64(t.withSQL)),
		KeyTimeToCloseDays:     in.Deals.MeanDaysToClose,
		KeyAvgDealSize:         in.Deals.MeanWonAmount,
		KeyUpsellRevenue:       f(round(t.upsell, 2)),
		KeyReferrals:           f(float64(len(t.referred))),
		KeyNPS:                 nps.Score,
	}
	out := make(map[string]KPI, len(current))
	for _, k := range Keys() {
		g := goals[k]
		kpi := KPI{Current: current[k], Goal: g.Goal, Baseline: g.Baseline}
		if prev, ok := in.Previous[k]; ok && kpi.Current != nil {
			kpi.Trend = f(round(*kpi.Current-prev, 2))
		}
		out[k] = kpi
	}
	return out
}

// funnel returns the campaign funnel from the ICP fit companies of in to
// the advocates among the target accounts.
func (t *totals) funnel(in Input) []FunnelStage {
	return []FunnelStage{
		{"icp", "ICP fit companies", in.ICPAccounts},
		{"target_accounts", "Target accounts", t.accounts},
		{"known_contacts", "Known contacts", t.known},
		{"engaged_contacts", "Engaged contacts", t.engaged},
		{"mqa_accounts", "MQA accounts", t.mqas},
		{"sql_accounts", "Accounts with SQLs", t.withSQL},
		{"won_accounts", "Won accounts", t.won},
		{"advocates", "Advocates", t.advocates},
	}
}

// referredBy reports whether account a is recorded as the referrer of any
// referral of accounts: the referrer as entered matches its company id, its
// domain (normalized) or its name (any case).
func referredBy(accounts []AccountInput, a AccountInput) bool {
	domain := crm.NormalizeDomain(a.Domain)
	for _, other := range accounts {
		for _, ref := range other.Referrals {
			v := strings.TrimSpace(ref.ReferringAccount)
			switch {
			case v == "":
			case a.CompanyID != "" && v == a.CompanyID,
				domain != "" && crm.NormalizeDomain(v) == domain,
				a.Name != "" && strings.EqualFold(v, strings.TrimSpace(a.Name)):
				return true
			}
		}
	}
	return false
}

// Text writes the report as aligned plain text: the KPI table (KPI,
// current, goal, baseline, trend; "-" where unset) in Keys order, then the
// funnel. Keys in r.KPIs that are not in Keys follow in name order. It
// returns the first write error.
func (r Report) Text(w io.Writer) error {
	ew := &errWriter{w: w}
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "KPI report generated %s\n", r.GeneratedAt.UTC().Format(time.RFC3339))
	if r.Cohort != "" {
		fmt.Fprintf(tw, "Won deals: %s\n", r.Cohort)
	}
	if !r.TrendSince.IsZero() {
		fmt.Fprintf(tw, "Trend: change since %s\n", r.TrendSince.UTC().Format(time.DateOnly))
	} else {
		fmt.Fprint(tw, "Trend: none yet (abmsync keeps one snapshot a day)\n")
	}
	fmt.Fprintln(tw)
	fmt.Fprint(tw, "KPI\tCURRENT\tGOAL\tBASELINE\tTREND\n")
	keys := Keys()
	for _, k := range slices.Sorted(maps.Keys(r.KPIs)) {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		kpi, ok := r.KPIs[k]
		if !ok {
			continue
		}
		trend := "-"
		if kpi.Trend != nil {
			trend = strconv.FormatFloat(*kpi.Trend, 'f', -1, 64)
			if *kpi.Trend > 0 {
				trend = "+" + trend
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", k, num(kpi.Current), num(kpi.Goal), num(kpi.Baseline), trend)
	}
	if len(r.Funnel) > 0 {
		fmt.Fprint(tw, "\nFUNNEL\tCOUNT\n")
		for _, s := range r.Funnel {
			fmt.Fprintf(tw, "%s\t%d\n", s.Label, s.Count)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return ew.err
}

// errWriter keeps the first write error, so that Text can ignore the
// results of its many Fprintf calls.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func num(v *float64) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}
