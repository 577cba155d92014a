// Package dnstest is a minimal authoritative DNS server for tests, so that
// reverse-DNS matching runs through the real net.Resolver against loopback
// and never against the internet.
//
// A Server listens on 127.0.0.1 on one random port, over UDP and TCP. It
// answers PTR queries for in-addr.arpa and ip6.arpa names and A/AAAA
// queries for forward names from its tables, NOERROR with no answer for a
// known name asked for another type, and NXDOMAIN for everything else. It
// counts the queries it receives, and can be told to stop answering (a
// server timeout), to truncate every UDP answer (so clients retry over
// TCP) or to answer each query only after a delay (a distant resolver).
// Point a resolver at it with traffic.NewResolver(s.Addr()).
//
// Imports: nothing of the module; internal/* packages import only each other
// (internal/redisconn also config), never a connector, a domain package or
// store. test/layout checks this.
package dnstest
