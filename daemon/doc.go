// Package daemon assembles abmsync's long-running process from the config:
// Redis (or the embedded in-process Redis), the CRM connector, the asynq
// server with every worker, the asynq scheduler for the configured cron
// jobs, and the admin HTTP server. It owns start-up and graceful shutdown.
//
// What lives here: Run and the process's start-up and shutdown, including
// opening the fingerprint key and migrating stored fingerprints; building
// the CRM connector, the website fetcher and the role classifier from the
// config; the LinkedIn wiring (linkedin.go: client, token store and source,
// connect flow, expiry warnings); the background loops (task take-over, run
// reaper, store watch, first sync); the schedules; the admin and tracking
// listeners.
//
// Imports: everything below it — config, internal/*, crm, jobs, workers,
// admin, campaign, connectors, the domain packages, store and deploy — but
// never cmd or test. It is the only package that knows every other one;
// nothing but cmd and test imports it. test/layout checks this.
package daemon
