package admin

import (
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"sync"
	"time"
)

// Failed-authentication limits. A client address (an IPv6 address counts
// by its /64, which one subscriber usually holds whole) may fail
// clientFailBurst times in a row, then once every clientFailEvery; all
// clients together may fail globalFailBurst times, then once every
// globalFailEvery. A client over its limit, or any non-loopback client
// while the global budget is spent, gets 429 without its credentials being
// compared, so the limit bounds guesses, not only their answers. Loopback
// clients are spared the global limit: a distributed attack then cannot
// lock out the CLI on the daemon's own machine.
const (
	clientFailBurst = 10
	clientFailEvery = 6 * time.Second // 10 a minute
	globalFailBurst = 100
	globalFailEvery = 600 * time.Millisecond // 100 a minute
	// maxTrackedClients bounds the limiter's memory; when it is full of
	// clients still within their lockout, new addresses share the global
	// budget's fate (refused while it is spent).
	maxTrackedClients = 10000
)

// Reasons of a failed authentication, the "reason" label of
// abmsync_admin_auth_failures_total.
const (
	FailWrongToken  = "wrong_token"
	FailRateLimited = "rate_limited"
)

// AuthMetrics counts failed authentications (telemetry.AdminMetrics).
type AuthMetrics interface {
	CountAuthFailure(reason string)
}

// bucket is a token bucket of allowed failures.
type bucket struct {
	tokens float64
	last   time.Time
}

// level refills b for the time since its last use (a new bucket is full)
// and returns how many failures it allows now.
func (b *bucket) level(now time.Time, burst float64, every time.Duration) float64 {
	if b.last.IsZero() {
		b.tokens, b.last = burst, now
	}
	if el := now.Sub(b.last); el > 0 {
		b.tokens = math.Min(burst, b.tokens+float64(el)/float64(every))
		b.last = now
	}
	return b.tokens
}

// failLimiter limits failed authentications per client address and
// globally (see clientFailBurst).
type failLimiter struct {
	now func() time.Time

	mu      sync.Mutex
	global  bucket
	clients map[netip.Prefix]*bucket
}

func newFailLimiter(now func() time.Time) *failLimiter {
	if now == nil {
		now = time.Now
	}
	return &failLimiter{now: now, clients: map[netip.Prefix]*bucket{}}
}

// clientKey is the address a remote address is limited by: an IPv4
// address, or an IPv6 address's /64, and whether it is a loopback address.
// Remote addresses that are not IP addresses share the zero key.
func clientKey(remoteAddr string) (key netip.Prefix, loopback bool) {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Prefix{}, false
	}
	ip = ip.Unmap()
	bits := 32
	if ip.Is6() {
		bits = 64
	}
	p, _ := ip.Prefix(bits)
	return p, ip.IsLoopback()
}

// allow reports whether a request from remoteAddr may have its credentials
// checked, and when not, after how long it may.
func (l *failLimiter) allow(remoteAddr string) (bool, time.Duration) {
	key, loopback := clientKey(remoteAddr)
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if b := l.clients[key]; b != nil {
		if lvl := b.level(now, clientFailBurst, clientFailEvery); lvl < 1 {
			return false, time.Duration((1 - lvl) * float64(clientFailEvery))
		}
	}
	if !loopback {
		if lvl := l.global.level(now, globalFailBurst, globalFailEvery); lvl < 1 {
			return false, time.Duration((1 - lvl) * float64(globalFailEvery))
		}
	}
	return true, 0
}

// fail spends one failure of remoteAddr's budget and of the global one; it
// returns true when this failure spent the client's last one (the client
// is locked out from now on, and that deserves one log line).
func (l *failLimiter) fail(remoteAddr string) bool {
	key, loopback := clientKey(remoteAddr)
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.clients[key]
	if b == nil {
		if len(l.clients) >= maxTrackedClients {
			l.prune(now)
		}
		if len(l.clients) >= maxTrackedClients {
			// Every tracked client is still locked out: do not grow.
			// This client's failures still spend the global budget.
			l.global.level(now, globalFailBurst, globalFailEvery)
			l.global.tokens = math.Max(0, l.global.tokens-1)
			return false
		}
		b = &bucket{}
		l.clients[key] = b
	}
	b.level(now, clientFailBurst, clientFailEvery)
	b.tokens = math.Max(0, b.tokens-1)
	if !loopback {
		l.global.level(now, globalFailBurst, globalFailEvery)
		l.global.tokens = math.Max(0, l.global.tokens-1)
	}
	return b.tokens < 1
}

// prune forgets clients whose budget has refilled: they are as good as new.
func (l *failLimiter) prune(now time.Time) {
	for k, b := range l.clients {
		if b.level(now, clientFailBurst, clientFailEvery) >= clientFailBurst {
			delete(l.clients, k)
		}
	}
}

// retryAfter formats d as a Retry-After value: whole seconds, at least 1.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
}

// Admin HTTP server timeouts. ReadTimeout bounds the headers and body of a
// request before its credentials are known; the routes that stream large
// bodies (the imports) lift both deadlines once the request is
// authenticated (longRequest).
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = 30 * time.Second
	WriteTimeout      = 2 * time.Minute
	IdleTimeout       = 2 * time.Minute
)

// NewHTTPServer returns the admin server's http.Server for h (Server.Handler)
// with its timeouts set.
func NewHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    64 << 10,
	}
}

// longRequest lifts the server's read and write deadlines for next: an
// authenticated import may stream a large file for longer than
// ReadTimeout. Mount it inside auth, never in front of it.
func longRequest(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		// Errors mean the connection does not support deadlines (a test
		// recorder); the request then runs as it would have.
		_ = rc.SetReadDeadline(time.Time{})
		_ = rc.SetWriteDeadline(time.Time{})
		next.ServeHTTP(w, r)
	})
}

// dropBody makes the server close the connection after a refused request
// instead of reading the rest of its body, so that a client trickling a
// body it has no right to send holds the connection no longer.
func dropBody(w http.ResponseWriter, r *http.Request) {
	if r.ContentLength == 0 {
		return
	}
	w.Header().Set("Connection", "close")
	_ = http.NewResponseController(w).SetReadDeadline(time.Now())
}
