// Package redistest connects tests to the real Redis server named by
// REDIS_URL (default redis://127.0.0.1:6379). Each test package passes its
// own database number, because asynq's keys cannot be prefixed: packages
// that run asynq side by side must not share a database.
//
// What lives here: the connection to REDIS_URL with a database per package
// (redistest.go) and the set-ups of the Redis high-availability suite, a
// Cluster and a Sentinel group of redis-server processes on loopback
// (ha.go). Only tests import it.
//
// Imports: nothing of the module; internal/* packages import only each other
// (internal/redisconn also config), never a connector, a domain package or
// store. test/layout checks this.
package redistest
