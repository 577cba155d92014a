// Package porttest gives tests loopback addresses: one nothing listens on
// yet, for a server the test starts a moment later (a daemon, a private
// redis-server), and one nothing listens on at all, for a test of an
// unreachable peer. It imports nothing of the module and is meant for
// tests only.
package porttest

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
)

const (
	// span is how many ports below the ephemeral range Addr draws from.
	span = 12000
	// defaultEphemeral is where Linux starts the ephemeral range by
	// default, used where the kernel does not say.
	defaultEphemeral = 32768
)

// Addr returns "127.0.0.1:<port>" for a port that could be bound just now,
// below the kernel's ephemeral range (on Linux
// /proc/sys/net/ipv4/ip_local_port_range, 32768-60999 by default). A port
// the kernel hands out for ":0" and the test then closes is soon handed out
// again, as the local port of another test's client connection, and the
// server the test starts fails with "address already in use" (seen in CI);
// ports below that range are only ever taken by listeners that ask for them.
func Addr(tb testing.TB) string {
	tb.Helper()
	return fmt.Sprintf("127.0.0.1:%d", Port(tb))
}

// Port is Addr's port.
func Port(tb testing.TB) int {
	tb.Helper()
	lo, hi := portRange()
	for range 200 {
		port := lo + rand.IntN(hi-lo)
		ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			continue
		}
		if err := ln.Close(); err != nil {
			tb.Fatalf("porttest: closing port %d: %v", port, err)
		}
		return port
	}
	tb.Fatalf("porttest: no free port in [%d, %d) on 127.0.0.1", lo, hi)
	return 0
}

// ClosedAddr returns a loopback address nothing listens on: one the kernel
// picked for ":0" and that is closed again. Addr's range is where other
// tests start their servers, so it would be the worse choice here.
func ClosedAddr(tb testing.TB) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		tb.Fatal(err)
	}
	return addr
}

// portRange returns [lo, hi): the span ports below the start of the
// kernel's ephemeral range, read once.
var portRange = sync.OnceValues(readPortRange)

func readPortRange() (lo, hi int) {
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
