package metrics

import (
	"math"
	"slices"
	"time"

	"github.com/abmsync/abmsync/crm"
)

// Cohort selects won deals by closedate: From <= closedate < To. A zero From
// or To leaves that side open; the zero Cohort is all time. Loc is the
// location of calendar questions — days to close and date-only values — and
// nil means UTC.
type Cohort struct {
	From, To time.Time
	Loc      *time.Location
}

// Quarter returns the calendar quarter containing t in loc (nil: UTC): from
// midnight on its first day to midnight on the first day of the next
// quarter, both in loc, with Loc set to loc.
func Quarter(t time.Time, loc *time.Location) Cohort {
	if loc == nil {
		loc = time.UTC
	}
	t = t.In(loc)
	first := time.Month((int(t.Month())-1)/3*3 + 1)
	from := time.Date(t.Year(), first, 1, 0, 0, 0, 0, loc)
	return Cohort{From: from, To: from.AddDate(0, 3, 0), Loc: loc}
}

// Since returns the cohort of deals closed at or after t (e.g. the campaign
// start), with no end, counting days in t's location.
func Since(t time.Time) Cohort {
	return Cohort{From: t, Loc: t.Location()}
}

// Contains reports whether instant t lies in the cohort. A zero t is in the
// cohort only when the cohort is all time.
func (c Cohort) Contains(t time.Time) bool {
	if t.IsZero() {
		return c.allTime()
	}
	return (c.From.IsZero() || !t.Before(c.From)) && (c.To.IsZero() || t.Before(c.To))
}

// String describes the cohort in its location: "all time", "closed from
// 2026-03-01" or "closed 2026-10-01 to 2026-12-31" (the last day included).
func (c Cohort) String() string {
	loc := c.loc()
	day := func(t time.Time) string { return t.In(loc).Format(time.DateOnly) }
	switch {
	case c.allTime():
		return "all time"
	case c.To.IsZero():
		return "closed from " + day(c.From)
	case c.From.IsZero():
		return "closed before " + day(c.To)
	default:
		return "closed " + day(c.From) + " to " + day(c.To.Add(-time.Nanosecond))
	}
}

func (c Cohort) allTime() bool { return c.From.IsZero() && c.To.IsZero() }

func (c Cohort) loc() *time.Location {
	if c.Loc == nil {
		return time.UTC
	}
	return c.Loc
}

// Stats are the won deals of a cohort. The pointers are nil when no deal
// provides the value.
type Stats struct {
	// Won is the number of won deals closed in the cohort.
	Won int `json:"won"`
	// MeanDaysToClose and MedianDaysToClose are over the calendar days from
	// first contact to closedate, rounded to one decimal.
	MeanDaysToClose   *float64 `json:"mean_days_to_close"`
	MedianDaysToClose *float64 `json:"median_days_to_close"`
	// MeanWonAmount is the mean amount of won deals with an amount, rounded
	// to two decimals.
	MeanWonAmount *float64 `json:"mean_won_amount"`
}

// DefaultFirstContactProps are the contact properties FirstContactByDeal
// reads when given none: HubSpot's createdate and hs_sa_first_engagement_date
// (the first logged sales activity, which can predate the record when calls
// or meetings are logged after the fact). notes_last_contacted is not used:
// it is the last contact, not the first.
var DefaultFirstContactProps = []string{"createdate", "hs_sa_first_engagement_date"}

// FirstContactByDeal returns, by deal id, the deal's first contact: the
// earliest of the deal's own createdate (or CreatedAt) and, for every contact
// associated with the deal (Associations[crm.Contacts]) that is in contacts,
// the contact's props (nil: DefaultFirstContactProps) and CreatedAt.
//
// Only the deal's own contacts count, not every contact of the account: an
// existing customer's oldest contact predates a new deal by years, and
// counting from it measured account age, not time to close (the sample
// campaign showed 1,729 days). A deal without associated contacts starts at
// its createdate. Date-only values mean midnight in loc (nil: UTC); archived
// contacts and unparsable values are skipped; archived deals and deals
// without any date are absent. The result is the firstContact argument of
// DealStats.
func FirstContactByDeal(deals, contacts []crm.Record, props []string, loc *time.Location) map[string]time.Time {
	if props == nil {
		props = DefaultFirstContactProps
	}
	byID := make(map[string]crm.Record, len(contacts))
	for _, c := range unique(contacts) {
		byID[c.ID] = c
	}
	out := make(map[string]time.Time)
	for _, d := range unique(deals) {
		first := dealCreated(d, loc)
		for _, id := range d.Associations[crm.Contacts] {
			c, ok := byID[id]
			if !ok {
				continue
			}
			for _, p := range props {
				if t, ok := crm.ParseTimeIn(c.Properties[p], loc); ok {
					first = earliest(first, t)
				}
			}
			first = earliest(first, c.CreatedAt)
		}
		if !first.IsZero() {
			out[d.ID] = first
		}
	}
	return out
}

// DealStats returns the statistics of the won deals closed in cohort. A deal
// is won when hs_is_closed_won is true, or, without that property, when its
// dealstage is closedwon and hs_is_closed is not false (Won). Archived deals and
// repeated ids are ignored.
//
// firstContact maps deal ids to the deal's first contact (see
// FirstContactByDeal); a deal missing from it starts at its own createdate
// (or CreatedAt). Its days to close are the calendar days in cohort.Loc from
// that date to closedate, so a deal created and won on the same day took 0 days.
// A deal closing before its first contact (historic imports) is counted as
// won but left out of the days. A won deal without a parsable closedate
// belongs only to the all-time cohort and contributes no days. Empty and
// unparsable amounts are left out of the mean rather than counted as 0.
func DealStats(deals []crm.Record, firstContact map[string]time.Time, cohort Cohort) Stats {
	loc := cohort.loc()
	var st Stats
	var days, amounts []float64
	for _, d := range unique(deals) {
		if !Won(d) {
			continue
		}
		closedAt, hasClose := crm.ParseTimeIn(d.Properties["closedate"], loc)
		if !cohort.Contains(closedAt) {
			continue
		}
		st.Won++
		if v, ok := parseAmount(d.Properties["amount"]); ok {
			amounts = append(amounts, v)
		}
		if !hasClose {
			continue
		}
		first, ok := firstContact[d.ID]
		if !ok {
			first = dealCreated(d, loc)
		}
		if first.IsZero() || closedAt.Before(first) {
			continue
		}
		days = append(days, float64(calendarDays(first, closedAt, loc)))
	}
	st.MeanDaysToClose = roundedPtr(mean(days), len(days) > 0, 1)
	st.MedianDaysToClose = roundedPtr(median(days), len(days) > 0, 1)
	st.MeanWonAmount = roundedPtr(mean(amounts), len(amounts) > 0, 2)
	return st
}

func dealCreated(d crm.Record, loc *time.Location) time.Time {
	if t, ok := crm.ParseTimeIn(d.Properties["createdate"], loc); ok {
		return t
	}
	return d.CreatedAt
}

// calendarDays returns the number of calendar days in loc from a's date to
// b's date. Counting dates rather than 24-hour periods keeps a DST switch
// (a 23- or 25-hour day) from changing the count.
func calendarDays(a, b time.Time, loc *time.Location) int {
	ya, ma, da := a.In(loc).Date()
	yb, mb, db := b.In(loc).Date()
	ua := time.Date(ya, ma, da, 0, 0, 0, 0, time.UTC)
	ub := time.Date(yb, mb, db, 0, 0, 0, 0, time.UTC)
	return int(ub.Sub(ua).Hours() / 24)
}

// earliest returns the earlier of a and b, treating zero as unknown.
func earliest(a, b time.Time) time.Time {
	if a.IsZero() || !b.IsZero() && b.Before(a) {
		return b
	}
	return a
}

func mean(vs []float64) float64 {
	var sum float64
	for _, v := range vs {
		sum += v
	}
	if len(vs) == 0 {
		return 0
	}
	return sum / float64(len(vs))
}

func median(vs []float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// round rounds v to the given decimals, half away from zero, normalising -0.
func round(v float64, decimals int) float64 {
	p := math.Pow10(decimals)
	r := math.Round(v*p) / p
	if r == 0 {
		return 0
	}
	return r
}

// roundedPtr returns &round(v) when ok, else nil.
func roundedPtr(v float64, ok bool, decimals int) *float64 {
	if !ok {
		return nil
	}
	r := round(v, decimals)
	return &r
}
