package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidateDNSServer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		server string
		ok     bool
	}{
		{"", true},
		{"127.0.0.1:5353", true},
		{"[::1]:53", true},
		{"10.0.0.2:53", true},
		{"127.0.0.1", false},          // no port
		{"dns.internal:53", false},    // a name would need DNS to reach DNS
		{"127.0.0.1:0", false},        // no port
		{"127.0.0.1:99999", false},    // out of range
		{"udp://127.0.0.1:53", false}, // not host:port
	}
	for _, tt := range tests {
		t.Run(tt.server, func(t *testing.T) {
			t.Parallel()
			c := Default()
			c.Traffic.DNSServer = tt.server
			err := c.Validate()
			if tt.ok {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			asError(t, err, "traffic.dns_server")
			if !strings.Contains(err.Error(), "IP:port") {
				t.Errorf("error %q does not say what is wanted", err)
			}
		})
	}
}

func TestLoadDNSServer(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "abmsync.yaml")
	if err := os.WriteFile(path, []byte("traffic:\n  dns_server: \"127.0.0.1:5353\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if c.Traffic.DNSServer != "127.0.0.1:5353" || !c.Traffic.ReverseDNS {
		t.Errorf("traffic = %+v, want dns_server 127.0.0.1:5353 with reverse_dns still on", c.Traffic)
	}
	if Default().Traffic.DNSServer != "" {
		t.Error("the default is not the system resolver")
	}
}
