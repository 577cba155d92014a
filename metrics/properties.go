package metrics

import "github.com/abmsync/abmsync/crm"

// The campaign's company properties beyond the v1 metrics (metrics.go), the
// ICP (icp.go), key contacts (keycontacts.go) and LinkedIn (linkedin.go),
// all in the abm group. Like those, their names are part of the CRM
// contract: never rename one.

// Group is the CRM property group every abm_* property is created in.
var Group = crm.PropertyGroup{Name: "abm", Label: "ABM (abmsync)"}

// prop is a property definition in Group.
func prop(name, label, typ, fieldType, desc string) crm.PropertyDef {
	return crm.PropertyDef{Name: name, Label: label, Type: typ, FieldType: fieldType, GroupName: Group.Name, Description: desc}
}

// number is a numeric property definition in Group.
func number(name, label, desc string) crm.PropertyDef {
	return prop(name, label, "number", "number", desc)
}

// text is a single-line text property definition in Group.
func text(name, label, desc string) crm.PropertyDef {
	return prop(name, label, "string", "text", desc)
}

// CompanyPropertyDefs are all company properties abmsync creates in the CRM
// but LinkedIn's (LinkedInPropertyDefs, created only where LinkedIn is
// configured): the v1 metrics, ICP, key contacts, traffic, MQA/SQL and the
// campaign KPIs.
func CompanyPropertyDefs() []crm.PropertyDef {
	defs := PropertyDefs()
	defs = append(defs, ICPPropertyDefs()...)
	defs = append(defs, KeyContactCompanyDefs()...)
	defs = append(defs, TrafficPropertyDefs()...)
	defs = append(defs, MQAPropertyDefs()...)
	return append(defs, KPIPropertyDefs()...)
}

// MQA and SQL company properties.
const (
	PropEngagementScore = "abm_engagement_score"
	PropMQA             = "abm_mqa"
	PropMQASince        = "abm_mqa_since"
	PropSQLContacts     = "abm_sql_contacts"
)

// MQAPropertyDefs are the MQA/SQL company properties.
func MQAPropertyDefs() []crm.PropertyDef {
	return []crm.PropertyDef{
		number(PropEngagementScore, "ABM engagement score",
			"Account engagement 0-100 from weighted signals of the last 30 days: website visits, engaged contacts, LinkedIn ad clicks, contacts with a form submission, contacts with a meeting (mqa.weights). Written by abmsync."),
		prop(PropMQA, "ABM marketing-qualified account", "bool", "booleancheckbox",
			"The engagement score reached the MQA threshold. Written by abmsync."),
		prop(PropMQASince, "ABM MQA since", "date", "date",
			"When the account first became an MQA (kept while it stays one). Written by abmsync."),
		number(PropSQLContacts, "ABM SQL contacts",
			"Associated contacts in lifecycle stage salesqualifiedlead or later. Written by abmsync."),
	}
}

// Campaign KPI company properties beyond MQA and SQL.
const (
	PropDaysToCloseMean   = "abm_days_to_close_mean"
	PropDaysToCloseMedian = "abm_days_to_close_median"
	PropWonAmountMean     = "abm_won_amount_mean"
	PropUpsellDeals       = "abm_upsell_deals"
	PropUpsellRevenue     = "abm_upsell_revenue"
	PropReferrals         = "abm_referrals"
	PropNPS               = "abm_nps"
	PropNPSResponses      = "abm_nps_responses"
)

// KPIPropertyDefs are the time-to-close, deal-size and post-sale company
// properties.
func KPIPropertyDefs() []crm.PropertyDef {
	def := func(name, label, desc string) crm.PropertyDef {
		return number(name, label, desc+" Written by abmsync.")
	}
	return []crm.PropertyDef{
		def(PropDaysToCloseMean, "ABM days to close (mean)", "Mean calendar days from first contact (earliest of the deal's createdate and its contacts' createdate and first engagement) to closedate of the account's won deals in the report cohort: the campaign's time to close (replaces abm_avg_days_to_close)."),
		def(PropDaysToCloseMedian, "ABM days to close (median)", "Median calendar days from first contact to closedate of the account's won deals in the report cohort."),
		def(PropWonAmountMean, "ABM mean won amount", "Mean amount of the account's won deals in the report cohort: the campaign's average deal size (replaces abm_avg_deal_size)."),
		def(PropUpsellDeals, "ABM upsell deals", "Won existing-business deals closed after the account's first won deal."),
		def(PropUpsellRevenue, "ABM upsell revenue", "Amount of the won existing-business deals closed after the account's first won deal."),
		def(PropReferrals, "ABM referrals", "Contacts and deals of the account whose source is a referral (lead_source)."),
		def(PropNPS, "ABM NPS", "Net Promoter Score (-100 to 100) of the account's survey answers in the NPS window; empty without answers."),
		def(PropNPSResponses, "ABM NPS responses", "Survey answers behind abm_nps."),
	}
}

// Website-traffic company properties.
const (
	PropVisits30d    = "abm_visits_30d"
	PropPageviews30d = "abm_pageviews_30d"
	PropLastVisitAt  = "abm_last_visit_at"
)

// TrafficPropertyDefs are the website-traffic company properties.
func TrafficPropertyDefs() []crm.PropertyDef {
	return []crm.PropertyDef{
		number(PropVisits30d, "ABM visits (30 days)",
			"Website visits from the account in the last 30 days. Written by abmsync."),
		number(PropPageviews30d, "ABM page views (30 days)",
			"Website page views from the account in the last 30 days. Written by abmsync."),
		prop(PropLastVisitAt, "ABM last visit", "datetime", "date",
			"Last website visit from the account. Written by abmsync."),
	}
}
