package web

import (
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/abmsync/abmsync/internal/dnstest"
)

func TestDelayBetweenRequests(t *testing.T) {
	t.Parallel()
	site := newFixture(t, map[string]http.HandlerFunc{
		"/a": html("a"), "/b": html("b"), "/r": redirect("/a", http.StatusFound),
	})
	c, fc := newTestClient(t, func(cfg *Config) { cfg.Delay = 2 * time.Second })
	for _, p := range []string{"/a", "/b", "/r"} {
		if _, err := c.Fetch(context.Background(), site.URL+p, nil); err != nil {
			t.Fatal(err)
		}
	}
	// robots.txt, /a, /b, /r, /a: a pause before each request but the first.
	got := fc.Sleeps()
	if len(got) != 4 {
		t.Fatalf("pauses %v, want 4", got)
	}
	for _, d := range got {
		if d != 2*time.Second {
			t.Errorf("pause %v, want 2s", d)
		}
	}
	// Time that passed by itself counts towards the pause.
	fc.Advance(1500 * time.Millisecond)
	if _, err := c.Fetch(context.Background(), site.URL+"/b", nil); err != nil {
		t.Fatal(err)
	}
	if got := fc.Sleeps(); got[len(got)-1] != 500*time.Millisecond {
		t.Errorf("last pause %v, want 500ms", got[len(got)-1])
	}
}

// inflight counts requests being served, per host and overall.
type inflight struct {
	mu               sync.Mutex
	total, maxTotal  int
	perHost, maxHost map[string]int
}

func (f *inflight) wrap(h http.HandlerFunc, hold time.Duration) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.total++
		f.perHost[r.Host]++
		f.maxTotal = max(f.maxTotal, f.total)
		f.maxHost[r.Host] = max(f.maxHost[r.Host], f.perHost[r.Host])
		f.mu.Unlock()
		time.Sleep(hold)
		h(w, r)
		f.mu.Lock()
		f.total--
		f.perHost[r.Host]--
		f.mu.Unlock()
	}
}

// TestConcurrencyLimits: one request at a time per host and at most
// MaxConcurrency overall, with the whole budget in use.
func TestConcurrencyLimits(t *testing.T) {
	t.Parallel()
	f := &inflight{perHost: map[string]int{}, maxHost: map[string]int{}}
	const hold = 15 * time.Millisecond
	var sites []*fixture
	for range 4 {
		sites = append(sites, newFixture(t, map[string]http.HandlerFunc{
			"/robots.txt": f.wrap(status(404), hold),
			"/a":          f.wrap(html("a"), hold), "/b": f.wrap(html("b"), hold), "/c": f.wrap(html("c"), hold),
		}))
	}
	c, _ := newTestClient(t, func(cfg *Config) { cfg.MaxConcurrency = 2 })
	var wg sync.WaitGroup
	for _, s := range sites {
		for _, p := range []string{"/a", "/b", "/c"} {
			wg.Go(func() {
				if _, err := c.Fetch(context.Background(), s.URL+p, nil); err != nil {
					t.Error(err)
				}
			})
		}
	}
	wg.Wait()
	if f.maxTotal != 2 {
		t.Errorf("max requests in flight %d, want MaxConcurrency 2", f.maxTotal)
	}
	for host, n := range f.maxHost {
		if n != 1 {
			t.Errorf("host %s had %d requests in flight, want 1", host, n)
		}
	}
}

func TestAcquireCanceled(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, nil)
	release, err := c.acquire(context.Background(), "acme.example")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := c.acquire(ctx, "acme.example"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("acquire on a busy host: %v, want DeadlineExceeded", err)
	}
	release()
	release() // idempotent
	c.mu.Lock()
	users := c.hosts["acme.example"].users
	c.mu.Unlock()
	if users != 0 {
		t.Errorf("users = %d after release and cancel, want 0", users)
	}
	if len(c.global) != 0 {
		t.Errorf("%d global slots still held", len(c.global))
	}
}

func TestHostKey(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]string{
		"https://WWW.Acme.example/":     "www.acme.example",
		"http://acme.example:80/":       "acme.example",
		"https://acme.example:443/x":    "acme.example",
		"http://acme.example:8080/":     "acme.example:8080",
		"https://acme.example:80/":      "acme.example:80",
		"http://127.0.0.1:4711/":        "127.0.0.1:4711",
		"http://[2001:db8::1]:8080/":    "[2001:db8::1]:8080",
		"http://xn--mller-kva.example/": "xn--mller-kva.example",
	} {
		u, err := parseURL(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := hostKey(u); got != want {
			t.Errorf("hostKey(%s) = %q, want %q", raw, got, want)
		}
	}
	u, err := parseURL("https://müller.example/")
	if err != nil || u.Host != "xn--mller-kva.example" {
		t.Errorf("IDN host: %v %v", u, err)
	}
}

// TestWWWSharesTheGate fetches from www.acme.example and acme.example,
// both served by one loopback server (names from a local fake DNS server):
// they are one host for politeness, so every request after the first
// waits the pause, whichever name it uses; robots.txt is still read for
// each origin.
func TestWWWSharesTheGate(t *testing.T) {
	t.Parallel()
	site := newFixture(t, map[string]http.HandlerFunc{"/a": html("a"), "/b": html("b")})
	dns := dnstest.Start(t)
	dns.Host("acme.example", "127.0.0.1")
	dns.Host("www.acme.example", "127.0.0.1")
	c, fc := newTestClient(t, func(cfg *Config) { cfg.Delay = 2 * time.Second })
	c.dialer.Resolver = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, dns.Addr())
	}}
	_, port, _ := net.SplitHostPort(site.Listener.Addr().String())
	for _, u := range []string{"http://www.acme.example:" + port + "/a", "http://acme.example:" + port + "/b", "http://WWW.Acme.Example:" + port + "/a"} {
		if _, err := c.Fetch(context.Background(), u, nil); err != nil {
			t.Fatal(err)
		}
	}
	// robots.txt of www, /a, robots.txt of acme.example, /b, /a (the third
	// URL's origin is the first's): a pause before each request but the
	// very first.
	if got := fc.Sleeps(); len(got) != 4 || slices.ContainsFunc(got, func(d time.Duration) bool { return d != 2*time.Second }) {
		t.Errorf("pauses %v, want 4 of 2s", got)
	}
	if n := site.hits("/robots.txt"); n != 2 {
		t.Errorf("robots.txt read %d times, want 2 (one per origin)", n)
	}
}

func TestGateKey(t *testing.T) {
	t.Parallel()
	for raw, want := range map[string]string{
		"https://www.acme.example/":     "acme.example",
		"http://acme.example/x":         "acme.example",
		"https://WWW.Acme.Example./":    "acme.example",
		"http://www.acme.example:8080/": "acme.example:8080",
		"http://acme.example:8080/":     "acme.example:8080",
		"http://wwwacme.example/":       "wwwacme.example",
		"http://www2.acme.example/":     "www2.acme.example",
		"http://[2001:db8::1]:8080/":    "[2001:db8::1]:8080",
		"http://shop.www.acme.example/": "shop.www.acme.example",
	} {
		u, err := parseURL(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := gateKey(u); got != want {
			t.Errorf("gateKey(%s) = %q, want %q", raw, got, want)
		}
	}
}
