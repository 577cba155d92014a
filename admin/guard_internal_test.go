package admin

import (
	"fmt"
	"testing"
	"time"

	"github.com/abmsync/abmsync/internal/clocktest"
)

// newFakeClock is the limiter's clock in these tests.
func newFakeClock() *clocktest.Fake {
	return clocktest.New(time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC))
}

func failN(l *failLimiter, addr string, n int) {
	for range n {
		l.fail(addr)
	}
}

func TestFailLimiterPerClient(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	l := newFailLimiter(clk.Now)
	const a = "203.0.113.7:50000"
	for i := range clientFailBurst {
		if ok, _ := l.allow(a); !ok {
			t.Fatalf("failure %d refused within the burst", i+1)
		}
		if locked := l.fail(a); locked != (i == clientFailBurst-1) {
			t.Errorf("failure %d: locked out = %v", i+1, locked)
		}
	}
	ok, wait := l.allow(a)
	if ok || wait <= 0 || wait > clientFailEvery {
		t.Fatalf("after the burst: allow = %v, %v; want refused for up to %v", ok, wait, clientFailEvery)
	}
	if ok, _ := l.allow("203.0.113.7:50001"); ok {
		t.Error("another port of the same address is allowed")
	}
	if ok, _ := l.allow("203.0.113.8:50000"); !ok {
		t.Error("another address is refused")
	}
	clk.Advance(clientFailEvery)
	if ok, _ := l.allow(a); !ok {
		t.Fatal("refused after one refill period")
	}
	l.fail(a)
	if ok, _ := l.allow(a); ok {
		t.Error("a second failure allowed within one refill period")
	}
}

func TestFailLimiterIPv6Prefix(t *testing.T) {
	t.Parallel()
	l := newFailLimiter(newFakeClock().Now)
	failN(l, "[2001:db8:1:2::1]:443", clientFailBurst)
	if ok, _ := l.allow("[2001:db8:1:2:ffff::9]:443"); ok {
		t.Error("another address of the same /64 is allowed")
	}
	if ok, _ := l.allow("[2001:db8:1:3::1]:443"); !ok {
		t.Error("an address of another /64 is refused")
	}
}

func TestFailLimiterGlobal(t *testing.T) {
	t.Parallel()
	clk := newFakeClock()
	l := newFailLimiter(clk.Now)
	// One failure each from many addresses: no client reaches its limit,
	// the global budget runs out.
	for i := range globalFailBurst {
		addr := fmt.Sprintf("198.51.%d.%d:1234", i/256, i%256)
		if ok, _ := l.allow(addr); !ok {
			t.Fatalf("failure %d refused within the global burst", i+1)
		}
		l.fail(addr)
	}
	if ok, wait := l.allow("192.0.2.1:1234"); ok || wait <= 0 {
		t.Errorf("a new address after the global burst: allow = %v, %v; want refused", ok, wait)
	}
	if ok, _ := l.allow("127.0.0.1:1234"); !ok {
		t.Error("loopback is refused by the global limit")
	}
	if ok, _ := l.allow("[::1]:1234"); !ok {
		t.Error("IPv6 loopback is refused by the global limit")
	}
	clk.Advance(globalFailEvery)
	if ok, _ := l.allow("192.0.2.1:1234"); !ok {
		t.Error("refused after one global refill period")
	}
}

func TestFailLimiterBoundedMemory(t *testing.T) {
	t.Parallel()
	l := newFailLimiter(newFakeClock().Now)
	for i := range maxTrackedClients + 50 {
		l.fail(fmt.Sprintf("10.%d.%d.%d:1", i>>16&255, i>>8&255, i&255))
	}
	if n := len(l.clients); n > maxTrackedClients {
		t.Errorf("%d clients tracked, want at most %d", n, maxTrackedClients)
	}
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{{0, "1"}, {100 * time.Millisecond, "1"}, {time.Second, "1"}, {5100 * time.Millisecond, "6"}} {
		if got := retryAfter(tt.d); got != tt.want {
			t.Errorf("retryAfter(%v) = %s, want %s", tt.d, got, tt.want)
		}
	}
}
