package web

import (
	"bytes"
	"context"
	"io"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/temoto/robotstxt"
)

// robotsEntry is the cached robots.txt of one scheme and authority. Its
// fields are written before ready is closed and never after.
type robotsEntry struct {
	ready chan struct{}
	// retry is set when the fetching caller's context ended: the entry is
	// dropped and waiters ask again.
	retry bool

	data        *robotstxt.RobotsData // nil unless a 2xx file was parsed
	allowAll    bool                  // 4xx
	disallowAll bool                  // 5xx, 429, unreachable, unparseable
	unreachable bool                  // no HTTP answer at all
	reason      string                // why disallowAll
	cause       error                 // transport error behind unreachable
	crawlDelay  time.Duration
	sitemaps    []string
	expires     time.Time
}

// maxRobotsEntries is the cache size above which expired entries are dropped.
const maxRobotsEntries = 4096

func robotsKey(u *url.URL) string { return u.Scheme + "://" + hostKey(u) }

// allows reports whether the entry lets abmsync fetch u, and if not, why.
func (e *robotsEntry) check(u *url.URL) error {
	switch {
	case e.allowAll:
		return nil
	case e.disallowAll:
		return &RobotsError{URL: redact(u), Reason: e.reason, Err: e.cause}
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if !e.data.TestAgent(path, ProductToken) {
		return &RobotsError{URL: redact(u), Reason: "disallowed by robots.txt"}
	}
	return nil
}

// allowedByRobots returns nil when robots.txt lets abmsync fetch u, a
// *RobotsError when it does not, or the context's error.
func (c *Client) allowedByRobots(ctx context.Context, u *url.URL) error {
	e, err := c.robotsFor(ctx, u)
	if err != nil {
		return err
	}
	return e.check(u)
}

// robotsFor returns the robots.txt entry for u's scheme and authority,
// fetching it (once, however many goroutines ask) when it is missing or
// expired. The error is only ever the context's.
func (c *Client) robotsFor(ctx context.Context, u *url.URL) (*robotsEntry, error) {
	key := robotsKey(u)
	for {
		c.mu.Lock()
		e := c.robots[key]
		if e != nil {
			select {
			case <-e.ready:
				if !c.now().Before(e.expires) {
					e = nil
				}
			default:
			}
		}
		owner := e == nil
		if owner {
			c.pruneRobotsLocked()
			e = &robotsEntry{ready: make(chan struct{})}
			c.robots[key] = e
		}
		c.mu.Unlock()
		if owner {
			c.fetchRobots(ctx, u, e)
			if e.retry {
				c.mu.Lock()
				if c.robots[key] == e {
					delete(c.robots, key)
				}
				c.mu.Unlock()
			}
			close(e.ready)
		} else {
			select {
			case <-e.ready:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		if e.retry {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			continue
		}
		c.setHostDelay(gateKey(u), e.crawlDelay)
		return e, nil
	}
}

func (c *Client) pruneRobotsLocked() {
	if len(c.robots) < maxRobotsEntries {
		return
	}
	now := c.now()
	for k, e := range c.robots {
		select {
		case <-e.ready:
			if !now.Before(e.expires) {
				delete(c.robots, k)
			}
		default:
		}
	}
}

// fetchRobots fetches and interprets /robots.txt of u's authority per
// RFC 9309 section 2.3.1: 2xx parsed, 4xx allow all, 5xx and unreachable
// disallow all. 429 is treated like a server error.
func (c *Client) fetchRobots(ctx context.Context, u *url.URL, e *robotsEntry) {
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	var (
		status     int
		statusText string
		body       []byte
	)
	err := c.do(ctx, ru, request{
		accept: "text/plain, */*;q=0.1",
		handle: func(_ *url.URL, resp *http.Response) error {
			status, statusText = resp.StatusCode, resp.Status
			if status < 200 || status > 299 {
				return nil
			}
			var err error
			body, err = io.ReadAll(io.LimitReader(resp.Body, c.cfg.RobotsMaxBytes))
			if int64(len(body)) == c.cfg.RobotsMaxBytes {
				// Capped: drop the partial last line, which could be
				// a shortened (so wider) Allow.
				if i := bytes.LastIndexAny(body, "\r\n"); i >= 0 {
					body = body[:i+1]
				} else {
					body = nil
				}
			}
			return err
		},
	})
	now := c.now()
	ttl, errTTL := c.cfg.RobotsTTL, min(robotsErrorTTL, c.cfg.RobotsTTL)
	switch {
	case err != nil && ctx.Err() != nil:
		e.retry = true
		return
	case err != nil:
		e.disallowAll, e.unreachable = true, true
		e.reason, e.cause = "robots.txt unreachable", err
		e.expires = now.Add(errTTL)
	case status >= 200 && status <= 299:
		data, perr := parseRobots(body)
		if perr != nil {
			e.disallowAll, e.reason, e.cause = true, "robots.txt unparseable", perr
		} else {
			e.data = data
			e.crawlDelay = data.FindGroup(ProductToken).CrawlDelay
			e.sitemaps = data.Sitemaps
		}
		e.expires = now.Add(ttl)
	case status == http.StatusTooManyRequests || status >= 500:
		e.disallowAll, e.reason = true, "robots.txt returned "+statusText
		e.expires = now.Add(errTTL)
	case status >= 400:
		e.allowAll = true
		e.expires = now.Add(ttl)
	default:
		e.disallowAll, e.reason = true, "robots.txt returned "+statusText
		e.expires = now.Add(errTTL)
	}
	c.log.Debug("robots.txt", "url", redact(ru), "status", status, "disallow_all", e.disallowAll,
		"crawl_delay", e.crawlDelay, "error", err)
}

// parseRobots parses a robots.txt body. It first repairs what RFC 9309
// tells crawlers to tolerate but temoto/robotstxt rejects (rules before any
// user-agent line, malformed Crawl-delay values) and renames groups whose
// user-agent is a mere prefix of "abmsync" (the library matches by prefix,
// RFC 9309 by the whole product token).
func parseRobots(body []byte) (*robotstxt.RobotsData, error) {
	return robotstxt.FromBytes(sanitizeRobots(body))
}

func sanitizeRobots(body []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(body))
	body = bytes.TrimPrefix(body, utf8BOM)
	inGroup := false
	for len(body) > 0 {
		var line []byte
		if i := bytes.IndexAny(body, "\r\n"); i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			line, body = body, nil
		}
		content := line
		if i := bytes.IndexByte(content, '#'); i >= 0 {
			content = content[:i]
		}
		// Split like the library's scanner: the key ends at ':' or white
		// space.
		rest := strings.TrimLeft(string(content), " \t\v")
		end := strings.IndexAny(rest, ": \t\v")
		if end < 0 {
			end = len(rest)
		}
		key := strings.ToLower(rest[:end])
		val := strings.TrimSpace(strings.TrimPrefix(rest[end:], ":"))
		switch key {
		case "user-agent", "useragent":
			lv := strings.ToLower(val)
			if lv == "" {
				continue
			}
			inGroup = true
			if lv != "*" && lv != ProductToken && strings.HasPrefix(ProductToken, lv) {
				line = []byte("user-agent: not-" + lv)
			}
		case "allow", "disallow":
			if !inGroup {
				continue
			}
		case "crawl-delay", "crawldelay":
			f, err := strconv.ParseFloat(strings.Fields(val + " x")[0], 64)
			if !inGroup || err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
				continue
			}
			if f > MaxCrawlDelay.Seconds() {
				// The library would overflow time.Duration.
				line = []byte("crawl-delay: " + strconv.Itoa(int(MaxCrawlDelay.Seconds())))
			}
		}
		out.Write(line)
		out.WriteByte('\n')
	}
	return out.Bytes()
}
