package metrics

import (
	"testing"
	"time"
	_ "time/tzdata" // Europe/Vienna without the system zoneinfo

	"github.com/abmsync/abmsync/crm"
)

func vienna(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Vienna")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// dealOf returns a deal of companies; kv are property name/value pairs.
func dealOf(id string, companies []string, kv ...string) crm.Record {
	d := crm.Record{Type: crm.Deals, ID: id, Properties: map[string]string{}}
	for i := 0; i+1 < len(kv); i += 2 {
		d.Properties[kv[i]] = kv[i+1]
	}
	if companies != nil {
		d.Associations = map[crm.ObjectType][]string{crm.Companies: companies}
	}
	return d
}

// wonDeal returns a deal won at closed, created at created ("" for none).
func wonDeal(id, created, closed, amount string, companies ...string) crm.Record {
	return dealOf(id, companies, "hs_is_closed_won", "true", "createdate", created, "closedate", closed, "amount", amount)
}

func f64(v float64) *float64 { return &v }

func eqPtr(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func fmtPtr(v *float64) string { return num(v) }

func TestQuarter(t *testing.T) {
	t.Parallel()
	vie := vienna(t)
	tests := []struct {
		name     string
		t        time.Time
		loc      *time.Location
		from, to time.Time
	}{
		{"Q1 in Vienna", utc("2026-02-10T12:00:00Z"), vie, utc("2025-12-31T23:00:00Z"), utc("2026-03-31T22:00:00Z")},
		{"31 March 22:30 UTC is Q2 in Vienna", utc("2026-03-31T22:30:00Z"), vie, utc("2026-03-31T22:00:00Z"), utc("2026-06-30T22:00:00Z")},
		{"31 March 22:30 UTC is Q1 in UTC", utc("2026-03-31T22:30:00Z"), nil, utc("2026-01-01T00:00:00Z"), utc("2026-04-01T00:00:00Z")},
		{"Q4 ends next year", utc("2026-11-15T00:00:00Z"), time.UTC, utc("2026-10-01T00:00:00Z"), utc("2027-01-01T00:00:00Z")},
		{"first instant of a quarter", utc("2026-06-30T22:00:00Z"), vie, utc("2026-06-30T22:00:00Z"), utc("2026-09-30T22:00:00Z")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := Quarter(tt.t, tt.loc)
			if !c.From.Equal(tt.from) || !c.To.Equal(tt.to) {
				t.Errorf("Quarter = [%v, %v), want [%v, %v)", c.From.UTC(), c.To.UTC(), tt.from, tt.to)
			}
			if c.Loc == nil {
				t.Error("Loc nil")
			}
		})
	}
}

func TestCohortContains(t *testing.T) {
	t.Parallel()
	q := Quarter(utc("2026-02-10T00:00:00Z"), vienna(t))
	tests := []struct {
		name string
		c    Cohort
		t    time.Time
		want bool
	}{
		{"at From", q, q.From, true},
		{"just before From", q, q.From.Add(-time.Nanosecond), false},
		{"just before To", q, q.To.Add(-time.Nanosecond), true},
		{"at To", q, q.To, false},
		{"zero time outside a bounded cohort", q, time.Time{}, false},
		{"zero time in all time", Cohort{}, time.Time{}, true},
		{"anything in all time", Cohort{}, utc("1999-01-01T00:00:00Z"), true},
		{"Since: at start", Since(utc("2026-01-15T00:00:00Z")), utc("2026-01-15T00:00:00Z"), true},
		{"Since: before start", Since(utc("2026-01-15T00:00:00Z")), utc("2026-01-14T23:59:59Z"), false},
		{"Since: far future", Since(utc("2026-01-15T00:00:00Z")), utc("2099-01-01T00:00:00Z"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.c.Contains(tt.t); got != tt.want {
				t.Errorf("Contains(%v) = %v, want %v", tt.t, got, tt.want)
			}
		})
	}
}

func TestDealStats(t *testing.T) {
	t.Parallel()
	vie := vienna(t)
	q1 := Quarter(utc("2026-02-01T00:00:00Z"), vie)
	archived := wonDeal("a", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "99999")
	archived.Archived = true
	tests := []struct {
		name   string
		deals  []crm.Record
		first  map[string]time.Time
		cohort Cohort
		want   Stats
	}{
		{"no deals", nil, nil, Cohort{}, Stats{}},
		{"calendar days, not 24h periods",
			[]crm.Record{wonDeal("1", "2026-01-01T10:00:00Z", "2026-01-11T09:00:00Z", "1000")}, nil, Cohort{},
			Stats{Won: 1, MeanDaysToClose: f64(10), MedianDaysToClose: f64(10), MeanWonAmount: f64(1000)}},
		{"same day is 0 days",
			[]crm.Record{wonDeal("1", "2026-01-01T08:00:00Z", "2026-01-01T17:00:00Z", "")}, nil, Cohort{},
			Stats{Won: 1, MeanDaysToClose: f64(0), MedianDaysToClose: f64(0)}},
		{"deal's first contact earlier than the deal",
			[]crm.Record{wonDeal("1", "2026-01-01T10:00:00Z", "2026-01-11T09:00:00Z", "", "c1")},
			map[string]time.Time{"1": utc("2025-12-22T15:00:00Z")}, Cohort{},
			Stats{Won: 1, MeanDaysToClose: f64(20), MedianDaysToClose: f64(20)}},
		{"first contact of another deal ignored",
			[]crm.Record{wonDeal("1", "2026-01-01T10:00:00Z", "2026-01-11T09:00:00Z", "", "c1")},
			map[string]time.Time{"2": utc("2020-01-01T00:00:00Z")}, Cohort{},
			Stats{Won: 1, MeanDaysToClose: f64(10), MedianDaysToClose: f64(10)}},
		{"deal CreatedAt when createdate missing",
			[]crm.Record{func() crm.Record {
				d := wonDeal("1", "", "2026-01-11T09:00:00Z", "")
				d.CreatedAt = utc("2026-01-09T09:00:00Z")
				return d
			}()}, nil, Cohort{},
			Stats{Won: 1, MeanDaysToClose: f64(2), MedianDaysToClose: f64(2)}},
		{"mean and even median, amounts skip blanks",
			[]crm.Record{
				wonDeal("1", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "1000"),
				wonDeal("2", "2026-01-01T00:00:00Z", "2026-01-11T00:00:00Z", ""),
				wonDeal("3", "2026-01-01T00:00:00Z", "2026-01-21T00:00:00Z", "abc"),
				wonDeal("4", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "2000.5"),
			}, nil, Cohort{},
			Stats{Won: 4, MeanDaysToClose: f64(15.5), MedianDaysToClose: f64(15), MeanWonAmount: f64(1500.25)}},
		{"odd median",
			[]crm.Record{
				wonDeal("1", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", ""),
				wonDeal("2", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z", ""),
				wonDeal("3", "2026-01-01T00:00:00Z", "2026-01-31T00:00:00Z", ""),
			}, nil, Cohort{},
			Stats{Won: 3, MeanDaysToClose: f64(11.3), MedianDaysToClose: f64(3)}},
		{"only won deals count",
			[]crm.Record{
				dealOf("1", nil, "dealstage", "closedwon", "createdate", "2026-01-01", "closedate", "2026-01-05", "amount", "10"),
				dealOf("2", nil, "dealstage", "closedwon", "hs_is_closed", "false", "closedate", "2026-01-05", "amount", "20"),
				dealOf("3", nil, "dealstage", "closedwon", "hs_is_closed_won", "false", "closedate", "2026-01-05", "amount", "30"),
				dealOf("4", nil, "dealstage", "closedlost", "closedate", "2026-01-05", "amount", "40"),
				dealOf("5", nil, "dealstage", "custom123", "hs_is_closed_won", "TRUE", "closedate", "2026-01-05", "amount", "50"),
			}, nil, Cohort{},
			Stats{Won: 2, MeanDaysToClose: f64(4), MedianDaysToClose: f64(4), MeanWonAmount: f64(30)}},
		{"archived and duplicate ignored",
			[]crm.Record{archived, wonDeal("1", "2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z", "10"),
				wonDeal("1", "2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z", "10")}, nil, Cohort{},
			Stats{Won: 1, MeanDaysToClose: f64(2), MedianDaysToClose: f64(2), MeanWonAmount: f64(10)}},
		{"closing before first contact: won, no days",
			[]crm.Record{wonDeal("1", "2026-02-01T00:00:00Z", "2025-06-01T00:00:00Z", "10")}, nil, Cohort{},
			Stats{Won: 1, MeanWonAmount: f64(10)}},
		{"won without closedate: all-time cohort only, no days",
			[]crm.Record{wonDeal("1", "2026-01-01T00:00:00Z", "", "10")}, nil, Cohort{},
			Stats{Won: 1, MeanWonAmount: f64(10)}},
		{"won without closedate: not in a quarter",
			[]crm.Record{wonDeal("1", "2026-01-01T00:00:00Z", "", "10")}, nil, q1, Stats{}},
		{"cohort edges in Vienna",
			[]crm.Record{
				wonDeal("from", "2025-12-01T00:00:00Z", "2025-12-31T23:00:00Z", "1"),      // 1 Jan 00:00 CET: in
				wonDeal("before", "2025-12-01T00:00:00Z", "2025-12-31T22:59:59Z", "1000"), // 31 Dec: out
				wonDeal("last", "2026-03-01T00:00:00Z", "2026-03-31T21:59:59Z", "3"),      // 31 Mar 23:59:59 CEST: in
				wonDeal("to", "2026-03-01T00:00:00Z", "2026-03-31T22:00:00Z", "1000"),     // 1 Apr 00:00 CEST: out
				wonDeal("dateonly-in", "2026-03-01", "2026-03-31", "2"),                   // 31 Mar in Vienna: in
				wonDeal("dateonly-out", "2026-03-01", "2026-04-01", "1000"),               // 1 Apr in Vienna: out
			}, nil, q1,
			Stats{Won: 3, MeanDaysToClose: f64(30.3), MedianDaysToClose: f64(30), MeanWonAmount: f64(2)}},
		{"same edges in UTC",
			[]crm.Record{
				wonDeal("vienna-new-year", "2025-12-01T00:00:00Z", "2025-12-31T23:00:00Z", "1"),
				wonDeal("vienna-april", "2026-03-01T00:00:00Z", "2026-03-31T22:00:00Z", "3"),
				wonDeal("utc-april", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", "1000"),
			}, nil, Quarter(utc("2026-02-01T00:00:00Z"), time.UTC),
			Stats{Won: 1, MeanDaysToClose: f64(30), MedianDaysToClose: f64(30), MeanWonAmount: f64(3)}},
		{"DST spring forward in Vienna: 24 hours span 2 calendar days",
			// 28 Mar 23:30 CET -> 30 Mar 00:30 CEST
			[]crm.Record{wonDeal("1", "2026-03-28T22:30:00Z", "2026-03-29T22:30:00Z", "")}, nil, Cohort{Loc: vie},
			Stats{Won: 1, MeanDaysToClose: f64(2), MedianDaysToClose: f64(2)}},
		{"same deal counted in UTC: 1 day",
			[]crm.Record{wonDeal("1", "2026-03-28T22:30:00Z", "2026-03-29T22:30:00Z", "")}, nil, Cohort{},
			Stats{Won: 1, MeanDaysToClose: f64(1), MedianDaysToClose: f64(1)}},
		{"DST fall back in Vienna: 25 hours span 1 calendar day",
			// 25 Oct 00:30 CEST -> 26 Oct 00:30 CET
			[]crm.Record{wonDeal("1", "2026-10-24T22:30:00Z", "2026-10-25T23:30:00Z", "")}, nil, Cohort{Loc: vie},
			Stats{Won: 1, MeanDaysToClose: f64(1), MedianDaysToClose: f64(1)}},
		{"DST week in Vienna from date-only values",
			[]crm.Record{wonDeal("1", "2026-03-27", "2026-04-03", "")}, nil, Cohort{Loc: vie},
			Stats{Won: 1, MeanDaysToClose: f64(7), MedianDaysToClose: f64(7)}},
		{"epoch milliseconds",
			[]crm.Record{wonDeal("1", "1767225600000", "1768089600000", "5")}, nil, Cohort{}, // 2026-01-01 -> 2026-01-11
			Stats{Won: 1, MeanDaysToClose: f64(10), MedianDaysToClose: f64(10), MeanWonAmount: f64(5)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := DealStats(tt.deals, tt.first, tt.cohort)
			if got.Won != tt.want.Won || !eqPtr(got.MeanDaysToClose, tt.want.MeanDaysToClose) ||
				!eqPtr(got.MedianDaysToClose, tt.want.MedianDaysToClose) || !eqPtr(got.MeanWonAmount, tt.want.MeanWonAmount) {
				t.Errorf("DealStats = {Won %d mean %s median %s amount %s}, want {Won %d mean %s median %s amount %s}",
					got.Won, fmtPtr(got.MeanDaysToClose), fmtPtr(got.MedianDaysToClose), fmtPtr(got.MeanWonAmount),
					tt.want.Won, fmtPtr(tt.want.MeanDaysToClose), fmtPtr(tt.want.MedianDaysToClose), fmtPtr(tt.want.MeanWonAmount))
			}
		})
	}
}

func TestFirstContactByDeal(t *testing.T) {
	t.Parallel()
	vie := vienna(t)
	c := func(id string, kv ...string) crm.Record {
		r := dealOf(id, []string{"acme"}, kv...)
		r.Type = crm.Contacts
		return r
	}
	withContacts := func(d crm.Record, ids ...string) crm.Record {
		if d.Associations == nil {
			d.Associations = map[crm.ObjectType][]string{}
		}
		d.Associations[crm.Contacts] = ids
		return d
	}
	archived := c("old", "createdate", "2020-01-01T00:00:00Z")
	archived.Archived = true
	noProps := c("np")
	noProps.CreatedAt = utc("2026-02-02T00:00:00Z")
	contacts := []crm.Record{
		c("1", "createdate", "2026-01-05T00:00:00Z", "hs_sa_first_engagement_date", "2025-12-20T09:00:00Z"),
		c("2", "createdate", "2026-01-01T00:00:00Z", "notes_last_contacted", "2020-01-01T00:00:00Z"),
		c("3", "createdate", "not a date"),
		archived,
		noProps,
		c("4", "createdate", "2026-03-29"),
		// The account's oldest contact, on no deal: must not count.
		c("5", "createdate", "2015-01-01T00:00:00Z"),
	}
	noDate := withContacts(dealOf("nodate", nil), "3")
	deals := []crm.Record{
		withContacts(wonDeal("d1", "2026-01-10T00:00:00Z", "2026-03-01T00:00:00Z", "", "acme"), "1", "2"),
		withContacts(wonDeal("d2", "2026-01-10T00:00:00Z", "2026-03-01T00:00:00Z", "", "acme"), "3", "old", "missing"),
		withContacts(wonDeal("d3", "2026-04-10T00:00:00Z", "2026-05-01T00:00:00Z", "", "acme"), "4", "np"),
		wonDeal("d4", "2026-04-10", "2026-05-01T00:00:00Z", "", "acme"),
		noDate,
	}
	got := FirstContactByDeal(deals, contacts, nil, vie)
	want := map[string]time.Time{
		"d1": utc("2025-12-20T09:00:00Z"), // contact 1's first engagement
		"d2": utc("2026-01-10T00:00:00Z"), // bad date, archived, unknown contact: the deal's own createdate
		"d3": utc("2026-02-02T00:00:00Z"), // record CreatedAt of contact np
		"d4": utc("2026-04-09T22:00:00Z"), // date-only: midnight in Vienna, CEST
	}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for k, w := range want {
		if !got[k].Equal(w) {
			t.Errorf("%s: got %v, want %v", k, got[k], w)
		}
	}

	only := FirstContactByDeal(deals[:1], contacts, []string{"createdate"}, nil)
	if w := utc("2026-01-01T00:00:00Z"); !only["d1"].Equal(w) {
		t.Errorf("createdate only: got %v, want %v", only["d1"], w)
	}
	// Through DealStats: d1 took 71 days from contact 1's first engagement
	// (20 Dec in Vienna) to 1 March, not counted from contact 5 in 2015.
	st := DealStats(deals[:1], got, Cohort{Loc: vie})
	if st.MeanDaysToClose == nil || *st.MeanDaysToClose != 71 {
		t.Errorf("DealStats mean days = %v, want 71", st.MeanDaysToClose)
	}
}

func TestCohortString(t *testing.T) {
	t.Parallel()
	vie := vienna(t)
	tests := []struct {
		c    Cohort
		want string
	}{
		{Cohort{}, "all time"},
		{Cohort{Loc: vie}, "all time"},
		{Since(time.Date(2026, 3, 1, 0, 0, 0, 0, vie)), "closed from 2026-03-01"},
		// Q4 in Vienna ends at midnight 1 January: the last day shown is 31 December.
		{Quarter(utc("2026-11-27T10:00:00Z"), vie), "closed 2026-10-01 to 2026-12-31"},
		// 31 March 23:30 UTC is 1 April in Vienna: Q2.
		{Quarter(utc("2026-03-31T23:30:00Z"), vie), "closed 2026-04-01 to 2026-06-30"},
		{Cohort{To: utc("2026-01-01T00:00:00Z")}, "closed before 2026-01-01"},
	}
	for _, tt := range tests {
		if got := tt.c.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.c, got, tt.want)
		}
	}
}
