package traffic

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/abmsync/abmsync/internal/clocktest"
)

const site = "https://www.alpensync.example"

type trackerBundle struct {
	h    http.Handler
	mu   sync.Mutex
	hits []Hit
	clk  *clocktest.Fake
}

func (b *trackerBundle) recorded() []Hit {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]Hit(nil), b.hits...)
}

func setupTracker(t *testing.T, cfg TrackerConfig) *trackerBundle {
	t.Helper()
	b := &trackerBundle{clk: clocktest.New(time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC))}
	if cfg.AllowedOrigins == nil {
		cfg.AllowedOrigins = []string{site}
	}
	cfg.Now = b.clk.Now
	b.h = NewTracker(cfg, func(h Hit) { b.mu.Lock(); b.hits = append(b.hits, h); b.mu.Unlock() })
	return b
}

type req struct {
	method, target, body string
	header               map[string]string
	remote               string
}

func (b *trackerBundle) do(r req) *httptest.ResponseRecorder {
	hr := httptest.NewRequest(r.method, r.target, strings.NewReader(r.body))
	hr.RemoteAddr = "192.0.2.10:5555"
	if r.remote != "" {
		hr.RemoteAddr = r.remote
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	b.h.ServeHTTP(w, hr)
	return w
}

var jsonHdr = map[string]string{"Origin": site, "Content-Type": "application/json", "User-Agent": "Mozilla/5.0"}

func hdr(extra ...string) map[string]string {
	m := map[string]string{}
	for k, v := range jsonHdr {
		m[k] = v
	}
	for i := 0; i+1 < len(extra); i += 2 {
		if extra[i+1] == "" {
			delete(m, extra[i])
		} else {
			m[extra[i]] = extra[i+1]
		}
	}
	return m
}

func TestTracker(t *testing.T) {
	t.Parallel()
	okBody := `{"url":"https://www.alpensync.example/pricing?email=a@b.c#x","referrer":"https://www.google.com/search?q=secret","cid":"abc.123"}`
	tests := []struct {
		name       string
		cfg        TrackerConfig
		req        req
		wantCode   int
		wantHits   int
		wantHeader map[string]string // "" = must be absent
	}{
		{"json beacon from allowed origin", TrackerConfig{}, req{"POST", "/t", okBody, hdr(), ""}, 204, 1,
			map[string]string{"Access-Control-Allow-Origin": site, "Vary": "Origin"}},
		{"sendBeacon text/plain", TrackerConfig{}, req{"POST", "/t", okBody, hdr("Content-Type", "text/plain;charset=UTF-8"), ""}, 204, 1, nil},
		{"form beacon", TrackerConfig{}, req{"POST", "/t", "url=" + url.QueryEscape(site+"/a") + "&cid=x", hdr("Content-Type", "application/x-www-form-urlencoded"), ""}, 204, 1, nil},
		{"other origin", TrackerConfig{}, req{"POST", "/t", okBody, hdr("Origin", "https://evil.example"), ""}, 403, 0,
			map[string]string{"Access-Control-Allow-Origin": ""}},
		{"origin prefix trick", TrackerConfig{}, req{"POST", "/t", okBody, hdr("Origin", site+".evil.example"), ""}, 403, 0,
			map[string]string{"Access-Control-Allow-Origin": ""}},
		{"no origin", TrackerConfig{}, req{"POST", "/t", okBody, hdr("Origin", ""), ""}, 403, 0, nil},
		{"preflight allowed", TrackerConfig{}, req{"OPTIONS", "/t", "", map[string]string{"Origin": site, "Access-Control-Request-Method": "POST"}, ""}, 204, 0,
			map[string]string{"Access-Control-Allow-Origin": site, "Access-Control-Allow-Methods": "POST", "Access-Control-Allow-Headers": "Content-Type"}},
		{"preflight denied", TrackerConfig{}, req{"OPTIONS", "/t", "", map[string]string{"Origin": "https://evil.example"}, ""}, 403, 0,
			map[string]string{"Access-Control-Allow-Origin": "", "Access-Control-Allow-Methods": ""}},
		{"DNT honoured", TrackerConfig{HonorDNT: true}, req{"POST", "/t", okBody, hdr("DNT", "1"), ""}, 204, 0, nil},
		{"GPC honoured", TrackerConfig{HonorDNT: true}, req{"POST", "/t", okBody, hdr("Sec-GPC", "1"), ""}, 204, 0, nil},
		{"DNT ignored when not configured", TrackerConfig{}, req{"POST", "/t", okBody, hdr("DNT", "1"), ""}, 204, 1, nil},
		{"bot answered, not recorded", TrackerConfig{}, req{"POST", "/t", okBody, hdr("User-Agent", "Googlebot/2.1"), ""}, 204, 0, nil},
		{"body over 4 KiB", TrackerConfig{}, req{"POST", "/t", `{"url":"` + site + `/","cid":"` + strings.Repeat("a", 5000) + `"}`, hdr(), ""}, 413, 0, nil},
		{"bad json", TrackerConfig{}, req{"POST", "/t", `{"url":`, hdr(), ""}, 400, 0, nil},
		{"javascript url", TrackerConfig{}, req{"POST", "/t", `{"url":"javascript:alert(1)"}`, hdr(), ""}, 400, 0, nil},
		{"bad cid", TrackerConfig{}, req{"POST", "/t", `{"url":"https://a.example/","cid":"<script>"}`, hdr(), ""}, 400, 0, nil},
		{"unsupported content type", TrackerConfig{}, req{"POST", "/t", okBody, hdr("Content-Type", "application/xml"), ""}, 400, 0, nil},
		{"GET /t", TrackerConfig{}, req{"GET", "/t", "", nil, ""}, 405, 0, map[string]string{"Allow": "POST, OPTIONS"}},
		{"unknown path", TrackerConfig{}, req{"GET", "/admin", "", nil, ""}, 404, 0, nil},
		{"gif", TrackerConfig{}, req{"GET", "/t.gif?u=" + url.QueryEscape(site+"/docs/x?y=1") + "&r=&cid=k", "", nil, ""}, 200, 1,
			map[string]string{"Content-Type": "image/gif", "Cache-Control": "no-store, no-cache, must-revalidate, max-age=0", "Content-Length": "43", "Access-Control-Allow-Origin": ""}},
		{"gif DNT", TrackerConfig{HonorDNT: true}, req{"GET", "/t.gif?u=" + url.QueryEscape(site+"/"), "", map[string]string{"DNT": "1"}, ""}, 200, 0,
			map[string]string{"Content-Type": "image/gif"}},
		{"gif bad url", TrackerConfig{}, req{"GET", "/t.gif?u=%3Cscript%3E", "", nil, ""}, 400, 0, nil},
		{"gif POST", TrackerConfig{}, req{"POST", "/t.gif", "", nil, ""}, 405, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setupTracker(t, tt.cfg)
			w := b.do(tt.req)
			if w.Code != tt.wantCode {
				t.Errorf("status = %d, want %d (body %q)", w.Code, tt.wantCode, w.Body)
			}
			if n := len(b.recorded()); n != tt.wantHits {
				t.Errorf("recorded %d hits, want %d", n, tt.wantHits)
			}
			for k, v := range tt.wantHeader {
				if got := w.Header().Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
			if w.Code >= 400 && strings.ContainsAny(w.Body.String(), "<>\"") {
				t.Errorf("error body not fixed text: %q", w.Body)
			}
		})
	}
}

func TestTrackerHitContents(t *testing.T) {
	t.Parallel()
	b := setupTracker(t, TrackerConfig{})
	b.do(req{"POST", "/t", `{"url":"https://www.alpensync.example/pricing?email=a@b.c#x","referrer":"https://www.google.com/search?q=secret","cid":"abc.123"}`, hdr(), ""})
	w := b.do(req{"GET", "/t.gif?u=" + url.QueryEscape(site+"/docs") + "&cid=k", "", nil, "[2001:db8::5]:443"})
	if !bytes.Equal(w.Body.Bytes(), transparentGIF) {
		t.Errorf("gif body = %x", w.Body.Bytes())
	}
	hits := b.recorded()
	want := []Hit{
		{IP: netip.MustParseAddr("192.0.2.10"), Time: b.clk.Now(), Method: "POST", Path: "/pricing", Referrer: "https://www.google.com/search", UserAgent: "Mozilla/5.0", Status: 200, CookieID: "abc.123"},
		{IP: netip.MustParseAddr("2001:db8::5"), Time: b.clk.Now(), Method: "GET", Path: "/docs", Status: 200, CookieID: "k"},
	}
	if len(hits) != 2 || hits[0] != want[0] || hits[1] != want[1] {
		t.Errorf("hits\n got  %+v\n want %+v", hits, want)
	}
}

func TestTrackerGIFIsValid1x1(t *testing.T) {
	t.Parallel()
	if len(transparentGIF) != 43 || string(transparentGIF[:6]) != "GIF89a" || transparentGIF[6] != 1 || transparentGIF[8] != 1 || transparentGIF[42] != 0x3b {
		t.Errorf("not a 1x1 GIF89a: %x", transparentGIF)
	}
}

func TestTrackerRateLimit(t *testing.T) {
	t.Parallel()
	b := setupTracker(t, TrackerConfig{RatePerMinute: 3, MaxClients: 2})
	gif := "/t.gif?u=" + url.QueryEscape(site+"/")
	codes := func(remote string, n int) string {
		var s []string
		for range n {
			s = append(s, http.StatusText(b.do(req{"GET", gif, "", nil, remote}).Code)[:2])
		}
		return strings.Join(s, " ")
	}
	if got := codes("192.0.2.1:1", 4); got != "OK OK OK To" {
		t.Errorf("burst: %s", got)
	}
	w := b.do(req{"GET", gif, "", nil, "192.0.2.1:1"})
	if w.Code != 429 || w.Header().Get("Retry-After") == "" {
		t.Errorf("429 without Retry-After: %d %v", w.Code, w.Header())
	}
	if got := codes("192.0.2.2:1", 1); got != "OK" {
		t.Errorf("other client limited: %s", got)
	}
	// Same /64 shares a bucket.
	if got := codes("[2001:db8:1:2::1]:1", 2) + " " + codes("[2001:db8:1:2::ffff]:1", 2); got != "OK OK OK To" {
		t.Errorf("ipv6 /64: %s", got)
	}
	b.clk.Advance(20 * time.Second) // one token back at 3/min
	if got := codes("[2001:db8:1:2::1]:1", 2); got != "OK To" {
		t.Errorf("refill: %s", got)
	}
	tr := b.h.(*tracker)
	if tr.buckets.len() > 2 {
		t.Errorf("rate limiter holds %d clients, cap 2", tr.buckets.len())
	}
}

func TestTrackerClientIP(t *testing.T) {
	t.Parallel()
	cfg := TrackerConfig{TrustProxy: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}}
	tests := []struct {
		remote, xff, want string
	}{
		{"192.0.2.10:1", "203.0.113.1", "192.0.2.10"},                        // untrusted remote: XFF ignored
		{"10.0.0.1:1", "203.0.113.1", "203.0.113.1"},                         // trusted proxy
		{"10.0.0.1:1", "198.51.100.9, 203.0.113.1, 10.0.0.2", "203.0.113.1"}, // rightmost untrusted
		{"[::1]:1", "2001:db8::7", "2001:db8::7"},
		{"10.0.0.1:1", "garbage, 203.0.113.1", "203.0.113.1"},
		{"10.0.0.1:1", "203.0.113.1, garbage", "10.0.0.1"},
		{"10.0.0.1:1", "", "10.0.0.1"},
		{"[::ffff:192.0.2.3]:1", "", "192.0.2.3"},
	}
	for _, tt := range tests {
		b := setupTracker(t, cfg)
		h := map[string]string{}
		if tt.xff != "" {
			h["X-Forwarded-For"] = tt.xff
		}
		b.do(req{"GET", "/t.gif?u=" + url.QueryEscape(site+"/"), "", h, tt.remote})
		hits := b.recorded()
		if len(hits) != 1 || hits[0].IP.String() != tt.want {
			t.Errorf("remote %s xff %q: hits %+v, want ip %s", tt.remote, tt.xff, hits, tt.want)
		}
	}
}

func FuzzTracker(f *testing.F) {
	f.Add("POST", "/t", `{"url":"https://a.example/x","cid":"c"}`, "application/json", site, "1")
	f.Add("GET", "/t.gif?u=https%3A%2F%2Fa.example%2F&r=x&cid=%00", "", "", "", "")
	f.Add("OPTIONS", "/t", "", "", site, "")
	f.Add("POST", "/t", "url=%ZZ&cid=<x>", "multipart/form-data; boundary=x", site, "1")
	f.Add("POST", "/t", "--x\r\nContent-Disposition: form-data; name=\"url\"\r\n\r\nhttps://a/\r\n--x--", "multipart/form-data; boundary=x", site, "")
	fixed := map[string]bool{}
	for _, c := range []int{400, 403, 404, 405, 413, 429} {
		fixed[http.StatusText(c)+"\n"] = true
	}
	f.Fuzz(func(t *testing.T, method, target, body, ctype, origin, dnt string) {
		b := setupTracker(t, TrackerConfig{HonorDNT: true, RatePerMinute: 1 << 20})
		hr, err := http.NewRequest(method, "http://track.example"+target, strings.NewReader(body))
		if err != nil {
			return
		}
		hr.RemoteAddr = "192.0.2.1:1"
		hr.Header.Set("Content-Type", ctype)
		hr.Header.Set("Origin", origin)
		hr.Header.Set("DNT", dnt)
		w := httptest.NewRecorder()
		b.h.ServeHTTP(w, hr)
		switch w.Code {
		case 200:
			if !bytes.Equal(w.Body.Bytes(), transparentGIF) && method != "HEAD" {
				t.Fatalf("200 with body %q", w.Body)
			}
		case 204:
			if w.Body.Len() != 0 {
				t.Fatalf("204 with body")
			}
		default:
			if !fixed[w.Body.String()] {
				t.Fatalf("status %d body %q not a fixed text", w.Code, w.Body)
			}
		}
		if o := w.Header().Get("Access-Control-Allow-Origin"); o != "" && o != site {
			t.Fatalf("CORS for %q", o)
		}
		for _, h := range b.recorded() {
			if !strings.HasPrefix(h.Path, "/") || !validCID(h.CookieID) {
				t.Fatalf("recorded unsanitised hit %+v", h)
			}
		}
	})
}
