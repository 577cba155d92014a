package web

import (
	"net/netip"
)

type addrRange struct {
	prefix netip.Prefix
	reason string
}

func ranges(rs ...string) []addrRange {
	out := make([]addrRange, 0, len(rs)/2)
	for i := 0; i < len(rs); i += 2 {
		out = append(out, addrRange{netip.MustParsePrefix(rs[i]), rs[i+1]})
	}
	return out
}

// forbidden4 lists the IPv4 ranges CheckAddr refuses besides loopback
// (IANA IPv4 Special-Purpose Address Registry, RFC 6890).
var forbidden4 = ranges(
	"255.255.255.255/32", "broadcast",
	"0.0.0.0/8", "unspecified (this network)",
	"10.0.0.0/8", "private (RFC 1918)",
	"172.16.0.0/12", "private (RFC 1918)",
	"192.168.0.0/16", "private (RFC 1918)",
	"100.64.0.0/10", "shared address space (CGNAT, RFC 6598)",
	"169.254.0.0/16", "link-local (cloud metadata)",
	"192.0.0.0/24", "IETF protocol assignments",
	"192.0.2.0/24", "documentation",
	"198.51.100.0/24", "documentation",
	"203.0.113.0/24", "documentation",
	"192.88.99.0/24", "6to4 relay anycast",
	"198.18.0.0/15", "benchmarking",
	"224.0.0.0/4", "multicast",
	"240.0.0.0/4", "reserved",
)

// forbidden6 lists the IPv6 ranges CheckAddr refuses besides loopback and
// the ranges that embed an IPv4 address (IANA IPv6 Special-Purpose Address
// Registry).
var forbidden6 = ranges(
	"::/128", "unspecified",
	"::/96", "IPv4-compatible (deprecated)",
	"64:ff9b:1::/48", "local-use NAT64",
	"100::/64", "discard-only",
	"2001::/32", "Teredo",
	"2001:db8::/32", "documentation",
	"3fff::/20", "documentation",
	"fc00::/7", "unique local (ULA)",
	"fe80::/10", "link-local",
	"fec0::/10", "site-local (deprecated)",
	"ff00::/8", "multicast",
)

var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
	// translated is the IPv4-translated block of SIIT (RFC 2765,
	// ::ffff:0:a.b.c.d), next to the IPv4-mapped ::ffff:0:0/96 that Unmap
	// handles: netip counts it as global unicast, so without this a
	// translator on the path would carry ::ffff:0:127.0.0.1 to loopback.
	translated = netip.MustParsePrefix("::ffff:0:0:0/96")
)

// CheckAddr reports whether abmsync may connect to ip. It returns nil for
// public unicast addresses and a *ForbiddenAddressError (matching
// ErrForbiddenAddress) for loopback (unless allowLoopback), private
// (RFC 1918, RFC 6598, IPv6 ULA), link-local (169.254.0.0/16 with the cloud
// metadata address 169.254.169.254, fe80::/10), multicast, unspecified,
// broadcast, reserved, benchmarking and documentation addresses. IPv6 forms
// that carry an IPv4 address (IPv4-mapped ::ffff:0:0/96, IPv4-translated
// ::ffff:0:0:0/96, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by that
// IPv4 address; a zone is ignored.
// CheckAddr is pure: it performs no I/O.
func CheckAddr(ip netip.Addr, allowLoopback bool) error {
	if reason := forbiddenReason(ip, allowLoopback); reason != "" {
		return &ForbiddenAddressError{Addr: ip, Reason: reason}
	}
	return nil
}

func forbiddenReason(ip netip.Addr, allowLoopback bool) string {
	if !ip.IsValid() {
		return "invalid"
	}
	ip = ip.WithZone("").Unmap()
	if ip.IsLoopback() {
		if allowLoopback {
			return ""
		}
		return "loopback"
	}
	if ip.Is4() {
		for _, r := range forbidden4 {
			if r.prefix.Contains(ip) {
				return r.reason
			}
		}
		return ""
	}
	// Translation prefixes reach the embedded IPv4 address through a
	// gateway: judge that address, and never let loopback through there.
	if nat64.Contains(ip) {
		b := ip.As16()
		if r := forbiddenReason(netip.AddrFrom4([4]byte(b[12:16])), false); r != "" {
			return r + " via NAT64"
		}
		return ""
	}
	if translated.Contains(ip) {
		b := ip.As16()
		if r := forbiddenReason(netip.AddrFrom4([4]byte(b[12:16])), false); r != "" {
			return r + " via IPv4-translated"
		}
		return ""
	}
	if sixToFour.Contains(ip) {
		b := ip.As16()
		if r := forbiddenReason(netip.AddrFrom4([4]byte(b[2:6])), false); r != "" {
			return r + " via 6to4"
		}
		return ""
	}
	for _, r := range forbidden6 {
		if r.prefix.Contains(ip) {
			return r.reason
		}
	}
	// Defence in depth: anything the tables missed that is not global
	// unicast (netip's own classification) is refused too.
	if !ip.IsGlobalUnicast() {
		return "not global unicast"
	}
	return ""
}
