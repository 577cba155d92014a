// Package porttest gives tests a loopback address nothing listens on, for a
// server the test starts a moment later (a daemon, a private redis-server).
package porttest

import (
	"fmt"
	"math/rand/v2"
	"net"
	"testing"
)

// Range is where Addr picks ports: below the kernel's ephemeral range
// (32768-60999 on Linux). A port the kernel hands out for ":0" and the test
// then closes is soon handed out again, as the local port of another test's
// client connection, and the server the test starts fails with "address
// already in use" (seen in CI); ports below that range are only ever taken
// by listeners that ask for them.
const (
	RangeStart = 20000
	RangeEnd   = 32000
)

// Addr returns "127.0.0.1:<port>" for a port in [RangeStart, RangeEnd) that
// could be bound just now.
func Addr(tb testing.TB) string {
	tb.Helper()
	for range 200 {
		addr := fmt.Sprintf("127.0.0.1:%d", RangeStart+rand.IntN(RangeEnd-RangeStart))
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			continue
		}
		ln.Close()
		return addr
	}
	tb.Fatalf("porttest: no free port in [%d, %d) on 127.0.0.1", RangeStart, RangeEnd)
	return ""
}

// Port is Addr's port.
func Port(tb testing.TB) int {
	tb.Helper()
	_, p, _ := net.SplitHostPort(Addr(tb))
	var port int
	fmt.Sscan(p, &port)
	return port
}
