// Package store is abmsync's Redis keyspace: CRM records minimised for the
// features that use them, the association indexes metrics are computed from,
// incremental cursors, sync runs and leases. Every key is built by Keys, and
// every key carries the schema version, so a future layout can live beside
// this one during an upgrade.
//
// The store sits at the bottom of abmsync: it imports nothing of abmsync's
// but the record model (crm) and platform helpers under internal/ (the
// fingerprinter it builds from the key it keeps, the secret-key parser). It
// stores bytes and plain records; what a record means stays with its
// owner. Tokens arrive sealed (connectors/linkedin seals and opens them;
// the store never holds the sealing key). Survey answers, traffic
// aggregates, ad engagement and key-contact candidates are crm records.
// The rules that say which person a name or an address names
// (keycontacts/merge) are applied by the callers (campaign.DoNotContact,
// campaign.AddDoNotContact, campaign.Forget) to the fingerprints the store
// keeps.
//
// What lives here: records, association indexes, cursors and leases
// (store.go, encode.go); sync runs, their pending updates and task heartbeats
// (runs.go, pending.go, beats.go); key-contact candidates, the pages
// remembered for conditional GET, the do-not-contact fingerprints and
// erasure (contacts.go), and the accounts of each LinkedIn Connections
// owner (warmpaths.go); the fingerprint key and its migration
// (fingerprints.go); LinkedIn state, namely the sealed token, OAuth states,
// audiences, engagement, pushed values and organisation look-ups (tokens.go,
// linkedin_orgs.go); NPS answers and KPI snapshots (kpi.go); traffic
// aggregates (traffic.go); admin sessions (sessions.go).
package store
