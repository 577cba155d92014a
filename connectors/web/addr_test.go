package web

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

// TestCheckAddr checks every refused range as a pure function: no test in
// this package sends traffic outside 127.0.0.0/8.
func TestCheckAddr(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr          string
		allowLoopback bool
		wantReason    string // "" = allowed
	}{
		// Public unicast is allowed.
		{"93.184.215.14", false, ""},
		{"8.8.8.8", false, ""},
		{"2606:4700:4700::1111", false, ""},
		{"::ffff:93.184.215.14", false, ""},
		{"64:ff9b::808:808", false, ""}, // NAT64 of 8.8.8.8
		{"2002:808:808::1", false, ""},  // 6to4 of 8.8.8.8
		{"::ffff:0:808:808", false, ""}, // IPv4-translated 8.8.8.8
		{"100.63.255.255", false, ""},   // just below CGNAT
		{"100.128.0.0", false, ""},      // just above CGNAT
		{"172.15.255.255", false, ""},   // just below 172.16/12
		{"172.32.0.0", false, ""},       // just above 172.16/12
		{"169.253.255.255", false, ""},  // just below link-local
		{"11.0.0.0", false, ""},
		{"223.255.255.255", false, ""},

		// Loopback.
		{"127.0.0.1", false, "loopback"},
		{"127.255.255.254", false, "loopback"},
		{"::1", false, "loopback"},
		{"::ffff:127.0.0.1", false, "loopback"},
		{"127.0.0.1", true, ""},
		{"127.0.0.2", true, ""},
		{"::1", true, ""},
		{"::ffff:127.0.0.1", true, ""},
		{"64:ff9b::7f00:1", true, "loopback via NAT64"}, // never through a gateway

		// RFC 1918 and CGNAT, also when loopback is allowed.
		{"10.0.0.1", false, "private"},
		{"10.255.255.255", true, "private"},
		{"172.16.0.1", false, "private"},
		{"172.31.255.255", false, "private"},
		{"192.168.0.1", false, "private"},
		{"192.168.178.1", true, "private"},
		{"100.64.0.1", false, "CGNAT"},
		{"100.127.255.255", false, "CGNAT"},

		// Link-local with the cloud metadata address.
		{"169.254.169.254", false, "link-local"},
		{"169.254.0.1", true, "link-local"},
		{"fe80::1", false, "link-local"},
		{"fe80::1%eth0", false, "link-local"},
		{"febf::1", false, "link-local"},
		{"fd00:ec2::254", false, "unique local"}, // AWS IMDS over IPv6

		// IPv6 unique local.
		{"fc00::1", false, "unique local"},
		{"fd12:3456:789a::1", true, "unique local"},

		// Multicast, unspecified, broadcast, reserved.
		{"224.0.0.1", false, "multicast"},
		{"239.255.255.250", false, "multicast"},
		{"ff02::1", false, "multicast"},
		{"ff05::2", true, "multicast"},
		{"0.0.0.0", false, "unspecified"},
		{"0.1.2.3", false, "unspecified"},
		{"::", false, "unspecified"},
		{"255.255.255.255", false, "broadcast"},
		{"240.0.0.1", false, "reserved"},

		// Documentation, benchmarking and protocol ranges.
		{"192.0.2.1", false, "documentation"},
		{"198.51.100.7", false, "documentation"},
		{"203.0.113.9", false, "documentation"},
		{"2001:db8::1", false, "documentation"},
		{"3fff::1", false, "documentation"},
		{"198.18.0.1", false, "benchmarking"},
		{"198.19.255.255", false, "benchmarking"},
		{"192.0.0.8", false, "IETF"},
		{"192.88.99.1", false, "6to4 relay"},
		{"100::1", false, "discard"},
		{"2001::1", false, "Teredo"},
		{"fec0::1", false, "site-local"},

		// IPv4-mapped forms of every IPv4 range.
		{"::ffff:10.1.2.3", false, "private"},
		{"::ffff:172.20.0.1", false, "private"},
		{"::ffff:192.168.1.1", false, "private"},
		{"::ffff:169.254.169.254", false, "link-local"},
		{"::ffff:100.64.0.1", false, "CGNAT"},
		{"::ffff:224.0.0.1", false, "multicast"},
		{"::ffff:0.0.0.0", false, "unspecified"},
		{"::ffff:255.255.255.255", false, "broadcast"},
		{"::ffff:a9fe:a9fe", false, "link-local"}, // hex spelling of 169.254.169.254

		// IPv4-mapped spelled out in full, and IPv4-translated (SIIT).
		{"0:0:0:0:0:ffff:7f00:1", false, "loopback"},
		{"::ffff:0:127.0.0.1", false, "loopback via IPv4-translated"},
		{"::ffff:0:169.254.169.254", false, "link-local (cloud metadata) via IPv4-translated"},
		{"::ffff:0:a00:1", false, "private (RFC 1918) via IPv4-translated"},
		{"::ffff:0:0.0.0.0", false, "unspecified (this network) via IPv4-translated"},

		// IPv4-compatible, NAT64 and 6to4 forms.
		{"::169.254.169.254", false, "IPv4-compatible"},
		{"::10.0.0.1", false, "IPv4-compatible"},
		{"64:ff9b::a9fe:a9fe", false, "link-local (cloud metadata) via NAT64"},
		{"64:ff9b::a00:1", false, "via NAT64"},
		{"64:ff9b:1::a00:1", false, "local-use NAT64"},
		{"2002:a9fe:a9fe::1", false, "via 6to4"},
		{"2002:c0a8:101::1", false, "private (RFC 1918) via 6to4"},
		{"2002:7f00:1::1", true, "loopback via 6to4"},
	}
	for _, tt := range tests {
		ip := netip.MustParseAddr(tt.addr)
		err := CheckAddr(ip, tt.allowLoopback)
		if tt.wantReason == "" {
			if err != nil {
				t.Errorf("CheckAddr(%s, %v) = %v, want allowed", tt.addr, tt.allowLoopback, err)
			}
			continue
		}
		var fe *ForbiddenAddressError
		if !errors.As(err, &fe) || !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("CheckAddr(%s, %v) = %v, want *ForbiddenAddressError", tt.addr, tt.allowLoopback, err)
			continue
		}
		if !strings.Contains(fe.Reason, tt.wantReason) {
			t.Errorf("CheckAddr(%s) reason %q, want it to contain %q", tt.addr, fe.Reason, tt.wantReason)
		}
		if fe.Addr != ip || !strings.Contains(err.Error(), ip.String()) {
			t.Errorf("CheckAddr(%s) error %q does not name the address", tt.addr, err)
		}
	}
}

func TestCheckAddrInvalid(t *testing.T) {
	t.Parallel()
	if err := CheckAddr(netip.Addr{}, true); !errors.Is(err, ErrForbiddenAddress) {
		t.Fatalf("zero Addr: %v, want ErrForbiddenAddress", err)
	}
}

func TestClientCheckAddrAllowPrefixes(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, func(cfg *Config) {
		cfg.AllowLoopback = false
		cfg.AllowPrefixes = []netip.Prefix{netip.MustParsePrefix("127.0.0.2/32"), netip.MustParsePrefix("10.20.0.0/16")}
	})
	for addr, allowed := range map[string]bool{
		"127.0.0.2":        true,
		"::ffff:127.0.0.2": true,
		"10.20.3.4":        true,
		"127.0.0.1":        false,
		"::1":              false,
		"10.21.0.1":        false,
		"169.254.169.254":  false,
	} {
		err := c.checkAddr(netip.MustParseAddr(addr))
		if (err == nil) != allowed {
			t.Errorf("checkAddr(%s) = %v, want allowed=%v", addr, err, allowed)
		}
	}
	// The dial-time hook sees "ip:port".
	if err := c.control("tcp4", "127.0.0.1:80", nil); !errors.Is(err, ErrForbiddenAddress) {
		t.Errorf("control(127.0.0.1:80) = %v", err)
	}
	if err := c.control("tcp6", "[::ffff:127.0.0.2]:80", nil); err != nil {
		t.Errorf("control([::ffff:127.0.0.2]:80) = %v", err)
	}
	if err := c.control("tcp", "not-an-address", nil); err == nil {
		t.Error("control(unparseable) = nil, want refusal")
	}
}
