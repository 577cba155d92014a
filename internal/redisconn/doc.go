// Package redisconn builds abmsync's two handles on Redis — the go-redis
// client the store, the queue and the admin server share, and the asynq
// connection option the monitoring UI opens its own connections with — from
// one resolved configuration (config.RedisConn), so both always reach the
// same server, Sentinel set-up or Cluster.
//
// Imports: config (for config.RedisConn) and nothing else of the module: it
// is the one internal/* package allowed to read config; no connector, domain
// package or store. test/layout checks this.
package redisconn
