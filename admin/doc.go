// Package admin is abmsync's private admin HTTP server: health and readiness,
// Prometheus metrics, the asynqmon UI under /monitoring, the /api used by
// the CLI (resync, runs, status) and the campaign dashboard under /dashboard
// (dashboard.go). Everything but /healthz and /readyz needs the admin token:
// "Authorization: Bearer TOKEN"; HTTP Basic auth with the token as password
// (so a browser can open /monitoring) only reads, except under /monitoring
// when it is mounted read-write; the dashboard also takes the session cookie
// its login form sets. Without a configured token every protected route
// answers 403.
//
// Browser requests that change state are refused when they come from
// another origin (http.CrossOriginProtection), JSON routes take only
// application/json, nothing may be framed, and failed authentications are
// rate limited per client address and globally (guard.go).
//
// What lives here: the server and its routes, the browser guards (guard.go),
// the CLI's client of the API (client.go), the dashboard (dashboard*.go and
// its templates in dashboard/), file imports by upload and the LinkedIn
// connection and organization routes.
//
// Imports: everything below the admin server — crm, config, internal/*, jobs
// (a resync enqueues a task), connectors, the domain packages, store and
// campaign — but never workers, daemon, cmd or test. What it needs of the
// workers and the queue (starting a run, inspecting queues, importing files,
// saving tokens) it declares as small interfaces that daemon satisfies.
// test/layout checks this.
package admin
