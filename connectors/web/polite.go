package web

import (
	"context"
	"net"
	"net/url"
	"strings"
	"sync"
	"time"
)

// hostGate serialises the requests to one host and spaces them by delay.
type hostGate struct {
	sem chan struct{} // capacity 1: the host's single request slot
	// The fields below are guarded by Client.mu.
	next  time.Time     // earliest start of the next request
	delay time.Duration // Config.Delay or a larger Crawl-delay
	users int           // holders and waiters
}

// maxIdleGates is the number of gates above which idle ones are dropped.
const maxIdleGates = 1024

// hostKey names the politeness unit of u: the lower-case host name, plus
// the port when it is not the scheme's default (so that http and https on
// one host share a gate, and test servers on distinct ports do not).
func hostKey(u *url.URL) string {
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if port == "" || (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		return host
	}
	return net.JoinHostPort(host, port)
}

// gateKey names the politeness gate of u: its site (siteHost: the host
// without "www." and without a trailing dot, plus a non-default port).
// example.com and www.example.com are almost always one server, so they
// share one request slot and one pause; robots.txt stays per origin
// (robotsKey), as the standard says.
func gateKey(u *url.URL) string { return siteHost(u) }

// gateLocked returns the gate of host, creating it. c.mu must be held.
func (c *Client) gateLocked(host string) *hostGate {
	g := c.hosts[host]
	if g != nil {
		return g
	}
	if len(c.hosts) >= maxIdleGates {
		now := c.now()
		for k, old := range c.hosts {
			if old.users == 0 && !old.next.After(now) {
				delete(c.hosts, k)
			}
		}
	}
	g = &hostGate{sem: make(chan struct{}, 1), delay: c.cfg.Delay}
	c.hosts[host] = g
	return g
}

// setHostDelay sets the pause of host to max(Config.Delay, crawlDelay),
// crawlDelay capped at MaxCrawlDelay. A pause already running is stretched
// or shortened to match.
func (c *Client) setHostDelay(host string, crawlDelay time.Duration) {
	d := max(c.cfg.Delay, min(crawlDelay, MaxCrawlDelay))
	c.mu.Lock()
	defer c.mu.Unlock()
	g := c.gateLocked(host)
	if g.delay == d {
		return
	}
	if !g.next.IsZero() {
		g.next = g.next.Add(d - g.delay)
	}
	g.delay = d
}

// acquire blocks until host is free, its pause since the previous request
// has passed and fewer than MaxConcurrency requests are in flight. The
// caller must call release when the response body is done with; the pause
// counts from then.
func (c *Client) acquire(ctx context.Context, host string) (release func(), err error) {
	c.mu.Lock()
	g := c.gateLocked(host)
	g.users++
	c.mu.Unlock()
	fail := func(err error) (func(), error) {
		c.mu.Lock()
		g.users--
		c.mu.Unlock()
		return nil, err
	}
	select {
	case g.sem <- struct{}{}:
	case <-ctx.Done():
		return fail(ctx.Err())
	}
	// Wait out the pause before taking a global slot, so that a host in
	// its pause does not hold back the other hosts.
	// Loop: setHostDelay may stretch the pause while we sleep.
	for {
		c.mu.Lock()
		wait := g.next.Sub(c.now())
		c.mu.Unlock()
		if wait <= 0 {
			break
		}
		if err := c.sleep(ctx, wait); err != nil {
			<-g.sem
			return fail(err)
		}
	}
	select {
	case c.global <- struct{}{}:
	case <-ctx.Done():
		<-g.sem
		return fail(ctx.Err())
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			<-c.global
			c.mu.Lock()
			g.next = c.now().Add(g.delay)
			g.users--
			c.mu.Unlock()
			<-g.sem
		})
	}, nil
}
