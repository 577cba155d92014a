// Package chaos is abmsync's crash-safety suite: it checks that after a
// crash, a Redis failure or a signal the CRM ends as a run without faults
// leaves it, with no duplicates. Its tests build the real binary, run it as
// child processes against a redis-server they start on a free loopback port
// and a fake HubSpot portal (connectors/hubspot/hubspottest) served in the test
// process, inject faults — kill -9 of the daemon, Redis restarted with and
// without persistence, SIGTERM mid-sync, kill -9 of one of two schedulers —
// and compare the portal afterwards with one synced once without faults.
//
// The suite is slow (minutes) and runs only with ABMSYNC_CHAOS=1:
//
//	make chaos   # ABMSYNC_CHAOS=1 go test -count=1 -timeout 30m -v ./test/chaos/
//
// Without it every test skips at once, so "make test" stays fast. The
// results table is printed with t.Logf and written to test/chaos/RESULTS.md.
// ABMSYNC_CHAOS_SEED fixes the random kill points (the seed is logged);
// ABMSYNC_CHAOS_LOGS=DIR keeps the daemons' and Redis's logs in DIR.
//
// The same harness runs the Redis high-availability suite (ha_test.go) with
// ABMSYNC_REDIS_HA=1 ("make redis-ha"): the end-to-end core on a 3-master
// Redis Cluster, a master killed during a full sync on a Sentinel set-up,
// and three serve processes on one Redis. Its Redis processes listen on
// fixed loopback ports 7110-7139; its results are logged as "HA |" lines.
//
// Imports (its tests): any package of the module but cmd; it runs the built
// binary and drives the connectors' fakes. Nothing imports test/*.
// test/layout checks this.
package chaos
