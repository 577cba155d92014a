// Package telemetry defines abmsync's Prometheus metrics and the HTTP
// RoundTripper that counts outside API calls. One Metrics value is created
// per process with its own registry (no global registry), so tests can build
// as many as they like.
//
// What lives here: the metrics and the counting RoundTripper (telemetry.go),
// and the metrics of the admin server (admin.go), the LinkedIn connector's
// use (linkedin.go) and the tracker (tracking.go).
//
// Imports: nothing of the module (Prometheus' client only); internal/*
// packages import only each other (internal/redisconn also config), never a
// connector, a domain package or store. test/layout checks this.
package telemetry
