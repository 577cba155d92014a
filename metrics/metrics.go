package metrics

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/abmsync/abmsync/crm"
)

// The company property names abmsync writes. They are part of the CRM
// contract (reports and lists are built on them): never rename one.
const (
	PropKnownContacts   = "abm_known_contacts"
	PropEngagedContacts = "abm_engaged_contacts"
	PropReachGoal       = "abm_reach_goal"
	PropReachGap        = "abm_reach_gap"
	PropOpenDeals       = "abm_open_deals"
	PropWonDeals        = "abm_won_deals"

	// PropAvgDaysToClose counts from the deal's createdate, not from first
	// contact as the campaign's time-to-close KPI does.
	//
	// Deprecated: the CRM property is still written for one release so that
	// reports built on it keep working; use PropDaysToCloseMean.
	PropAvgDaysToClose = "abm_avg_days_to_close"
	// PropAvgDealSize is over all won deals, not the report cohort.
	//
	// Deprecated: the CRM property is still written for one release so that
	// reports built on it keep working; use PropWonAmountMean.
	PropAvgDealSize = "abm_avg_deal_size"
)

// Metrics are one account's ABM metrics. The pointer fields are nil when no
// deal provides the data; Properties writes them as "" so that a stale value
// is cleared in the CRM.
type Metrics struct {
	KnownContacts   int
	EngagedContacts int
	ReachGoal       int
	ReachGap        int
	OpenDeals       int
	WonDeals        int
	// AvgDaysToClose is the mean days from createdate to closedate of won
	// deals, rounded to one decimal: the deprecated abm_avg_days_to_close.
	// The campaign's time to close counts from first contact (DealStats).
	AvgDaysToClose *float64
	// AvgDealSize is the mean amount of won deals, rounded to two decimals:
	// the deprecated abm_avg_deal_size. The campaign's deal size is over the
	// report cohort (DealStats).
	AvgDealSize *float64
}

// Compute returns the metrics of company from the contacts and deals
// associated with it, as of now. Archived records are ignored, and a record
// listed twice (same non-empty id) counts once, because a contact associated
// with the company through two association labels is still one person.
// company is not read by the v1 metrics; it is part of the signature so that
// per-account settings need no API change. See the package doc for the
// definitions.
func Compute(company crm.Record, contacts, deals []crm.Record, s Settings, now time.Time) Metrics {
	m := Metrics{ReachGoal: s.ReachGoal}
	from := now.Add(-s.EngagementWindow)

	for _, c := range unique(contacts) {
		// Reachable: an address, a profile, or a colleague who knows them.
		if hasEmail(c) || HasLinkedIn(c) || strings.TrimSpace(c.Properties[PropWarmPaths]) != "" {
			m.KnownContacts++
		}
		if engaged(c, from, now) {
			m.EngagedContacts++
		}
	}
	m.ReachGap = max(m.ReachGoal-m.EngagedContacts, 0)

	var days, amounts []float64
	for _, d := range unique(deals) {
		if Won(d) {
			m.WonDeals++
			if v, ok := daysToClose(d); ok {
				days = append(days, v)
			}
			if v, ok := parseAmount(d.Properties["amount"]); ok {
				amounts = append(amounts, v)
			}
		} else if !closed(d) {
			m.OpenDeals++
		}
	}
	m.AvgDaysToClose = meanRounded(days, 1)
	m.AvgDealSize = meanRounded(amounts, 2)
	return m
}

// Properties returns the metrics as CRM company property values: integers as
// decimal strings, floats in their shortest form ("12.5", "40000"), and ""
// for a nil float, which clears the property in HubSpot. It contains no
// time-varying value, so an unchanged account yields an identical map and
// ChangedProperties sends nothing.
func (m Metrics) Properties() map[string]string {
	return map[string]string{
		PropKnownContacts:   strconv.Itoa(m.KnownContacts),
		PropEngagedContacts: strconv.Itoa(m.EngagedContacts),
		PropReachGoal:       strconv.Itoa(m.ReachGoal),
		PropReachGap:        strconv.Itoa(m.ReachGap),
		PropOpenDeals:       strconv.Itoa(m.OpenDeals),
		PropWonDeals:        strconv.Itoa(m.WonDeals),
		PropAvgDaysToClose:  formatFloat(m.AvgDaysToClose),
		PropAvgDealSize:     formatFloat(m.AvgDealSize),
	}
}

// ChangedProperties returns the entries of want whose value differs from
// lastPushed, the values last written successfully. A property missing from
// lastPushed counts as changed unless want is "" (clearing a property that
// was never written is a no-op). Properties only in lastPushed are not
// returned: abmsync never clears what it no longer computes. The result is
// non-nil; empty means nothing to write.
func ChangedProperties(want, lastPushed map[string]string) map[string]string {
	out := make(map[string]string)
	for k, v := range want {
		old, ok := lastPushed[k]
		if ok && old == v || !ok && v == "" {
			continue
		}
		out[k] = v
	}
	return out
}

// unique drops archived records and repeated ids, keeping the first.
func unique(rs []crm.Record) []crm.Record {
	seen := make(map[string]bool, len(rs))
	out := make([]crm.Record, 0, len(rs))
	for _, r := range rs {
		if r.Archived {
			continue
		}
		if r.ID != "" {
			if seen[r.ID] {
				continue
			}
			seen[r.ID] = true
		}
		out = append(out, r)
	}
	return out
}

// engaged reports whether contact c was last contacted or last opened an
// e-mail within [from, now]. Future dates (clock skew, bad imports) do not
// count: engagement cannot have happened yet.
func engaged(c crm.Record, from, now time.Time) bool {
	for _, p := range []string{"notes_last_contacted", "hs_email_last_open_date"} {
		t, ok := crm.ParseTime(c.Properties[p])
		if ok && !t.Before(from) && !t.After(now) {
			return true
		}
	}
	return false
}

// closed reports whether deal d is closed. hs_is_closed is HubSpot's own
// calculation and also knows custom pipelines' closed stages; the default
// pipeline's stage ids are the fallback for sources without it (CSV files).
func closed(d crm.Record) bool {
	if v := strings.TrimSpace(d.Properties["hs_is_closed"]); v != "" {
		return isTrue(v)
	}
	switch stage(d) {
	case "closedwon", "closedlost":
		return true
	}
	return false
}

// Won reports whether deal d is closed won, preferring HubSpot's
// hs_is_closed_won (true in any case) over the default pipeline's stage id
// (closedwon, any case). A deal HubSpot reports as not closed
// (hs_is_closed false) is never won, whatever its stage says, so that no
// deal counts as both open and won. It is the one rule behind every won
// count, days to close and deal size of this package.
func Won(d crm.Record) bool {
	if v := strings.TrimSpace(d.Properties["hs_is_closed_won"]); v != "" {
		return isTrue(v)
	}
	if v := strings.TrimSpace(d.Properties["hs_is_closed"]); v != "" && !isTrue(v) {
		return false
	}
	return stage(d) == "closedwon"
}

func stage(d crm.Record) string {
	return strings.ToLower(strings.TrimSpace(d.Properties["dealstage"]))
}

// daysToClose returns the days from createdate to closedate of deal d. A
// close date before the create date (deals imported with historic close
// dates) is skipped, because it says nothing about how long selling took and
// would drag the mean below zero.
func daysToClose(d crm.Record) (float64, bool) {
	created, ok1 := crm.ParseTime(d.Properties["createdate"])
	closedAt, ok2 := crm.ParseTime(d.Properties["closedate"])
	if !ok1 || !ok2 || closedAt.Before(created) {
		return 0, false
	}
	return closedAt.Sub(created).Hours() / 24, true
}

// parseAmount parses a deal amount; empty, unparsable and non-finite values
// are skipped rather than counted as 0, which would understate the mean.
func parseAmount(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// meanRounded returns the mean of vs rounded to the given decimals, or nil
// for no values.
func meanRounded(vs []float64, decimals int) *float64 {
	return roundedPtr(mean(vs), len(vs) > 0, decimals)
}

// formatFloat formats v in its shortest decimal form without exponent, or ""
// for nil.
func formatFloat(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// hasEmail reports whether contact c has an e-mail address, whether it still
// carries the address or only its minimised has_email flag.
func hasEmail(c crm.Record) bool {
	return strings.TrimSpace(c.Properties["email"]) != "" || isTrue(c.Properties["has_email"])
}

// HasLinkedIn reports whether contact c has a LinkedIn profile URL, whether
// it still carries the URL or only its minimised has_linkedin flag.
func HasLinkedIn(c crm.Record) bool {
	return strings.TrimSpace(c.Properties["hs_linkedin_url"]) != "" || isTrue(c.Properties["has_linkedin"])
}
