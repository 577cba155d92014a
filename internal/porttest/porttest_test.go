package porttest

import (
	"net"
	"testing"
)

// TestAddr checks that the address is on loopback, below the ephemeral
// range, and free: the test can listen on it.
func TestAddr(t *testing.T) {
	lo, hi := portRange()
	if hi-lo < 1000 || lo < 1024 {
		t.Fatalf("port range [%d, %d)", lo, hi)
	}
	for range 20 {
		addr := Addr(t)
		host, _, err := net.SplitHostPort(addr)
		if err != nil || host != "127.0.0.1" {
			t.Fatalf("Addr() = %q, want 127.0.0.1:<port>", addr)
		}
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			t.Fatalf("Addr() = %q, but listening on it fails: %v", addr, err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		if port < lo || port >= hi {
			t.Errorf("port %d outside [%d, %d)", port, lo, hi)
		}
	}
	if p := Port(t); p < lo || p >= hi {
		t.Errorf("Port() = %d outside [%d, %d)", p, lo, hi)
	}
}

// TestClosedAddr checks that nothing answers on the closed address.
func TestClosedAddr(t *testing.T) {
	addr := ClosedAddr(t)
	if c, err := net.Dial("tcp", addr); err == nil {
		c.Close()
		t.Fatalf("something listens on %s", addr)
	}
}
