// Package crm holds the CRM-neutral record model that connectors produce and
// the ABM domain code consumes. It does no I/O: connectors (connectors/hubspot,
// connectors/csv) translate their wire formats into these types, workers move
// them between connectors and the store, and package abm computes metrics from
// them.
package crm
