// Package workers holds abmsync's asynq task handlers. A sync run is a chain
// of tasks: crm:pull for each object type (companies, contacts, deals), then
// metrics:compute, then crm:push. Each step saves its progress in the store
// before it enqueues the next, so a retried or recovered task resumes where
// its predecessor stopped and never counts half-written work as done.
//
// What lives here: Deps and NewMux, the run starter and the schedule tick,
// the sync run's steps (pull, compute, push), the key-contact tasks (web,
// press, contacts push), the LinkedIn sync, the take-over of a dead
// process's tasks, and the one place that maps errors to queue policy
// (HandleError, IsFailure, RetryDelay).
//
// Imports: everything below the handlers — crm, config, internal/*, jobs,
// connectors, the domain packages, store and campaign — but never admin,
// daemon, cmd or test. Each handler declares what it needs of a connector as
// a small interface (Puller, Pusher, SiteFetcher, ...), which daemon fills.
// test/layout checks this.
package workers
