package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRobotsStatus(t *testing.T) {
	t.Parallel()
	hangup := func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}
	tests := []struct {
		name       string
		robots     http.HandlerFunc
		extra      map[string]http.HandlerFunc
		allowed    bool
		wantReason string
	}{
		{"200 disallow", text("User-agent: *\nDisallow: /page\n"), nil, false, "disallowed by robots.txt"},
		{"200 empty", text(""), nil, true, ""},
		{"200 other path", text("User-agent: *\nDisallow: /other\n"), nil, true, ""},
		{"404 allows all", status(404), nil, true, ""},
		{"403 allows all", status(403), nil, true, ""},
		{"410 allows all", status(410), nil, true, ""},
		{"500 disallows all", status(500), nil, false, "robots.txt returned 500"},
		{"503 disallows all", status(503), nil, false, "robots.txt returned 503"},
		{"429 disallows all", status(429), nil, false, "robots.txt returned 429"},
		{"unreachable disallows all", hangup, nil, false, "robots.txt unreachable"},
		{"redirect followed", redirect("/real-robots.txt", 301),
			map[string]http.HandlerFunc{"/real-robots.txt": text("User-agent: *\nDisallow: /\n")}, false, "disallowed by robots.txt"},
		{"redirect loop disallows all", redirect("/robots.txt", 302), nil, false, "robots.txt unreachable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			routes := map[string]http.HandlerFunc{"/robots.txt": tt.robots, "/page": html("<p>x</p>")}
			for k, v := range tt.extra {
				routes[k] = v
			}
			site := newFixture(t, routes)
			c, _ := newTestClient(t, nil)
			_, err := c.Fetch(context.Background(), site.URL+"/page", nil)
			if tt.allowed {
				if err != nil {
					t.Fatalf("Fetch = %v, want allowed", err)
				}
				return
			}
			var re *RobotsError
			if !errors.Is(err, ErrDisallowedByRobots) || !errors.As(err, &re) {
				t.Fatalf("Fetch = %v, want ErrDisallowedByRobots", err)
			}
			if re.URL != site.URL+"/page" || !strings.Contains(re.Reason, tt.wantReason) {
				t.Errorf("RobotsError{URL: %q, Reason: %q}, want the page URL and %q", re.URL, re.Reason, tt.wantReason)
			}
			if got := site.hits("/page"); got != 0 {
				t.Errorf("disallowed page requested %d times", got)
			}
		})
	}
}

func TestRobotsRules(t *testing.T) {
	t.Parallel()
	const robots = `# groups: ours wins over *
User-Agent: ABMSYNC
Disallow: /a
Disallow: /*?sid=
Disallow: /intern
Allow: /intern/team

User-agent: abm
Disallow: /

User-agent: *
Disallow: /b
`
	site := newFixture(t, map[string]http.HandlerFunc{"/robots.txt": text(robots)})
	c, _ := newTestClient(t, nil)
	for path, allowed := range map[string]bool{
		"/":             true,
		"/a":            false,
		"/a/team":       false,
		"/b":            true, // the * group does not apply to abmsync
		"/team?sid=1":   false,
		"/team?lang=de": true,
		"/intern/":      false,
		"/intern/team":  true,
	} {
		_, err := c.Fetch(context.Background(), site.URL+path, nil)
		if got := !errors.Is(err, ErrDisallowedByRobots); got != allowed {
			t.Errorf("%s: err %v, want allowed=%v", path, err, allowed)
		}
	}
	if got := site.hits("/robots.txt"); got != 1 {
		t.Errorf("robots.txt fetched %d times, want 1", got)
	}
}

// TestRobotsCached: one robots.txt fetch serves many pages and concurrent
// callers until RobotsTTL passes; a 5xx answer is asked again sooner.
func TestRobotsCached(t *testing.T) {
	t.Parallel()
	site := newFixture(t, map[string]http.HandlerFunc{
		"/robots.txt": text("User-agent: *\nDisallow: /private\n"),
		"/a":          html("a"), "/b": html("b"), "/c": html("c"),
	})
	c, fc := newTestClient(t, func(cfg *Config) { cfg.RobotsTTL = 12 * time.Hour })
	var wg sync.WaitGroup
	for range 10 {
		for _, p := range []string{"/a", "/b", "/c"} {
			wg.Go(func() {
				if _, err := c.Fetch(context.Background(), site.URL+p, nil); err != nil {
					t.Error(err)
				}
			})
		}
	}
	wg.Wait()
	if got := site.hits("/robots.txt"); got != 1 {
		t.Fatalf("robots.txt fetched %d times for 30 pages, want 1", got)
	}
	fc.Advance(11 * time.Hour)
	if _, err := c.Fetch(context.Background(), site.URL+"/a", nil); err != nil {
		t.Fatal(err)
	}
	if got := site.hits("/robots.txt"); got != 1 {
		t.Fatalf("robots.txt fetched %d times within the TTL, want 1", got)
	}
	fc.Advance(2 * time.Hour)
	if _, err := c.Fetch(context.Background(), site.URL+"/a", nil); err != nil {
		t.Fatal(err)
	}
	if got := site.hits("/robots.txt"); got != 2 {
		t.Fatalf("robots.txt fetched %d times after the TTL, want 2", got)
	}

	// 5xx: disallow all, asked again after robotsErrorTTL.
	failing := true
	var mu sync.Mutex
	flaky := newFixture(t, map[string]http.HandlerFunc{
		"/robots.txt": func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			defer mu.Unlock()
			if failing {
				w.WriteHeader(503)
				return
			}
			text("")(w, r)
		},
		"/a": html("a"),
	})
	for range 3 {
		if _, err := c.Fetch(context.Background(), flaky.URL+"/a", nil); !errors.Is(err, ErrDisallowedByRobots) {
			t.Fatalf("robots 503: %v", err)
		}
	}
	mu.Lock()
	failing = false
	mu.Unlock()
	fc.Advance(robotsErrorTTL)
	if _, err := c.Fetch(context.Background(), flaky.URL+"/a", nil); err != nil {
		t.Fatalf("after robots recovered: %v", err)
	}
	if got := flaky.hits("/robots.txt"); got != 2 {
		t.Errorf("failing robots.txt fetched %d times, want 2", got)
	}
}

func TestRobotsCrawlDelay(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, robots string
		want         time.Duration
	}{
		{"larger than Delay", "User-agent: *\nCrawl-delay: 5\n", 5 * time.Second},
		{"ours wins", "User-agent: abmsync\nCrawl-delay: 3\n\nUser-agent: *\nCrawl-delay: 10\n", 3 * time.Second},
		{"smaller than Delay", "User-agent: *\nCrawl-delay: 0.5\n", time.Second},
		{"capped", "User-agent: *\nCrawl-delay: 86400\n", MaxCrawlDelay},
		{"invalid ignored", "User-agent: *\nCrawl-delay: soon\nDisallow: /x\n", time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			site := newFixture(t, map[string]http.HandlerFunc{
				"/robots.txt": text(tt.robots), "/a": html("a"), "/b": html("b"),
			})
			c, fc := newTestClient(t, nil)
			for _, p := range []string{"/a", "/b"} {
				if _, err := c.Fetch(context.Background(), site.URL+p, nil); err != nil {
					t.Fatal(err)
				}
			}
			// robots.txt, /a, /b: two pauses, each the effective delay.
			got := fc.Sleeps()
			if len(got) != 2 || got[0] != tt.want || got[1] != tt.want {
				t.Errorf("pauses %v, want 2 x %v", got, tt.want)
			}
		})
	}
}

func TestRobotsMaxBytes(t *testing.T) {
	t.Parallel()
	big := "User-agent: *\nDisallow: /early\n" + strings.Repeat("# padding padding padding\n", 30000) + "Disallow: /late\n"
	site := newFixture(t, map[string]http.HandlerFunc{
		"/robots.txt": text(big), "/early": html("e"), "/late": html("l"),
	})
	c, _ := newTestClient(t, func(cfg *Config) { cfg.RobotsMaxBytes = 100 << 10 })
	if _, err := c.Fetch(context.Background(), site.URL+"/early", nil); !errors.Is(err, ErrDisallowedByRobots) {
		t.Errorf("/early: %v, want disallowed", err)
	}
	if _, err := c.Fetch(context.Background(), site.URL+"/late", nil); err != nil {
		t.Errorf("/late (past the cap): %v, want allowed", err)
	}
}

func TestParseRobotsLenient(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, robots string
		disallowed   []string
		allowed      []string
	}{
		{"rule before any user-agent", "Disallow: /x\nUser-agent: *\nDisallow: /y\n", []string{"/y"}, []string{"/x"}},
		{"bad crawl-delay", "User-agent: *\nCrawl-delay: fast\nDisallow: /y\n", []string{"/y"}, []string{"/"}},
		{"negative crawl-delay", "User-agent: *\nCrawl-delay: -1\nDisallow: /y\n", []string{"/y"}, nil},
		{"CRLF and comments", "User-agent: * # all\r\nDisallow: /y # private\r\n", []string{"/y"}, []string{"/z"}},
		{"BOM", "\ufeffUser-agent: *\nDisallow: /y\n", []string{"/y"}, nil},
		{"empty user-agent", "User-agent:\nDisallow: /x\nUser-agent: *\nDisallow: /y\n", []string{"/y"}, []string{"/x"}},
		{"sitemap lines", "Sitemap: https://acme.example/sitemap.xml\nUser-agent: *\nDisallow:\n", nil, []string{"/"}},
	}
	for _, tt := range tests {
		data, err := parseRobots([]byte(tt.robots))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		for _, p := range tt.disallowed {
			if data.TestAgent(p, ProductToken) {
				t.Errorf("%s: %s allowed", tt.name, p)
			}
		}
		for _, p := range tt.allowed {
			if !data.TestAgent(p, ProductToken) {
				t.Errorf("%s: %s disallowed", tt.name, p)
			}
		}
	}
}
