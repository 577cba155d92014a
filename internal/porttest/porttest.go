// Package porttest gives tests a loopback address nothing listens on, for a
// server the test starts a moment later (a daemon, a private redis-server).
package porttest

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
)

// Addr picks ports below the kernel's ephemeral range (on Linux
// /proc/sys/net/ipv4/ip_local_port_range, 32768-60999 by default). A port
// the kernel hands out for ":0" and the test then closes is soon handed out
// again, as the local port of another test's client connection, and the
// server the test starts fails with "address already in use" (seen in CI);
// ports below that range are only ever taken by listeners that ask for them.
const (
	// span is how many ports below the ephemeral range Addr draws from.
	span = 12000
	// defaultEphemeral is where Linux starts the range by default, used
	// where the kernel does not say.
	defaultEphemeral = 32768
)

// Addr returns "127.0.0.1:<port>" for a port below the ephemeral range that
// could be bound just now.
func Addr(tb testing.TB) string {
	tb.Helper()
	lo, hi := portRange()
	for range 200 {
		addr := fmt.Sprintf("127.0.0.1:%d", lo+rand.IntN(hi-lo))
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			continue
		}
		if err := ln.Close(); err != nil {
			tb.Fatalf("porttest: closing %s: %v", addr, err)
		}
		return addr
	}
	tb.Fatalf("porttest: no free port in [%d, %d) on 127.0.0.1", lo, hi)
	return ""
}

// Port is Addr's port.
func Port(tb testing.TB) int {
	tb.Helper()
	addr := Addr(tb)
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		tb.Fatalf("porttest: %s: %v", addr, err)
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		tb.Fatalf("porttest: %s: %v", addr, err)
	}
	return port
}

// portRange returns [lo, hi): the span ports below the start of the
// kernel's ephemeral range.
func portRange() (lo, hi int) {
	hi = defaultEphemeral
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		if f := strings.Fields(string(b)); len(f) == 2 {
			if n, err := strconv.Atoi(f[0]); err == nil && n > 2048 {
				hi = n
			}
		}
	}
	return max(1024, hi-span), hi
}
