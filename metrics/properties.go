package metrics

import "github.com/abmsync/abmsync/crm"

// The CRM property schema: every abm_* property definition abmsync creates,
// all in the abm group. Most Prop* names stay beside the code that fills
// them (metrics.go, icp.go, keycontacts.go, linkedin.go); the MQA, KPI and
// traffic ones, which campaign fills, are declared in this file. Their names
// are part of the CRM contract: never rename one.

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

// ICPPropertyDefs are abmsync's own ICP company properties (the tier is
// HubSpot's built-in hs_ideal_customer_profile).
func ICPPropertyDefs() []crm.PropertyDef {
	return []crm.PropertyDef{
		number(PropICPScore, "ABM ICP score",
			"Fit with the ideal customer profile, 0-100. Written by abmsync."),
		prop(PropICPReasons, "ABM ICP reasons", "string", "textarea",
			"Why the company got its ICP score, criterion by criterion. Written by abmsync."),
	}
}

// ContactPropertyDefs are the contact properties abmsync writes on key
// contacts, in the abm group. abm_contact_key is created unique (see
// crm.UniqueProperty).
func ContactPropertyDefs() []crm.PropertyDef {
	return []crm.PropertyDef{
		text(crm.ContactKeyProperty, "ABM contact key", "Identifies a key contact abmsync found without an e-mail address (account + normalised name). Written by abmsync."),
		text(PropContactRole, "ABM contact role", "Function from the job title (executive, procurement, quality ...), with ';gatekeeper' for assistants. Written by abmsync."),
		text(PropSourceURL, "ABM source URL", "The page the contact was found on. Written by abmsync."),
		text(PropSource, "ABM source", "Where the contact was found: web, press, linkedin, crm. Written by abmsync."),
		number(PropConfidence, "ABM confidence",
			"How sure the extraction is (0-1). Written by abmsync."),
		prop(PropEnrichedAt, "ABM enriched at", "datetime", "date",
			"When abmsync last changed a fact of this contact. Written by abmsync."),
		text(PropWarmPaths, "ABM warm paths", "Who in the firm knows this person, and since when (LinkedIn Connections exports). Written by abmsync."),
	}
}

// LinkedInPropertyDefs are the company properties of the LinkedIn sync, in
// the abm group: the two engagement counts it writes and the organization
// URN people may fill in.
func LinkedInPropertyDefs() []crm.PropertyDef {
	return []crm.PropertyDef{
		number(PropLinkedInImpressions, "ABM LinkedIn impressions (30 days)",
			"Impressions of the campaign's LinkedIn ads among the account's employees in the rolling window, summed as LinkedIn reports them per day. LinkedIn withholds small counts, so the true number may be higher. Needs abm_linkedin_org_urn. Written by abmsync."),
		number(PropLinkedInClicks, "ABM LinkedIn clicks (30 days)",
			"Clicks on the campaign's LinkedIn ads by the account's employees in the rolling window, as LinkedIn reports them. Needs abm_linkedin_org_urn. Written by abmsync."),
		text(PropLinkedInOrgURN, "ABM LinkedIn organization",
			"The account's LinkedIn organization, urn:li:organization:N (the number in linkedin.com/company/N). abmsync fills it in when LinkedIn names exactly one organization with the account's name, or an admin confirms one; clear it to have abmsync look again. abmsync reads it to match LinkedIn ad engagement to the account."),
	}
}

// PropertyDefs returns the company property definitions for
// Metrics.Properties, for the connector's EnsureProperties (the group is
// Group).
func PropertyDefs() []crm.PropertyDef {
	return []crm.PropertyDef{
		number(PropKnownContacts, "ABM known contacts", "Associated contacts with an e-mail address, a LinkedIn profile or a warm path (someone in the firm knows them). Written by abmsync."),
		number(PropEngagedContacts, "ABM engaged contacts", "Associated contacts last contacted or last opening an e-mail within the campaign's engagement window. Written by abmsync."),
		number(PropReachGoal, "ABM reach goal", "Number of engaged contacts the campaign aims for per account. Written by abmsync."),
		number(PropReachGap, "ABM reach gap", "Engaged contacts still missing to reach the goal (never below 0). Written by abmsync."),
		number(PropOpenDeals, "ABM open deals", "Associated deals not yet closed. Written by abmsync."),
		number(PropWonDeals, "ABM won deals", "Associated deals closed won. Written by abmsync."),
		number(PropAvgDaysToClose, "ABM avg. days to close (deprecated)", "Deprecated, use abm_days_to_close_mean (ABM days to close (mean)), the campaign's time to close, which counts from first contact. Still written for one release: mean days from create date to close date of won deals; empty when unknown. Written by abmsync."),
		number(PropAvgDealSize, "ABM avg. deal size (deprecated)", "Deprecated, use abm_won_amount_mean (ABM mean won amount), the campaign's deal size over the report cohort. Still written for one release: mean amount of all won deals; empty when unknown. Written by abmsync."),
	}
}

// KeyContactCompanyDefs are the company properties of key-contact
// enrichment, in the abm group.
func KeyContactCompanyDefs() []crm.PropertyDef {
	return []crm.PropertyDef{
		number(PropKeyContacts, "ABM key contacts",
			"Known key contacts at the account after enrichment from the CRM, the company's website and the trade press. Written by abmsync."),
		number(PropBuyingRolesCovered, "ABM buying roles covered",
			"Distinct HubSpot buying roles (decision maker, budget holder, champion ...) among the account's key contacts. Written by abmsync."),
		number(PropWarmPaths, "ABM warm paths",
			"Distinct people at the account known by someone in the firm (LinkedIn Connections exports). Written by abmsync."),
	}
}
