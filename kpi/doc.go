// Package kpi computes the campaign's account-based-marketing KPIs from CRM
// records: account engagement and MQAs, SQL contacts, time to close and deal
// size per cohort, upsell, referrals, Net Promoter Score, and the report that
// puts every KPI next to its goal and baseline.
//
// The package is pure domain code: functions take crm.Record values the
// caller loaded from the store and return values; nothing here does I/O
// except reading a caller-supplied io.Reader (ParseNPSCSV) and writing a
// caller-supplied io.Writer (Report.Text). The clock is always a parameter.
//
// # CRM properties read
//
// Contacts: lifecyclestage (SQLContacts), createdate and
// hs_sa_first_engagement_date of the deal's associated contacts
// (FirstContactByDeal; configurable), the
// referral source and referrer properties of ReferralConfig.
//
// Deals: hs_is_closed_won, hs_is_closed and dealstage (won), closedate,
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
package kpi
