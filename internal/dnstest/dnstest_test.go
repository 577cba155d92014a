package dnstest

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"testing"
	"time"
)

func resolver(s *Server) *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, s.Addr())
	}}
}

func TestReverseName(t *testing.T) {
	t.Parallel()
	tests := []struct{ ip, want string }{
		{"192.0.2.10", "10.2.0.192.in-addr.arpa."},
		{"::ffff:192.0.2.10", "10.2.0.192.in-addr.arpa."},
		{"2001:db8::567:89ab", "b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa."},
	}
	for _, tt := range tests {
		if got := ReverseName(netip.MustParseAddr(tt.ip)); got != tt.want {
			t.Errorf("ReverseName(%s) = %s, want %s", tt.ip, got, tt.want)
		}
	}
}

func TestServer(t *testing.T) {
	t.Parallel()
	s := Start(t)
	s.PTR("192.0.2.1", "Host.Example.COM")
	s.Host("host.example.com.", "192.0.2.1", "2001:db8::1")
	s.Host("v4only.example.com", "192.0.2.2")
	r := resolver(s)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	names, err := r.LookupAddr(ctx, "192.0.2.1")
	if err != nil || len(names) != 1 || names[0] != "host.example.com." {
		t.Errorf("LookupAddr = %v, %v", names, err)
	}
	addrs, err := r.LookupNetIP(ctx, "ip", "host.example.com.")
	if err != nil || len(addrs) != 2 {
		t.Errorf("LookupNetIP(host) = %v, %v; want the A and the AAAA", addrs, err)
	}
	// A known name without AAAA is NODATA, not NXDOMAIN: the A still counts.
	addrs, err = r.LookupNetIP(ctx, "ip", "v4only.example.com.")
	if err != nil || len(addrs) != 1 {
		t.Errorf("LookupNetIP(v4only) = %v, %v", addrs, err)
	}
	for _, lookup := range []func() error{
		func() error { _, err := r.LookupAddr(ctx, "192.0.2.200"); return err },
		func() error { _, err := r.LookupNetIP(ctx, "ip", "nowhere.example.com."); return err },
	} {
		var de *net.DNSError
		if err := lookup(); !errors.As(err, &de) || !de.IsNotFound {
			t.Errorf("unknown name: err = %v, want not found", err)
		}
	}
	if s.Queries() < 5 || s.TCPQueries() != 0 {
		t.Errorf("queries %d (tcp %d): %v", s.Queries(), s.TCPQueries(), s.Log())
	}

	s.SetTruncate(true)
	if names, err := r.LookupAddr(ctx, "192.0.2.1"); err != nil || len(names) != 1 {
		t.Errorf("LookupAddr over TCP = %v, %v", names, err)
	}
	if s.TCPQueries() == 0 {
		t.Error("truncated answers did not make the resolver use TCP")
	}
	s.Close()
	s.Close() // idempotent
}

// TestServerDelay checks that a delayed server still takes every query at
// once: all of them arrive before the first answer leaves.
func TestServerDelay(t *testing.T) {
	t.Parallel()
	s := Start(t)
	s.PTR("192.0.2.1", "host.example.com")
	s.SetDelay(time.Second)
	r := resolver(s)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	const n = 8
	answered := make(chan error, n)
	for range n {
		go func() {
			_, err := r.LookupAddr(ctx, "192.0.2.1")
			answered <- err
		}()
	}
	for s.Queries() < n && ctx.Err() == nil {
		time.Sleep(time.Millisecond)
	}
	if len(answered) != 0 {
		t.Errorf("%d answers before all %d queries arrived (%d)", len(answered), n, s.Queries())
	}
	for range n {
		if err := <-answered; err != nil {
			t.Errorf("delayed LookupAddr: %v", err)
		}
	}
}
