package metrics

import (
	"maps"
	"testing"
	"time"

	"github.com/abmsync/abmsync/crm"
)

var (
	testNow    = time.Date(2026, 11, 15, 12, 0, 0, 0, time.UTC)
	testWindow = 90 * 24 * time.Hour
	// windowStart is the oldest instant that still counts as engaged.
	windowStart = testNow.Add(-testWindow)
)

func contact(id string, kv ...string) crm.Record {
	return crm.Record{Type: crm.Contacts, ID: id, Properties: props(kv...)}
}

func deal(id string, kv ...string) crm.Record {
	return crm.Record{Type: crm.Deals, ID: id, Properties: props(kv...)}
}

func props(kv ...string) map[string]string {
	m := make(map[string]string, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

func ptr(v float64) *float64 { return &v }

func TestComputeContacts(t *testing.T) {
	t.Parallel()
	iso := func(t time.Time) string { return t.Format(time.RFC3339Nano) }
	tests := []struct {
		name        string
		contacts    []crm.Record
		goal        int
		wantKnown   int
		wantEngaged int
		wantGap     int
	}{
		{"none", nil, 5, 0, 0, 5},
		{"email counts as known", []crm.Record{contact("1", "email", "a@x.example")}, 0, 1, 0, 0},
		{"has_email counts as known", []crm.Record{contact("1", "has_email", "true")}, 0, 1, 0, 0},
		{"linkedin counts as known", []crm.Record{contact("1", "hs_linkedin_url", "https://www.linkedin.com/in/fictional-a")}, 0, 1, 0, 0},
		{"minimised linkedin counts as known", []crm.Record{contact("1", "has_linkedin", "true")}, 0, 1, 0, 0},
		{"blank email and has_email false unknown", []crm.Record{contact("1", "email", " ", "has_email", "false")}, 0, 0, 0, 0},
		{"missing properties", []crm.Record{{Type: crm.Contacts, ID: "1"}}, 1, 0, 0, 1},
		{"window start exactly counts", []crm.Record{contact("1", "notes_last_contacted", iso(windowStart))}, 3, 0, 1, 2},
		{"just before window start", []crm.Record{contact("1", "notes_last_contacted", iso(windowStart.Add(-time.Millisecond)))}, 3, 0, 0, 3},
		{"now exactly counts", []crm.Record{contact("1", "hs_email_last_open_date", iso(testNow))}, 3, 0, 1, 2},
		{"future does not count", []crm.Record{contact("1", "hs_email_last_open_date", iso(testNow.Add(time.Second)))}, 3, 0, 0, 3},
		{"epoch millis", []crm.Record{contact("1", "hs_email_last_open_date", "1790856000000")}, 3, 0, 1, 2},
		// windowStart is 2026-08-17T12:00Z; a date means midnight UTC.
		{"date only inside window", []crm.Record{contact("1", "notes_last_contacted", "2026-08-18")}, 3, 0, 1, 2},
		{"date only before window", []crm.Record{contact("1", "notes_last_contacted", "2026-08-17")}, 3, 0, 0, 3},
		{"either date suffices", []crm.Record{contact("1", "notes_last_contacted", "2025-01-01T00:00:00Z", "hs_email_last_open_date", "2026-11-01T08:00:00.5Z")}, 3, 0, 1, 2},
		{"unparsable date ignored", []crm.Record{contact("1", "notes_last_contacted", "last week")}, 3, 0, 0, 3},
		{"gap clamped at zero", []crm.Record{
			contact("1", "notes_last_contacted", "2026-11-01T00:00:00Z"),
			contact("2", "notes_last_contacted", "2026-11-02T00:00:00Z"),
			contact("3", "notes_last_contacted", "2026-11-03T00:00:00Z"),
		}, 2, 0, 3, 0},
		{"negative goal clamped", nil, -2, 0, 0, 0},
		{"duplicates and archived ignored", []crm.Record{
			contact("1", "email", "a@x.example", "notes_last_contacted", "2026-11-01T00:00:00Z"),
			contact("1", "email", "a@x.example", "notes_last_contacted", "2026-11-01T00:00:00Z"),
			{Type: crm.Contacts, ID: "2", Archived: true, Properties: props("email", "b@x.example")},
		}, 2, 1, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := Settings{ReachGoal: tt.goal, EngagementWindow: testWindow}
			m := Compute(crm.Record{ID: "c"}, tt.contacts, nil, s, testNow)
			if m.KnownContacts != tt.wantKnown || m.EngagedContacts != tt.wantEngaged || m.ReachGap != tt.wantGap || m.ReachGoal != tt.goal {
				t.Errorf("known, engaged, goal, gap = %d, %d, %d, %d; want %d, %d, %d, %d",
					m.KnownContacts, m.EngagedContacts, m.ReachGoal, m.ReachGap, tt.wantKnown, tt.wantEngaged, tt.goal, tt.wantGap)
			}
		})
	}
}

func TestComputeDeals(t *testing.T) {
	t.Parallel()
	wonDeal := func(id, created, closed, amount string) crm.Record {
		return deal(id, "hs_is_closed", "true", "hs_is_closed_won", "true", "dealstage", "closedwon",
			"createdate", created, "closedate", closed, "amount", amount)
	}
	tests := []struct {
		name     string
		deals    []crm.Record
		wantOpen int
		wantWon  int
		wantDays *float64
		wantSize *float64
	}{
		{"none", nil, 0, 0, nil, nil},
		{"open by flags", []crm.Record{deal("1", "hs_is_closed", "false", "dealstage", "closedwon")}, 1, 0, nil, nil},
		{"open by stage when flags absent", []crm.Record{deal("1", "dealstage", "contractsent")}, 1, 0, nil, nil},
		{"open with no properties", []crm.Record{{Type: crm.Deals, ID: "1"}}, 1, 0, nil, nil},
		{"lost by stage", []crm.Record{deal("1", "dealstage", "closedlost")}, 0, 0, nil, nil},
		{"lost by flags in custom pipeline", []crm.Record{deal("1", "hs_is_closed", "TRUE", "hs_is_closed_won", "false", "dealstage", "12345")}, 0, 0, nil, nil},
		{"won by stage when flags absent", []crm.Record{deal("1", "dealstage", "ClosedWon", "amount", "1000")}, 0, 1, nil, ptr(1000)},
		{"won flag beats stage", []crm.Record{deal("1", "hs_is_closed", "true", "hs_is_closed_won", "true", "dealstage", "custom-won")}, 0, 1, nil, nil},
		{"won flag false beats stage", []crm.Record{deal("1", "hs_is_closed", "true", "hs_is_closed_won", "false", "dealstage", "closedwon")}, 0, 0, nil, nil},
		{"days and size", []crm.Record{
			wonDeal("1", "2026-01-01T00:00:00Z", "2026-03-02T00:00:00Z", "40000"), // 60 days
			wonDeal("2", "2026-01-01T00:00:00Z", "2026-03-07T12:00:00Z", "40000"), // 65.5 days
		}, 0, 2, ptr(62.8), ptr(40000)},
		{"days rounded to one decimal", []crm.Record{
			wonDeal("1", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", ""), // 1 day
			wonDeal("2", "2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z", ""), // 2 days
			wonDeal("3", "2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z", ""), // 2 days
		}, 0, 3, ptr(1.7), nil},
		{"size rounded to two decimals", []crm.Record{
			wonDeal("1", "", "", "10"),
			wonDeal("2", "", "", "10"),
			wonDeal("3", "", "", "10.01"),
		}, 0, 3, nil, ptr(10)},
		{"size mean with cents", []crm.Record{
			wonDeal("1", "", "", "100.10"),
			wonDeal("2", "", "", "100.25"),
		}, 0, 2, nil, ptr(100.18)},
		{"mixed date formats", []crm.Record{
			wonDeal("1", "2026-01-01", "1770076800000", "5"), // 2026-02-03T00:00Z: 33 days
		}, 0, 1, ptr(33), ptr(5)},
		{"deals missing a date or amount skipped", []crm.Record{
			wonDeal("1", "2026-01-01T00:00:00Z", "", "abc"),
			wonDeal("2", "", "2026-01-01T00:00:00Z", "NaN"),
			wonDeal("3", "2026-01-01T00:00:00Z", "2026-01-11T00:00:00Z", "2500.5"),
		}, 0, 3, ptr(10), ptr(2500.5)},
		{"close before create skipped", []crm.Record{
			wonDeal("1", "2026-05-01T00:00:00Z", "2026-01-01T00:00:00Z", ""),
		}, 0, 1, nil, nil},
		{"lost deals do not count", []crm.Record{
			deal("1", "dealstage", "closedlost", "createdate", "2026-01-01", "closedate", "2026-12-01", "amount", "99"),
			wonDeal("2", "2026-01-01", "2026-01-21", "1"),
			deal("3", "dealstage", "qualifiedtobuy", "amount", "99"),
		}, 1, 1, ptr(20), ptr(1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := Compute(crm.Record{ID: "c"}, nil, tt.deals, Settings{}, testNow)
			if m.OpenDeals != tt.wantOpen || m.WonDeals != tt.wantWon {
				t.Errorf("open, won = %d, %d; want %d, %d", m.OpenDeals, m.WonDeals, tt.wantOpen, tt.wantWon)
			}
			if !equalPtr(m.AvgDaysToClose, tt.wantDays) {
				t.Errorf("AvgDaysToClose = %v, want %v", deref(m.AvgDaysToClose), deref(tt.wantDays))
			}
			if !equalPtr(m.AvgDealSize, tt.wantSize) {
				t.Errorf("AvgDealSize = %v, want %v", deref(m.AvgDealSize), deref(tt.wantSize))
			}
		})
	}
}

func equalPtr(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func deref(p *float64) any {
	if p == nil {
		return "nil"
	}
	return *p
}

func TestProperties(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		m    Metrics
		want map[string]string
	}{
		{"nil floats clear", Metrics{KnownContacts: 4, EngagedContacts: 2, ReachGoal: 6, ReachGap: 4, OpenDeals: 1}, map[string]string{
			"abm_known_contacts": "4", "abm_engaged_contacts": "2", "abm_reach_goal": "6", "abm_reach_gap": "4",
			"abm_open_deals": "1", "abm_won_deals": "0", "abm_avg_days_to_close": "", "abm_avg_deal_size": "",
		}},
		{"minimal floats", Metrics{WonDeals: 2, AvgDaysToClose: ptr(12.5), AvgDealSize: ptr(40000)}, map[string]string{
			"abm_known_contacts": "0", "abm_engaged_contacts": "0", "abm_reach_goal": "0", "abm_reach_gap": "0",
			"abm_open_deals": "0", "abm_won_deals": "2", "abm_avg_days_to_close": "12.5", "abm_avg_deal_size": "40000",
		}},
		{"large amount without exponent", Metrics{AvgDaysToClose: ptr(0), AvgDealSize: ptr(12345678.9)}, map[string]string{
			"abm_known_contacts": "0", "abm_engaged_contacts": "0", "abm_reach_goal": "0", "abm_reach_gap": "0",
			"abm_open_deals": "0", "abm_won_deals": "0", "abm_avg_days_to_close": "0", "abm_avg_deal_size": "12345678.9",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.m.Properties(); !maps.Equal(got, tt.want) {
				t.Errorf("Properties() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPropertyDefsMatchProperties(t *testing.T) {
	t.Parallel()
	g, defs := Group, PropertyDefs()
	if g.Name != "abm" || g.Label != "ABM (abmsync)" {
		t.Errorf("group = %+v", g)
	}
	props := Metrics{}.Properties()
	if len(defs) != len(props) {
		t.Fatalf("%d defs for %d properties", len(defs), len(props))
	}
	for _, d := range defs {
		if _, ok := props[d.Name]; !ok {
			t.Errorf("def %q has no property", d.Name)
		}
		if d.Type != "number" || d.FieldType != "number" || d.GroupName != "abm" || d.Label == "" || d.Description == "" {
			t.Errorf("def %+v incomplete", d)
		}
	}
}

func TestChangedProperties(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name             string
		want, lastPushed map[string]string
		changed          map[string]string
	}{
		{"first push", map[string]string{"a": "1", "b": ""}, nil, map[string]string{"a": "1"}},
		{"unchanged", map[string]string{"a": "1", "b": ""}, map[string]string{"a": "1", "b": ""}, map[string]string{}},
		{"value changed", map[string]string{"a": "2"}, map[string]string{"a": "1"}, map[string]string{"a": "2"}},
		{"cleared", map[string]string{"a": ""}, map[string]string{"a": "1"}, map[string]string{"a": ""}},
		{"only in last pushed ignored", map[string]string{}, map[string]string{"a": "1"}, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := ChangedProperties(tt.want, tt.lastPushed)
			if got == nil || !maps.Equal(got, tt.changed) {
				t.Errorf("ChangedProperties = %v, want %v", got, tt.changed)
			}
		})
	}
}

// TestComputeIsStable checks that an unchanged account yields nothing to
// push on the next run, whatever time it is.
func TestComputeIsStable(t *testing.T) {
	t.Parallel()
	contacts := []crm.Record{contact("1", "email", "a@x.example", "notes_last_contacted", "2026-11-01T00:00:00Z")}
	deals := []crm.Record{deal("1", "dealstage", "closedwon", "createdate", "2026-01-01", "closedate", "2026-03-01", "amount", "10")}
	s := Settings{ReachGoal: 3, EngagementWindow: testWindow}
	first := Compute(crm.Record{}, contacts, deals, s, testNow).Properties()
	later := Compute(crm.Record{}, contacts, deals, s, testNow.Add(time.Hour)).Properties()
	if c := ChangedProperties(later, first); len(c) != 0 {
		t.Errorf("changed after an hour: %v", c)
	}
}
