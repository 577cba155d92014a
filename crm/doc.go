// Package crm holds the CRM-neutral record model that connectors produce and
// the ABM domain code consumes. It does no I/O: connectors (connectors/hubspot,
// connectors/csv) translate their wire formats into these types, workers move
// them between connectors and the store, and package metrics computes metrics
// from them.
//
// Beside CRM records it holds the other plain records that cross layers and
// that the store keeps as they are: key-contact candidates with their
// provenance (candidate.go) and account activity from outside the CRM —
// survey answers, website traffic per day, ad engagement per day
// (activity.go). Since records carry property values as the CRM writes
// them, the one parser of CRM dates and datetimes (ParseTime, ParseTimeIn)
// and the one normaliser of company domains (NormalizeDomain) live here too.
//
// Imports: nothing of the module. Every layer imports crm, from the store at
// the bottom to cmd at the top, so a change here is felt everywhere.
// test/layout checks this.
package crm
