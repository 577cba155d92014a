// Package metrics is abmsync's ABM domain: which companies are target
// accounts, how well each fits the ideal customer profile, its per-account
// metrics (reach, engagement, deals), the campaign's KPIs (engagement and
// MQAs, SQL contacts, time to close and deal size per cohort, upsell,
// referrals, Net Promoter Score) and the report that puts every KPI next to
// its goal and baseline. It is the one home of the rule for a won deal
// (Won) and of every abm_* CRM property abmsync writes: names, labels and
// descriptions, all in one property Group (CompanyPropertyDefs for every
// company property but LinkedIn's, LinkedInPropertyDefs,
// ContactPropertyDefs, and the parts a worker creates on its own:
// PropertyDefs, MQAPropertyDefs, KPIPropertyDefs, TrafficPropertyDefs,
// ICPPropertyDefs, KeyContactCompanyDefs), every definition in
// properties.go.
//
// The package is pure domain code: functions take crm.Record values the
// caller loaded from the store and return values; nothing here does I/O
// except writing a caller-supplied io.Writer (Report.Text), and the clock
// is always a parameter. File formats (the NPS answers CSV) are read in
// connectors/csv; the application services in package campaign load the
// records and write the results.
//
// Imports: crm (records, crm.ParseTime, crm.NormalizeDomain) only, besides
// the standard library: no connector, no store, no Redis or queue client, no
// net or net/http. test/layout checks the rule it shares with the other
// domain packages, which also lets them import internal/* and each other.
//
// # Per-account metrics (v1)
//
// The worker hands the records associated with one target account to
// Compute, and writes Metrics.Properties back to the CRM company, sending
// only what ChangedProperties reports as different from the last successful
// push. Company properties in the "abm" group, see PropertyDefs:
//
//	abm_known_contacts     associated contacts with an e-mail (or has_email), a LinkedIn URL (or has_linkedin) or a warm path (abm_warm_paths)
//	abm_engaged_contacts   contacts last contacted or last opening an e-mail inside the window
//	abm_reach_goal         Settings.ReachGoal
//	abm_reach_gap          goal minus engaged contacts, never below 0
//	abm_open_deals         deals not closed
//	abm_won_deals          deals closed won
//	abm_avg_days_to_close  deprecated, use abm_days_to_close_mean: mean days from createdate to closedate of won deals (1 decimal)
//	abm_avg_deal_size      deprecated, use abm_won_amount_mean: mean amount of won deals (2 decimals)
//
// The two deprecated properties are still written for one release, so that
// CRM reports built on them keep working; the campaign's time to close and
// deal size are abm_days_to_close_mean and abm_won_amount_mean (DealStats).
//
// # CRM properties read by the KPIs
//
// Contacts: lifecyclestage (SQLContacts), createdate and
// hs_sa_first_engagement_date of the deal's associated contacts
// (FirstContactByDeal; configurable), recent_conversion_date and
// hs_latest_meeting_activity (ContactsWithDateIn, for the engagement
// score), the survey score and date properties NPSFromContacts is given, and
// the referral source and referrer properties of ReferralConfig.
//
// Deals: hs_is_closed_won, hs_is_closed and dealstage (Won), closedate,
// createdate, amount, dealtype (Upsell), and the referral properties of
// ReferralConfig.
//
// # Time
//
// Instants are compared as instants (in effect in UTC). Calendar questions —
// which day a deal closed, which quarter a date falls in, how many days lie
// between first contact and signature — are answered in a configurable
// *time.Location (Cohort.Loc), so that a deal signed at 00:30 in Vienna on
// 1 April belongs to Q2 and a DST switch does not turn 2 calendar days into
// 1.96. A date-only value ("2026-04-01") means midnight in that location.
package metrics
