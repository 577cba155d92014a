package config

import (
	"fmt"
	"time"
)

// ReportConfig shapes the KPI report and the per-account deal properties.
type ReportConfig struct {
	// Cohort selects the won deals of time_to_close_days, avg_deal_size and
	// the per-account abm_days_to_close_* and abm_won_amount_mean: "all"
	// (default, all time), "campaign" (closed on or after campaign.start) or
	// "quarter" (closed in the current calendar quarter).
	Cohort string `yaml:"cohort"`
	// Timezone is where calendar days and quarters are counted, an IANA
	// name such as Europe/Vienna (default UTC).
	Timezone string `yaml:"timezone"`
	// TrendDays is how far back the previous value of a KPI's trend lies
	// (default 30): the trend is the current value minus the daily snapshot
	// taken that many days ago (or the latest one before).
	TrendDays int `yaml:"trend_days"`
	// FirstContactProperties are the contact date properties that count as
	// first contact, besides the deal's createdate (default createdate,
	// hs_sa_first_engagement_date).
	FirstContactProperties []string `yaml:"first_contact_properties"`
}

// NPSConfig says where survey answers come from besides `abmsync import
// nps` and how long they count.
type NPSConfig struct {
	// ContactProperty is a contact property holding a 0-10 answer (written
	// by a survey tool; HubSpot's own NPS surveys keep the last answer on
	// the contact). Empty: answers come from imports only.
	ContactProperty string `yaml:"contact_property"`
	// DateProperty dates ContactProperty's answer; empty: the contact's
	// last modification.
	DateProperty string `yaml:"date_property"`
	// WindowDays is how far back answers count (default 365).
	WindowDays int `yaml:"window_days"`
}

// ReferralsConfig names the portal's referral properties: HubSpot has no
// built-in person-to-person referral source.
type ReferralsConfig struct {
	// SourceProperty is the contact and deal property holding the source
	// (default lead_source); "" switches referrals off (nothing is read).
	SourceProperty string `yaml:"source_property"`
	// Values are the source values that mean a referral, any case (default
	// referral, customer_referral).
	Values []string `yaml:"values"`
	// ReferrerProperty holds the referring account: company id, domain or
	// name (default referred_by; "" reads none).
	ReferrerProperty string `yaml:"referrer_property"`
}

func defaultReport() ReportConfig {
	return ReportConfig{Cohort: "all", Timezone: "UTC", TrendDays: 30,
		FirstContactProperties: []string{"createdate", "hs_sa_first_engagement_date"}}
}

func defaultReferrals() ReferralsConfig {
	return ReferralsConfig{SourceProperty: "lead_source", Values: []string{"referral", "customer_referral"}, ReferrerProperty: "referred_by"}
}

// Location returns the report's time zone (validated by Validate).
func (r ReportConfig) Location() *time.Location {
	loc, err := time.LoadLocation(r.Timezone)
	if err != nil || r.Timezone == "" {
		return time.UTC
	}
	return loc
}

// StartDate returns campaign.start as midnight in loc; ok is false when
// it is not set.
func (c CampaignConfig) StartDate(loc *time.Location) (t time.Time, ok bool) {
	if c.Start == "" {
		return time.Time{}, false
	}
	d, err := time.Parse(time.DateOnly, c.Start)
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc), true
}

func (c *Config) validateKPIs() error {
	if c.Campaign.Start != "" {
		if _, err := time.Parse(time.DateOnly, c.Campaign.Start); err != nil {
			return &Error{Key: "campaign.start", Msg: fmt.Sprintf("want a date YYYY-MM-DD, got %q", c.Campaign.Start)}
		}
	}
	r := c.Report
	switch r.Cohort {
	case "all", "quarter":
	case "campaign":
		if c.Campaign.Start == "" {
			return &Error{Key: "report.cohort", Msg: "cohort campaign needs campaign.start (YYYY-MM-DD)"}
		}
	default:
		return &Error{Key: "report.cohort", Msg: fmt.Sprintf("want all, campaign or quarter, got %q", r.Cohort)}
	}
	if _, err := time.LoadLocation(r.Timezone); err != nil || r.Timezone == "" {
		return &Error{Key: "report.timezone", Msg: fmt.Sprintf("unknown time zone %q (want an IANA name such as Europe/Vienna)", r.Timezone)}
	}
	if r.TrendDays < 1 {
		return &Error{Key: "report.trend_days", Msg: fmt.Sprintf("must be at least 1, got %d", r.TrendDays)}
	}
	for i, p := range r.FirstContactProperties {
		if p == "" {
			return &Error{Key: fmt.Sprintf("report.first_contact_properties[%d]", i), Msg: "empty property name"}
		}
	}
	if c.NPS.WindowDays < 1 {
		return &Error{Key: "nps.window_days", Msg: fmt.Sprintf("must be at least 1, got %d", c.NPS.WindowDays)}
	}
	if c.NPS.DateProperty != "" && c.NPS.ContactProperty == "" {
		return &Error{Key: "nps.date_property", Msg: "set nps.contact_property too"}
	}
	if c.Referrals.SourceProperty != "" && len(c.Referrals.Values) == 0 {
		return &Error{Key: "referrals.values", Msg: "name at least one source value that means a referral"}
	}
	return nil
}
