// Package crm holds the CRM-neutral record model that connectors produce and
// the ABM domain code consumes. It does no I/O: connectors (connectors/hubspot,
// connectors/csv) translate their wire formats into these types, workers move
// them between connectors and the store, and package metrics computes metrics
// from them.
//
// Imports: nothing of the module. Every layer imports crm, from the store at
// the bottom to cmd at the top, so a change here is felt everywhere.
// test/layout checks this.
package crm
