package metrics

import (
	"math"
	"strings"
	"time"

	"github.com/abmsync/abmsync/crm"
)

// Signals are one account's engagement signals counted over the engagement
// window the caller chose (e.g. the last 30 days).
type Signals struct {
	Visits              int // website visits from the account
	EngagedContacts     int // associated contacts engaged in the window
	LinkedInEngagements int // LinkedIn reactions, comments, clicks; 0 when not synced
	FormSubmissions     int // form submissions by the account's contacts
	Meetings            int // meetings held with the account's contacts
}

// EngagementWeights are the points one unit of each signal adds to the
// engagement score: with Meetings 20, two meetings add 40 points.
type EngagementWeights struct {
	Visits, EngagedContacts, LinkedInEngagements, FormSubmissions, Meetings float64
}

// DefaultEngagementWeights returns the weights used when the campaign
// configures none: 1 point per visit, 10 per engaged contact, 2 per
// LinkedIn engagement, 10 per form submission and 20 per meeting. With them
// an account reaches 100 with, for example, 2 meetings, 3 engaged contacts
// and 30 visits.
func DefaultEngagementWeights() EngagementWeights {
	return EngagementWeights{Visits: 1, EngagedContacts: 10, LinkedInEngagements: 2, FormSubmissions: 10, Meetings: 20}
}

// EngagementScore returns the account's engagement score on a 0–100 scale:
// the sum over signals of count × weight, capped at 100 and rounded to one
// decimal. The scale is linear so that a score can be explained as "points
// per signal"; the cap keeps one very active account from dominating
// averages and makes the MQA threshold an intuitive percentage. Negative
// counts and negative or non-finite weights count as 0, so the score is never
// below 0.
func EngagementScore(sig Signals, w EngagementWeights) float64 {
	term := func(n int, weight float64) float64 {
		if n <= 0 || !(weight > 0) || math.IsInf(weight, 0) {
			return 0
		}
		return float64(n) * weight
	}
	s := term(sig.Visits, w.Visits) +
		term(sig.EngagedContacts, w.EngagedContacts) +
		term(sig.LinkedInEngagements, w.LinkedInEngagements) +
		term(sig.FormSubmissions, w.FormSubmissions) +
		term(sig.Meetings, w.Meetings)
	if s > 100 {
		return 100
	}
	return round(s, 1)
}

// MQA reports whether an account with engagement score is a marketing
// qualified account and since when. An account qualifies when score is
// positive and at least threshold (an account with no engagement never
// qualifies, whatever the threshold). since keeps prevSince, the date of the
// first crossing, for as long as the account stays qualified; it is now when
// the account qualifies anew (prevSince zero or after now, i.e. not a
// plausible earlier crossing), and zero when the account is not an MQA, so
// that a later crossing starts a new period. A NaN score is not an MQA.
func MQA(score, threshold float64, prevSince time.Time, now time.Time) (isMQA bool, since time.Time) {
	if !(score > 0) || !(score >= threshold) {
		return false, time.Time{}
	}
	if prevSince.IsZero() || prevSince.After(now) {
		return true, now
	}
	return true, prevSince
}

// sqlStages are HubSpot's internal lifecycle stage values from
// salesqualifiedlead on, in HubSpot's order.
var sqlStages = map[string]bool{
	"salesqualifiedlead": true,
	"opportunity":        true,
	"customer":           true,
	"evangelist":         true,
}

// IsSQLStage reports whether a lifecyclestage value (HubSpot's internal
// value, any case, surrounding space ignored) is salesqualifiedlead or
// later: salesqualifiedlead, opportunity, customer or evangelist. Evangelist
// is included because HubSpot orders it after customer and a contact only
// becomes one after having been a customer; excluding it would make an
// account drop out of accounts_with_sqls when its champion becomes an
// advocate. "other" and custom stages (numeric ids) have no place in the
// order and do not count.
func IsSQLStage(stage string) bool {
	return sqlStages[strings.ToLower(strings.TrimSpace(stage))]
}

// SQLContacts returns the number of contacts whose lifecyclestage passes
// IsSQLStage. Archived contacts are ignored and a contact listed twice (same
// non-empty id) counts once.
func SQLContacts(contacts []crm.Record) int {
	n := 0
	for _, c := range unique(contacts) {
		if IsSQLStage(c.Properties["lifecyclestage"]) {
			n++
		}
	}
	return n
}

// reportSQLStages are the stages accounts_with_sqls counts, as the campaign
// defines the KPI: salesqualifiedlead, opportunity, customer. Evangelist is
// left out on purpose here (unlike IsSQLStage): the KPI asks for accounts
// in the sales process, and an account whose only such contact is an
// advocate is counted under advocates instead.
var reportSQLStages = map[string]bool{"salesqualifiedlead": true, "opportunity": true, "customer": true}

// HasSQLContact reports whether any live contact is in lifecycle stage
// salesqualifiedlead, opportunity or customer: the account counts in the
// accounts_with_sqls KPI.
func HasSQLContact(contacts []crm.Record) bool {
	for _, c := range unique(contacts) {
		if reportSQLStages[strings.ToLower(strings.TrimSpace(c.Properties["lifecyclestage"]))] {
			return true
		}
	}
	return false
}

// ContactsWithDateIn returns the number of live contacts whose date property
// prop lies in [from, now]. It counts contacts, not events: HubSpot keeps
// the latest form submission (recent_conversion_date) and the latest
// meeting (hs_latest_meeting_activity) on the contact, not a history, so
// two forms by one person in the window count once.
func ContactsWithDateIn(contacts []crm.Record, prop string, from, now time.Time) int {
	n := 0
	for _, c := range unique(contacts) {
		t, ok := crm.ParseTimeIn(c.Properties[prop], nil)
		if ok && !t.Before(from) && !t.After(now) {
			n++
		}
	}
	return n
}
