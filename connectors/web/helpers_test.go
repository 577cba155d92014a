package web

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/abmsync/abmsync/internal/clocktest"
)

const testContact = "https://abmsync.example/crawler"

// newTestClient returns a Client for loopback test servers with a fake
// clock; mod may change the config first.
func newTestClient(t testing.TB, mod func(*Config)) (*Client, *clocktest.Fake) {
	t.Helper()
	fc := clocktest.New(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	cfg := Config{ContactURL: testContact, AllowLoopback: true, Clock: fc.Now, Timeout: 5 * time.Second}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	c.sleep = fc.Sleep
	t.Cleanup(c.CloseIdleConnections)
	return c, fc
}

// fixture is a test web site: routes by path, every request recorded.
type fixture struct {
	*httptest.Server
	mu       sync.Mutex
	routes   map[string]http.HandlerFunc
	requests []*http.Request
}

// newFixture serves routes on 127.0.0.1 (or on addr, e.g. "127.0.0.2:0").
// Paths without a route get 404; "/robots.txt" defaults to 404 too.
func newFixture(t testing.TB, routes map[string]http.HandlerFunc) *fixture {
	return newFixtureOn(t, "", routes)
}

func newFixtureOn(t testing.TB, addr string, routes map[string]http.HandlerFunc) *fixture {
	t.Helper()
	f := &fixture{routes: routes}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests = append(f.requests, r.Clone(context.Background()))
		h := f.routes[r.URL.Path]
		f.mu.Unlock()
		if h == nil {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	})
	if addr == "" {
		f.Server = httptest.NewServer(h)
	} else {
		l, err := net.Listen("tcp", addr)
		if err != nil {
			t.Skipf("cannot listen on %s: %v", addr, err)
		}
		f.Server = httptest.NewUnstartedServer(h)
		f.Server.Listener.Close()
		f.Server.Listener = l
		f.Server.Start()
	}
	t.Cleanup(f.Server.Close)
	return f
}

// hits counts the requests for path.
func (f *fixture) hits(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.requests {
		if r.URL.Path == path {
			n++
		}
	}
	return n
}

// paths lists the requested paths in order.
func (f *fixture) paths() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, r := range f.requests {
		out = append(out, r.URL.Path)
	}
	return out
}

func (f *fixture) all() []*http.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]*http.Request(nil), f.requests...)
}

// html answers with an HTML body and content type (default UTF-8 HTML).
func html(body string, contentType ...string) http.HandlerFunc {
	ct := "text/html; charset=utf-8"
	if len(contentType) > 0 {
		ct = contentType[0]
	}
	return func(w http.ResponseWriter, r *http.Request) {
		if ct != "" {
			w.Header().Set("Content-Type", ct)
		} else {
			w.Header()["Content-Type"] = nil // no sniffing by net/http
		}
		_, _ = w.Write([]byte(body))
	}
}

func text(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte(body))
	}
}

func status(code int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(code) }
}

func redirect(to string, code int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", to)
		w.WriteHeader(code)
	}
}
