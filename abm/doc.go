// Package abm computes abmsync's per-account ABM metrics (v1) from CRM
// records. It is pure: no I/O, no clock (callers pass now), no connector. The
// worker pulls companies, contacts and deals through a connector, hands the
// records associated with one target account to Compute, and writes
// Metrics.Properties back to the CRM company, sending only what
// ChangedProperties reports as different from the last successful push.
//
// Metric definitions (company properties in the "abm" group, see PropertyDefs):
//
//	abm_known_contacts     associated contacts with an e-mail (or has_email) or a LinkedIn URL
//	abm_engaged_contacts   contacts last contacted or last opening an e-mail inside the window
//	abm_reach_goal         Settings.ReachGoal
//	abm_reach_gap          goal minus engaged contacts, never below 0
//	abm_open_deals         deals not closed
//	abm_won_deals          deals closed won
//	abm_avg_days_to_close  mean days from createdate to closedate of won deals (1 decimal)
//	abm_avg_deal_size      mean amount of won deals (2 decimals)
package abm
