package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ProductToken is the product token abmsync's User-Agent starts with and
// the robots.txt user-agent abmsync obeys (RFC 9309 section 2.2.1).
const ProductToken = "abmsync"

// Defaults applied by New to zero Config fields.
const (
	// DefaultDelay is the minimum pause between two requests to one host.
	DefaultDelay = time.Second
	// DefaultMaxConcurrency caps requests in flight over all hosts.
	DefaultMaxConcurrency = 8
	// DefaultMaxBodyBytes caps a page or sitemap body (2 MiB).
	DefaultMaxBodyBytes = 2 << 20
	// DefaultMaxRedirects caps the redirects one fetch follows.
	DefaultMaxRedirects = 5
	// DefaultTimeout bounds one HTTP request, body included.
	DefaultTimeout = 20 * time.Second
	// DefaultRobotsTTL is how long a robots.txt is cached; also the maximum.
	DefaultRobotsTTL = 24 * time.Hour
	// DefaultRobotsMaxBytes is how much of a robots.txt is read (500 KiB,
	// the minimum RFC 9309 asks crawlers to parse).
	DefaultRobotsMaxBytes = 500 << 10
	// DefaultPageBudget caps the HTML pages Discover and FetchPages fetch
	// per site.
	DefaultPageBudget = 20
	// DefaultMaxDepth caps the link hops from the home page.
	DefaultMaxDepth = 2
	// MaxCrawlDelay caps the robots.txt Crawl-delay abmsync honours; a
	// longer one is treated as MaxCrawlDelay.
	MaxCrawlDelay = time.Minute
	// DefaultContactURL is the contact URL of the default User-Agent when
	// Config.ContactURL is empty: the project's home.
	DefaultContactURL = "https://github.com/abmsync/abmsync"
	// version is the product version in the default User-Agent.
	version = "0.1"
)

// robotsErrorTTL bounds how long a 5xx or unreachable robots.txt (a
// complete disallow) is cached before it is asked again.
const robotsErrorTTL = 10 * time.Minute

// Config configures a Client. Zero fields take the defaults above.
type Config struct {
	// UserAgent is sent with every request. Default
	// "abmsync/0.1 (+<ContactURL>)". It must contain the product token
	// "abmsync" and, when ContactURL is set, ContactURL.
	UserAgent string
	// ContactURL is an http(s) or mailto URL where site owners learn about
	// abmsync and reach its operator. Default DefaultContactURL.
	ContactURL string
	// Delay is the minimum pause between the end of one request to a host
	// and the start of the next (default 1 s). A larger robots.txt
	// Crawl-delay wins.
	Delay time.Duration
	// MaxConcurrency caps requests in flight over all hosts (default 8).
	MaxConcurrency int
	// MaxBodyBytes caps a page or sitemap body (default 2 MiB).
	MaxBodyBytes int64
	// MaxRedirects caps the redirects one fetch follows (default 5).
	MaxRedirects int
	// Timeout bounds one HTTP request including its body (default 20 s).
	Timeout time.Duration
	// RobotsTTL is how long a robots.txt is cached (default and maximum
	// 24 h, RFC 9309 section 2.4).
	RobotsTTL time.Duration
	// RobotsMaxBytes is how much of a robots.txt is read (default 500 KiB);
	// the rest is ignored.
	RobotsMaxBytes int64
	// AllowLoopback lets the SSRF guard connect to loopback addresses
	// (127.0.0.0/8, ::1). Off by default; for tests.
	AllowLoopback bool
	// AllowPrefixes lists address ranges the SSRF guard lets through even
	// though CheckAddr refuses them: for tests (allow one loopback address
	// but not another) and for private intranets. Empty by default.
	AllowPrefixes []netip.Prefix
	// PageBudget caps the HTML pages Discover and FetchPages fetch per site
	// (default 20). robots.txt and sitemaps do not count.
	PageBudget int
	// MaxDepth caps the link hops from the home page (default 2).
	MaxDepth int
	// Clock returns the current time (default time.Now).
	Clock func() time.Time
	// Logger receives debug logs of fetches (default: discard).
	Logger *slog.Logger
}

// Client fetches web pages politely and safely. Build it with New; it is
// safe for concurrent use.
type Client struct {
	cfg    Config
	http   *http.Client
	dialer *net.Dialer
	log    *slog.Logger
	now    func() time.Time
	// sleep waits d or until ctx is done; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error

	global chan struct{} // one token per request in flight

	mu     sync.Mutex
	hosts  map[string]*hostGate
	robots map[string]*robotsEntry
}

// New validates cfg, applies defaults and returns a Client with its own
// SSRF-guarded *http.Client. Errors name the bad field.
func New(cfg Config) (*Client, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	c := &Client{
		cfg:    cfg,
		log:    cfg.Logger.With("connector", "web"),
		now:    cfg.Clock,
		sleep:  sleepCtx,
		global: make(chan struct{}, cfg.MaxConcurrency),
		hosts:  make(map[string]*hostGate),
		robots: make(map[string]*robotsEntry),
	}
	c.dialer = &net.Dialer{
		Timeout:   min(10*time.Second, cfg.Timeout),
		KeepAlive: 30 * time.Second,
		Control:   c.control,
	}
	tr := &http.Transport{
		// Never a proxy: it would move the dial (and the guard) elsewhere.
		Proxy:                  nil,
		DialContext:            c.dialContext,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           256,
		MaxIdleConnsPerHost:    2,
		IdleConnTimeout:        30 * time.Second,
		TLSHandshakeTimeout:    min(10*time.Second, cfg.Timeout),
		ResponseHeaderTimeout:  cfg.Timeout,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: 64 << 10,
	}
	c.http = &http.Client{
		Transport: tr,
		Timeout:   cfg.Timeout,
		// Redirects are followed by Client.do, hop by hop, so that each hop
		// passes the scheme, robots.txt and politeness checks.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c, nil
}

func (cfg Config) withDefaults() (Config, error) {
	if cfg.ContactURL != "" {
		u, err := url.Parse(cfg.ContactURL)
		web := err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
		mail := err == nil && u.Scheme == "mailto" && strings.Contains(u.Opaque, "@")
		if !web && !mail {
			return cfg, fmt.Errorf("web: config ContactURL %q: want an absolute http(s) or mailto URL", cfg.ContactURL)
		}
	}
	contact := cfg.ContactURL
	if contact == "" {
		contact = DefaultContactURL
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = ProductToken + "/" + version + " (+" + contact + ")"
	}
	if !strings.Contains(strings.ToLower(cfg.UserAgent), ProductToken) {
		return cfg, fmt.Errorf("web: config UserAgent %q: must name the product %q", cfg.UserAgent, ProductToken)
	}
	if cfg.ContactURL != "" && !strings.Contains(cfg.UserAgent, cfg.ContactURL) {
		return cfg, fmt.Errorf("web: config UserAgent %q: must contain ContactURL %q", cfg.UserAgent, cfg.ContactURL)
	}
	if strings.ContainsAny(cfg.UserAgent, "\r\n") {
		return cfg, fmt.Errorf("web: config UserAgent: must be one line")
	}
	type check struct {
		name string
		bad  bool
	}
	for _, ch := range []check{
		{"Delay", cfg.Delay < 0},
		{"MaxConcurrency", cfg.MaxConcurrency < 0},
		{"MaxBodyBytes", cfg.MaxBodyBytes < 0},
		{"MaxRedirects", cfg.MaxRedirects < 0},
		{"Timeout", cfg.Timeout < 0},
		{"RobotsTTL", cfg.RobotsTTL < 0 || cfg.RobotsTTL > 24*time.Hour},
		{"RobotsMaxBytes", cfg.RobotsMaxBytes < 0},
		{"PageBudget", cfg.PageBudget < 0},
		{"MaxDepth", cfg.MaxDepth < 0},
	} {
		if ch.bad {
			return cfg, fmt.Errorf("web: config %s: out of range", ch.name)
		}
	}
	for _, p := range cfg.AllowPrefixes {
		if !p.IsValid() {
			return cfg, errors.New("web: config AllowPrefixes: invalid prefix")
		}
	}
	setDefault(&cfg.Delay, DefaultDelay)
	setDefault(&cfg.MaxConcurrency, DefaultMaxConcurrency)
	setDefault(&cfg.MaxBodyBytes, DefaultMaxBodyBytes)
	setDefault(&cfg.MaxRedirects, DefaultMaxRedirects)
	setDefault(&cfg.Timeout, DefaultTimeout)
	setDefault(&cfg.RobotsTTL, DefaultRobotsTTL)
	setDefault(&cfg.RobotsMaxBytes, DefaultRobotsMaxBytes)
	setDefault(&cfg.PageBudget, DefaultPageBudget)
	setDefault(&cfg.MaxDepth, DefaultMaxDepth)
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return cfg, nil
}

func setDefault[T comparable](p *T, def T) {
	var zero T
	if *p == zero {
		*p = def
	}
}

// UserAgent returns the User-Agent header the Client sends.
func (c *Client) UserAgent() string { return c.cfg.UserAgent }

// CloseIdleConnections closes the Client's idle keep-alive connections.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

// control is the dialer's Control hook: it runs after the host name has
// been resolved and the socket created, before connect(2).
func (c *Client) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("web: refusing unparseable address %q: %w", address, err)
	}
	return c.checkAddr(ap.Addr())
}

// checkAddr is CheckAddr with the Client's AllowPrefixes and AllowLoopback.
func (c *Client) checkAddr(ip netip.Addr) error {
	plain := ip.WithZone("").Unmap()
	for _, p := range c.cfg.AllowPrefixes {
		if p.Contains(plain) {
			return nil
		}
	}
	return CheckAddr(ip, c.cfg.AllowLoopback)
}

// dialContext dials through the guarded dialer and names the host in a
// refusal (Control only sees the resolved address).
func (c *Client) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	conn, err := c.dialer.DialContext(ctx, network, addr)
	if err != nil {
		var fe *ForbiddenAddressError
		if errors.As(err, &fe) && fe.Host == "" {
			if host, _, serr := net.SplitHostPort(addr); serr == nil {
				fe.Host = host
			}
		}
	}
	return conn, err
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
