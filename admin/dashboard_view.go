package admin

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/metrics"
)

// dashboardView is what dashboard.html renders.
type dashboardView struct {
	GeneratedAt time.Time
	// Cohort names the won deals behind the deal KPIs; TrendSince is the
	// snapshot the trends compare with (zero: none yet).
	Cohort     string
	TrendSince time.Time
	KPIs       []kpiRow
	Funnel     []funnelRow
	Chart      reachChart
	Accounts   []accountLink
}

// kpiRow is one line of the KPI table.
type kpiRow struct {
	Key, Label                     string
	Current, Goal, Baseline, Trend string
	// Status is a CSS class: "met", "behind" or "none".
	Status, StatusText string
	// Progress is how far Current went towards Goal, 0–100; -1 without a
	// goal or a current value.
	Progress int
}

// funnelRow is one funnel stage; Width is its bar's share of the widest
// stage in percent.
type funnelRow struct {
	Key, Label, Count string
	Width             string
}

// accountLink is one row of the target-account table.
type accountLink struct {
	metrics.AccountRow
	Href     string
	ReachMet bool
}

func newDashboardView(rep metrics.Report) dashboardView {
	v := dashboardView{GeneratedAt: rep.GeneratedAt, Cohort: rep.Cohort, TrendSince: rep.TrendSince,
		KPIs: kpiRows(rep.KPIs), Funnel: funnelRows(rep.Funnel)}
	goal := rep.KPIs[metrics.KeyReachPerAccount].Goal
	v.Chart = newReachChart(rep.Accounts, goal)
	for _, a := range rep.Accounts {
		v.Accounts = append(v.Accounts, accountLink{AccountRow: a, Href: accountHref(a.CompanyID),
			ReachMet: goal != nil && float64(a.EngagedContacts) >= *goal})
	}
	return v
}

// kpiRows lists the KPIs in metrics.Keys order, then any other key by name (a
// KPI added to the report shows up without a change here).
func kpiRows(kpis map[string]metrics.KPI) []kpiRow {
	keys := metrics.Keys()
	for _, k := range slices.Sorted(maps.Keys(kpis)) {
		if !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	var out []kpiRow
	for _, k := range keys {
		m, ok := kpis[k]
		if !ok {
			continue
		}
		row := kpiRow{Key: k, Label: kpiLabels[k], Current: formatNumber(m.Current), Goal: formatNumber(m.Goal),
			Baseline: formatNumber(m.Baseline), Trend: "–", Progress: -1}
		if row.Label == "" {
			row.Label = humanize(k)
		}
		if m.Trend != nil {
			row.Trend = formatNumber(m.Trend)
			if *m.Trend > 0 {
				row.Trend = "+" + row.Trend
			}
		}
		row.Status, row.StatusText, row.Progress = kpiStatus(k, m)
		out = append(out, row)
	}
	return out
}

// kpiStatus says how m stands against its goal. A goal below the baseline,
// or the time to close, means lower is better; then progress is measured
// from the baseline (or, without one, as goal/current).
func kpiStatus(key string, m metrics.KPI) (status, text string, progress int) {
	switch {
	case m.Goal == nil:
		return "none", "no goal set", -1
	case m.Current == nil:
		return "none", "no data yet", -1
	}
	cur, goal := *m.Current, *m.Goal
	lower := key == metrics.KeyTimeToCloseDays || (m.Baseline != nil && goal < *m.Baseline)
	var met bool
	var p float64
	switch {
	case lower && m.Baseline != nil && *m.Baseline != goal:
		met, p = cur <= goal, (*m.Baseline-cur)/(*m.Baseline-goal)
	case lower:
		met, p = cur <= goal, 1
		if cur > 0 {
			p = goal / cur
		}
	default:
		met, p = cur >= goal, 1
		if goal > 0 {
			p = cur / goal
		}
	}
	progress = int(math.Round(100 * math.Max(0, math.Min(1, p))))
	if met {
		return "met", "goal met", 100
	}
	return "behind", strconv.Itoa(progress) + " % of the way", progress
}

func funnelRows(stages []metrics.FunnelStage) []funnelRow {
	most := 0
	for _, s := range stages {
		most = max(most, s.Count)
	}
	out := make([]funnelRow, 0, len(stages))
	for _, s := range stages {
		w := 0.0
		if most > 0 {
			w = 100 * float64(s.Count) / float64(most)
			if s.Count > 0 {
				w = math.Max(w, 0.5) // a thin bar still says "not zero"
			}
		}
		out = append(out, funnelRow{Key: s.Key, Label: s.Label, Count: formatNumber(s.Count), Width: coord(w)})
	}
	return out
}

// reachChart is the server-rendered SVG bar chart of reach per target
// account: one horizontal bar each, and a vertical line at the goal. All
// coordinates are pre-formatted so the markup is identical run to run.
type reachChart struct {
	Width, Height int
	Bars          []reachBar
	HasGoal       bool
	GoalX         string
	GoalLabel     string
	AxisY         string
	AxisMax       string
	AxisMaxX      string
	PlotLeft      string
	Label         string
}

type reachBar struct {
	Name, FullName, Href string
	Y, TextY, Height     string
	Width, ValueX, Value string
	Met                  bool
}

// Layout of the reach chart, in SVG user units.
const (
	chartWidth    = 760
	chartLeft     = 210 // room for the account names
	chartRight    = 60  // room for the value after the longest bar
	chartTop      = 28  // room for the goal label
	chartRow      = 28
	chartBarInset = 5
	chartNameMax  = 28 // runes of an account name shown beside its bar
)

func newReachChart(rows []metrics.AccountRow, goal *float64) reachChart {
	c := reachChart{Width: chartWidth, Height: chartTop + len(rows)*chartRow + 24, PlotLeft: coord(chartLeft)}
	most := 0.0
	for _, a := range rows {
		most = math.Max(most, float64(a.EngagedContacts))
	}
	if goal != nil {
		most = math.Max(most, *goal)
	}
	// A little headroom past the longest bar or the goal, in whole contacts.
	axisMax := math.Max(1, math.Ceil(most*1.1))
	plot := float64(chartWidth - chartLeft - chartRight)
	x := func(v float64) float64 { return chartLeft + plot*v/axisMax }
	for i, a := range rows {
		y := float64(chartTop + i*chartRow)
		w := plot * float64(a.EngagedContacts) / axisMax
		name := a.Name
		if name == "" {
			name = a.CompanyID
		}
		c.Bars = append(c.Bars, reachBar{
			Name: truncate(name, chartNameMax), FullName: name, Href: accountHref(a.CompanyID),
			Y: coord(y + chartBarInset), Height: coord(chartRow - 2*chartBarInset), TextY: coord(y + chartRow/2 + 4),
			Width: coord(w), ValueX: coord(chartLeft + w + 6), Value: formatNumber(a.EngagedContacts),
			Met: goal != nil && float64(a.EngagedContacts) >= *goal,
		})
	}
	c.AxisY = coord(float64(chartTop + len(rows)*chartRow))
	c.AxisMax, c.AxisMaxX = formatNumber(axisMax), coord(x(axisMax))
	c.Label = fmt.Sprintf("Engaged contacts per target account (%d accounts)", len(rows))
	if goal != nil {
		c.HasGoal, c.GoalX, c.GoalLabel = true, coord(x(*goal)), "goal "+formatNumber(*goal)
		c.Label += ", against the goal of " + formatNumber(*goal)
	}
	return c
}

// coord formats an SVG coordinate with one decimal.
func coord(v float64) string {
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// truncate shortens s to at most n runes, marking a cut with "…".
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// accountView is what account.html renders.
type accountView struct {
	GeneratedAt time.Time
	Row         metrics.AccountRow
	ReachGoal   *float64
	// Committee are the buying-committee candidates; Others the people
	// sources name who are not (imprint, data protection), labelled.
	Committee, Others []contactRow
	// ContactsKnown is false when the server cannot list key contacts.
	ContactsKnown bool
	// LinkedInOrg is the account's LinkedIn organization; nil without a
	// store.
	LinkedInOrg *orgView
}

type contactRow struct {
	KeyContact
	KindLabel string
	Links     []sourceLink
}

type sourceLink struct {
	crm.Provenance
	Href string
}

func newAccountView(rep metrics.Report, id string) (accountView, bool) {
	for _, a := range rep.Accounts {
		if a.CompanyID == id {
			return accountView{GeneratedAt: rep.GeneratedAt, Row: a, ReachGoal: rep.KPIs[metrics.KeyReachPerAccount].Goal}, true
		}
	}
	return accountView{}, false
}

func (v *accountView) addContacts(people []KeyContact) {
	v.ContactsKnown = true
	for _, p := range people {
		row := contactRow{KeyContact: p, KindLabel: kindLabels[p.Kind]}
		if row.KindLabel == "" {
			row.KindLabel = humanize(p.Kind)
		}
		for _, src := range p.Sources {
			row.Links = append(row.Links, sourceLink{Provenance: src, Href: sourceHref(src.URL)})
		}
		if p.Kind == "" {
			v.Committee = append(v.Committee, row)
		} else {
			v.Others = append(v.Others, row)
		}
	}
}
