// Package traffic turns website traffic into per-account daily aggregates
// without keeping raw IP addresses.
//
// Traffic arrives two ways:
//
//   - web-server access logs in the Apache/nginx combined log format, parsed
//     by [ParseCombined] and streamed in constant memory by [ReadAccessLog];
//   - a first-party tracking endpoint, [NewTracker], serving POST /t (JSON or
//     form beacon) and GET /t.gif (1×1 pixel). The caller mounts it on its own
//     public listener (config tracking.addr), never on the admin server.
//
// Each [Hit] is attributed to a target account by a [Matcher]: the account's
// configured CIDR ranges first (longest prefix wins), then reverse DNS (a PTR
// name under one of the account's domains that resolves forward to the same
// address), then a cookie mapping resolved by the caller (for example a
// HubSpot hubspotutk seen with a known contact). DNS goes through an injected
// [Resolver]; *net.Resolver satisfies it, [NewResolver] points Go's resolver
// at one DNS server (traffic.dns_server), and tests use an in-memory fake or
// the loopback DNS server of internal/dnstest.
//
// An [Aggregator] keeps, per account and UTC day, visits, page views, unique
// visitors, top pages and the last visit time. Visitors are identified by an
// HMAC-SHA256 of the cookie id, or of IP and user agent, keyed with a salt the
// caller rotates daily; the IP itself is never stored or returned.
//
// A [Pipeline] matches a stream of hits, such as an access log, with a
// bounded number of reverse-DNS look-ups in flight, handing the hits on in
// their original order. A live stream that must never wait for DNS uses
// [Matcher.MatchNow] (ranges, cached answers, cookie) and [Matcher.Resolve]
// in its own bounded look-ups, as the tracker's collector does.
//
// The package does no storage and starts no servers; its only goroutines are
// a Pipeline's look-ups, which end before [Pipeline.Close] returns.
//
// Imports: nothing of the module; as a domain package it may import at most
// crm, internal/* and the other domain packages (keycontacts/*, metrics): no
// connector, no store, jobs or campaign, no Redis or queue client. Unlike
// the other domain packages it uses net and net/http: the tracker is an
// http.Handler that the daemon mounts on its own listener, and the matcher
// asks reverse DNS through the injected Resolver. test/layout checks this.
package traffic
