// Package jobs holds abmsync's task contracts: the stable task type names, their
// payloads, and constructors that set queue, retry, timeout and deduplication.
// Handlers live in package workers. Type names are stable identifiers: once
// released they are never renamed, because tasks already queued in Redis refer
// to them.
//
// What lives here: the sync run's tasks crm:pull, metrics:compute, crm:push
// and schedule:tick with their payloads, scopes and triggers; the key-contact
// tasks web:sweep, web:discover, press:scan and contacts:push; and
// linkedin:sync.
//
// Imports: crm and nothing else of the module (asynq for the task type);
// workers, admin and daemon import jobs, never the other way round.
// test/layout checks this.
package jobs
