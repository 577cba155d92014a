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
package store
