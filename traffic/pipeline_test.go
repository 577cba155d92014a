package traffic

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// gatedDNS wraps a Resolver: reverse look-ups wait on gate (when set) and
// then for a delay that differs per address, so look-ups finish in another
// order than they started; it records the most look-ups ever in flight and
// the reverse look-ups per address.
type gatedDNS struct {
	Resolver
	gate     chan struct{} // nil: no waiting
	inflight atomic.Int64
	peak     atomic.Int64
	mu       sync.Mutex
	asked    map[string]int
}

func newGatedDNS(r Resolver, gate chan struct{}) *gatedDNS {
	return &gatedDNS{Resolver: r, gate: gate, asked: map[string]int{}}
}

func (s *gatedDNS) LookupAddr(ctx context.Context, addr string) ([]string, error) {
	n := s.inflight.Add(1)
	defer s.inflight.Add(-1)
	for p := s.peak.Load(); n > p && !s.peak.CompareAndSwap(p, n); p = s.peak.Load() {
	}
	s.mu.Lock()
	s.asked[addr]++
	s.mu.Unlock()
	if s.gate != nil {
		select {
		case <-s.gate:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	select {
	case <-time.After(time.Duration(len(addr)*37%5) * time.Millisecond):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return s.Resolver.LookupAddr(ctx, addr)
}

// emitted is one hit handed on by a Pipeline.
type emitted struct {
	ip, path, id, how string
}

func collect(out *[]emitted) func(Hit, string, string) error {
	return func(h Hit, id, how string) error {
		*out = append(*out, emitted{h.IP.String(), h.Path, id, how})
		return nil
	}
}

// testHits returns n hits cycling through addresses of every kind: ranges,
// confirmed and unconfirmed PTR names, NXDOMAIN, a DNS failure, IPv6 and
// no address at all.
func testHits(n int) []Hit {
	ips := []string{
		"203.0.113.10", "198.51.100.7", "203.0.113.11", "192.0.2.1", "203.0.113.14",
		"203.0.113.66", "2001:db8:bb::1", "203.0.113.15", "::ffff:203.0.113.10", "",
		"203.0.113.12", "192.0.2.2", "192.0.2.3", "2001:db8:aa:1::5", "203.0.113.13",
	}
	hits := make([]Hit, n)
	for i := range hits {
		var ip netip.Addr
		// Uneven strides so that an address recurs at varying distances.
		if s := ips[(i*i+i/3)%len(ips)]; s != "" {
			ip = netip.MustParseAddr(s)
		}
		hits[i] = Hit{IP: ip, Path: fmt.Sprintf("/p%d", i), Time: time.Unix(int64(i), 0)}
	}
	return hits
}

// TestPipelineSameAsMatch runs the same hits through Match one by one and
// through Pipelines of several sizes: every Pipeline emits every hit, in
// order, with Match's result, and asks for each address once.
func TestPipelineSameAsMatch(t *testing.T) {
	t.Parallel()
	hits := testHits(600)
	seq, _ := setupMatcher(t)
	var want []emitted
	for _, h := range hits {
		id, how := seq.Match(t.Context(), h.IP, "")
		want = append(want, emitted{h.IP.String(), h.Path, id, how})
	}

	tests := []struct {
		name string
		cfg  PipelineConfig
	}{
		{"one look-up at a time", PipelineConfig{Lookups: 1}},
		{"defaults", PipelineConfig{}},
		{"window smaller than the look-ups", PipelineConfig{Lookups: 8, Window: 3}},
		{"window of one", PipelineConfig{Lookups: 4, Window: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, fake := setupMatcher(t)
			dns := newGatedDNS(fake, nil)
			m, err := NewMatcher(testAccounts(), dns, MatcherConfig{})
			if err != nil {
				t.Fatal(err)
			}
			var got []emitted
			p := m.NewPipeline(t.Context(), tt.cfg, collect(&got))
			defer p.Close()
			for _, h := range hits {
				if err := p.Add(h); err != nil {
					t.Fatal(err)
				}
			}
			if err := p.Flush(); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				for i := range min(len(got), len(want)) {
					if got[i] != want[i] {
						t.Fatalf("%d hits emitted, want %d; first difference at %d: %+v, want %+v", len(got), len(want), i, got[i], want[i])
					}
				}
				t.Fatalf("%d hits emitted, want %d", len(got), len(want))
			}
			dns.mu.Lock()
			defer dns.mu.Unlock()
			for addr, n := range dns.asked {
				if n != 1 {
					t.Errorf("%s looked up %d times, want once", addr, n)
				}
			}
			if lookups := max(tt.cfg.Lookups, 0); lookups > 0 && dns.peak.Load() > int64(lookups) {
				t.Errorf("%d look-ups in flight, want at most %d", dns.peak.Load(), lookups)
			}
		})
	}
}

// TestPipelineBounds holds every look-up and checks what the Pipeline
// holds meanwhile: at most Lookups look-ups for distinct addresses, at
// most Window hits of one address, and that one address is asked once.
func TestPipelineBounds(t *testing.T) {
	t.Parallel()
	const lookups, window = 3, 10
	tests := []struct {
		name string
		ip   func(i int) netip.Addr
		// accepted is how many Adds return before the Pipeline blocks.
		accepted int64
	}{
		{"distinct addresses wait for a look-up slot", func(i int) netip.Addr {
			return netip.AddrFrom4([4]byte{192, 0, 2, byte(i + 1)})
		}, lookups},
		{"one address fills the window", func(int) netip.Addr {
			return netip.MustParseAddr("203.0.113.10")
		}, window},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, fake := setupMatcher(t)
			gate := make(chan struct{})
			dns := newGatedDNS(fake, gate)
			m, err := NewMatcher(testAccounts(), dns, MatcherConfig{})
			if err != nil {
				t.Fatal(err)
			}
			var got []emitted
			p := m.NewPipeline(t.Context(), PipelineConfig{Lookups: lookups, Window: window}, collect(&got))
			defer p.Close()
			var added atomic.Int64
			done := make(chan error, 1)
			go func() {
				for i := range 50 {
					if err := p.Add(Hit{IP: tt.ip(i), Path: "/"}); err != nil {
						done <- err
						return
					}
					added.Add(1)
				}
				done <- p.Flush()
			}()
			for added.Load() < tt.accepted {
				time.Sleep(time.Millisecond)
			}
			// Nothing is answered yet: the Pipeline must stay blocked.
			time.Sleep(50 * time.Millisecond)
			if n := added.Load(); n != tt.accepted {
				t.Errorf("%d hits accepted while the look-ups hang, want %d", n, tt.accepted)
			}
			if n := dns.peak.Load(); n > lookups {
				t.Errorf("%d look-ups in flight, want at most %d", n, lookups)
			}
			close(gate)
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if len(got) != 50 {
				t.Errorf("%d hits emitted, want 50", len(got))
			}
			dns.mu.Lock()
			defer dns.mu.Unlock()
			for addr, n := range dns.asked {
				if n != 1 {
					t.Errorf("%s looked up %d times, want once", addr, n)
				}
			}
		})
	}
}

// TestPipelineCancel cancels the context while every look-up hangs: Add
// returns the context's error at once, nothing unresolved is emitted,
// Close ends the look-ups, and the cut-short answers are not cached.
func TestPipelineCancel(t *testing.T) {
	t.Parallel()
	_, fake := setupMatcher(t)
	dns := newGatedDNS(fake, make(chan struct{})) // never opened
	m, err := NewMatcher(testAccounts(), dns, MatcherConfig{LookupTimeout: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	var got []emitted
	p := m.NewPipeline(ctx, PipelineConfig{Lookups: 2}, collect(&got))
	done := make(chan error, 1)
	go func() {
		for i := range 100 {
			if err := p.Add(Hit{IP: netip.AddrFrom4([4]byte{192, 0, 2, byte(i + 1)})}); err != nil {
				done <- err
				return
			}
		}
		done <- p.Flush()
	}()
	for dns.inflight.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("Add after cancel: %v, want context.Canceled", err)
	}
	p.Close()
	p.Close() // idempotent
	if n := dns.inflight.Load(); n != 0 {
		t.Errorf("%d look-ups still running after Close", n)
	}
	if len(got) != 0 {
		t.Errorf("emitted %+v after cancel, want nothing", got)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if n := m.cache.len(); n != 0 {
		t.Errorf("%d cancelled answers cached, want none", n)
	}
}

// TestPipelineEmitError stops at the first error of emit and returns it.
func TestPipelineEmitError(t *testing.T) {
	t.Parallel()
	m, _ := setupMatcher(t)
	errFull := errors.New("full")
	n := 0
	p := m.NewPipeline(t.Context(), PipelineConfig{}, func(Hit, string, string) error {
		n++
		if n == 3 {
			return errFull
		}
		return nil
	})
	defer p.Close()
	var err error
	for _, h := range testHits(20) {
		if err = p.Add(h); err != nil {
			break
		}
	}
	if err == nil {
		err = p.Flush()
	}
	if !errors.Is(err, errFull) || n != 3 {
		t.Errorf("err %v after %d emits, want %v after 3", err, n, errFull)
	}
}

var _ Resolver = (*gatedDNS)(nil)
