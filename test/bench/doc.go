// Package bench holds the end-to-end sync measurements reported in README.md
// "Performance": a full sync of 10,000 companies, 100,000 contacts and 20,000
// deals against the fake HubSpot portal on loopback, a resync with nothing
// changed, an incremental resync after 1 % of contacts changed, and a full
// sync against a portal that allows only 100 requests per 10 s. Run them with
// `make bench`; they need the Redis at REDIS_URL (database 7 is flushed).
// ABMSYNC_BENCH_DAEMON_LOG=file keeps the in-process daemon's debug log.
//
// Imports (its tests): any package of the module but cmd; it drives daemon,
// workers and the connectors' fakes. Nothing imports test/*. test/layout
// checks this.
package bench
