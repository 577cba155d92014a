package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/net/idna"
)

// acceptHTML is the Accept header of page fetches.
const acceptHTML = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"

// acceptFeed is sent by FetchFeed.
const acceptFeed = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"

// Validators are the cache validators of a page fetched before; Fetch
// sends them as If-None-Match and If-Modified-Since.
type Validators struct {
	ETag         string
	LastModified string
}

// Page is an HTML page fetched by Fetch.
type Page struct {
	// URL is the final URL after redirects, without userinfo.
	URL string
	// Status is the HTTP status code (200, or 304 with NotModified).
	Status int
	// Body is the page decoded to UTF-8 (a <meta charset> in it may still
	// name the original charset). Nil when NotModified.
	Body []byte
	// ContentType is the response's Content-Type, or "text/html" when it
	// was missing and the body was sniffed as HTML.
	ContentType string
	// Charset names the encoding Body was decoded from, e.g. "utf-8" or
	// "windows-1252" (which ISO-8859-1 labels map to, as in browsers).
	Charset string
	// ETag and LastModified are the response's validators (with
	// NotModified: the server's, else the ones sent).
	ETag         string
	LastModified string
	// FetchedAt is when the response arrived, by Config.Clock.
	FetchedAt time.Time
	// NotModified reports a 304 answer to a conditional GET: the page is
	// unchanged since the Validators passed to Fetch.
	NotModified bool
}

// Validators returns the page's cache validators for the next Fetch.
func (p *Page) Validators() Validators {
	return Validators{ETag: p.ETag, LastModified: p.LastModified}
}

// Fetch GETs the HTML page at rawURL politely (robots.txt, per-host delay,
// global concurrency limit; it blocks until its turn) and safely (SSRF
// guard, scheme check, size and time caps), following up to
// Config.MaxRedirects redirects, each re-checked. With prev it sends a
// conditional GET and a 304 yields a Page with NotModified set and no
// Body. Errors start with "web: fetch <URL>" and match, with errors.Is or
// errors.As: ErrUnsupportedScheme, ErrForbiddenAddress
// (*ForbiddenAddressError), ErrDisallowedByRobots (*RobotsError),
// ErrTooManyRedirects, ErrNotHTML, ErrTooLarge, *StatusError (non-2xx), or
// the context's error. URLs in errors never contain userinfo.
func (c *Client) Fetch(ctx context.Context, rawURL string, prev *Validators) (*Page, error) {
	u, err := parseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("web: fetch %s: %w", redactRaw(rawURL), err)
	}
	return c.fetch(ctx, u, prev)
}

func (c *Client) fetch(ctx context.Context, u *url.URL, prev *Validators) (*Page, error) {
	return c.fetchAs(ctx, u, prev, false)
}

// FetchFeed is Fetch for RSS and Atom feeds: the same politeness, guard and
// caps, but it accepts XML content types (application/rss+xml,
// application/atom+xml, application/xml, text/xml, and HTML-labelled feeds)
// and returns the body undecoded, because a feed names its encoding in its
// XML declaration.
func (c *Client) FetchFeed(ctx context.Context, rawURL string, prev *Validators) (*Page, error) {
	u, err := parseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("web: fetch %s: %w", redactRaw(rawURL), err)
	}
	return c.fetchAs(ctx, u, prev, true)
}

func (c *Client) fetchAs(ctx context.Context, u *url.URL, prev *Validators, feed bool) (*Page, error) {
	var page *Page
	accept := acceptHTML
	if feed {
		accept = acceptFeed
	}
	err := c.do(ctx, u, request{
		accept: accept,
		prev:   prev,
		robots: true,
		handle: func(final *url.URL, resp *http.Response) (err error) {
			page, err = c.readPage(final, resp, prev, feed)
			return err
		},
	})
	if err != nil {
		return nil, fmt.Errorf("web: fetch %s: %w", redact(u), err)
	}
	return page, nil
}

// request describes one GET for do.
type request struct {
	accept string
	prev   *Validators
	// robots makes every hop pass robots.txt (off for robots.txt itself).
	robots bool
	// handle reads the final (non-redirect) response while the host's
	// slot is held. It must not keep resp.Body.
	handle func(u *url.URL, resp *http.Response) error
}

// do GETs u and follows redirects hop by hop: each hop passes the scheme
// and address pre-checks, robots.txt (if r.robots) and the host's gate.
func (c *Client) do(ctx context.Context, u *url.URL, r request) error {
	for hops := 0; ; hops++ {
		err := c.precheck(u)
		if err == nil && r.robots {
			err = c.allowedByRobots(ctx, u)
		}
		var next *url.URL
		if err == nil {
			next, err = c.roundTrip(ctx, u, r)
		}
		if err != nil {
			if hops > 0 {
				return fmt.Errorf("redirect %d to %s: %w", hops, redact(u), err)
			}
			return err
		}
		if next == nil {
			return nil
		}
		if hops >= c.cfg.MaxRedirects {
			return fmt.Errorf("%w: more than %d (next %s)", ErrTooManyRedirects, c.cfg.MaxRedirects, redact(next))
		}
		u = next
	}
}

// precheck refuses non-http(s) URLs and IP-literal hosts that the SSRF
// guard would refuse at dial time anyway (failing early spares robots.txt).
func (c *Client) precheck(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%w %q", ErrUnsupportedScheme, u.Scheme)
	}
	host := u.Hostname()
	if host == "" {
		return errors.New("URL has no host")
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if err := c.checkAddr(ip); err != nil {
			var fe *ForbiddenAddressError
			if errors.As(err, &fe) {
				fe.Host = host
			}
			return err
		}
	}
	return nil
}

// roundTrip sends one GET while holding the host's slot. It returns the
// redirect target, or nil after r.handle has read the final response.
func (c *Client) roundTrip(ctx context.Context, u *url.URL, r request) (*url.URL, error) {
	release, err := c.acquire(ctx, gateKey(u))
	if err != nil {
		return nil, err
	}
	defer release()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, errors.New("cannot build request")
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", r.accept)
	if r.prev != nil {
		if r.prev.ETag != "" {
			req.Header.Set("If-None-Match", r.prev.ETag)
		}
		if r.prev.LastModified != "" {
			req.Header.Set("If-Modified-Since", r.prev.LastModified)
		}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		// *url.Error repeats the URL, which the caller names already.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, err
	}
	defer resp.Body.Close()
	c.log.Debug("get", "url", redact(u), "status", resp.StatusCode)
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		loc := resp.Header.Get("Location")
		if loc == "" {
			break
		}
		next, err := u.Parse(loc)
		if err != nil {
			return nil, fmt.Errorf("redirect from %s: unparseable Location", redact(u))
		}
		next.User = nil
		next.Fragment, next.RawFragment = "", ""
		if next.Host, err = asciiHost(next.Host); err != nil {
			return nil, fmt.Errorf("redirect from %s: %w", redact(u), err)
		}
		// Drain a short body so the connection can be reused.
		_, _ = io.CopyN(io.Discard, resp.Body, 4<<10)
		return next, nil
	}
	return nil, r.handle(u, resp)
}

// readPage turns a final response into a Page or an error. It reads at
// most MaxBodyBytes+1 bytes; closing the unread rest drops the connection.
func (c *Client) readPage(u *url.URL, resp *http.Response, prev *Validators, feed bool) (*Page, error) {
	p := &Page{
		URL:          redact(u),
		Status:       resp.StatusCode,
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		FetchedAt:    c.now(),
	}
	if resp.StatusCode == http.StatusNotModified {
		p.NotModified = true
		if prev != nil {
			p.ETag = cmpOr(p.ETag, prev.ETag)
			p.LastModified = cmpOr(p.LastModified, prev.LastModified)
		}
		return p, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &StatusError{URL: redact(u), StatusCode: resp.StatusCode, Status: resp.Status}
	}
	limit := c.cfg.MaxBodyBytes
	if resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: Content-Length %d exceeds %d bytes", ErrTooLarge, resp.ContentLength, limit)
	}
	ct := strings.TrimSpace(resp.Header.Get("Content-Type"))
	lr := io.LimitReader(resp.Body, limit+1)
	var head []byte
	sniffed := ct == ""
	if sniffed {
		head = make([]byte, 512)
		n, err := io.ReadFull(lr, head)
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			return nil, fmt.Errorf("read body: %w", err)
		}
		head = head[:n]
		ct = http.DetectContentType(head)
	}
	if feed {
		if !isFeed(ct) {
			return nil, fmt.Errorf("%w: content type %q is not a feed", ErrNotHTML, ct)
		}
	} else if !isHTML(ct) {
		return nil, fmt.Errorf("%w: content type %q", ErrNotHTML, ct)
	}
	rest, err := io.ReadAll(lr)
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	body := append(head, rest...)
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	label := ct
	if sniffed {
		// The sniffer's "charset=utf-8" is a guess, not a label.
		label, ct = "", "text/html"
	}
	p.ContentType = ct
	if feed {
		p.Body = body
		return p, nil
	}
	p.Body, p.Charset = decodeHTML(body, label)
	return p, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func isHTML(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt, _, _ = strings.Cut(ct, ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

var utf8BOM = []byte("\xef\xbb\xbf")

// decodeHTML decodes an HTML body to UTF-8 following the HTML encoding
// sniffing rules (BOM, Content-Type charset, <meta> prescan, windows-1252
// fallback; golang.org/x/net/html/charset), with one correction: a body
// labelled (or defaulted) as a single-byte Latin charset that is valid
// UTF-8 and not pure ASCII is taken as UTF-8, because real Latin-1 text is
// practically never valid UTF-8 while servers defaulting to
// "charset=ISO-8859-1" for UTF-8 pages are common. It returns the UTF-8
// body and the name of the source encoding.
func decodeHTML(body []byte, contentType string) ([]byte, string) {
	enc, name, _ := charset.DetermineEncoding(body, contentType)
	if name != "utf-8" && isLatinSingleByte(name) && hasHighBit(body) && utf8.Valid(body) {
		name = "utf-8"
	}
	if name == "utf-8" || enc == nil {
		out := bytes.TrimPrefix(body, utf8BOM)
		if !utf8.Valid(out) {
			out = bytes.ToValidUTF8(out, []byte("\uFFFD"))
		}
		return out, "utf-8"
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return bytes.ToValidUTF8(body, []byte("\uFFFD")), "utf-8"
	}
	return bytes.TrimPrefix(out, utf8BOM), name
}

func isLatinSingleByte(name string) bool {
	return strings.HasPrefix(name, "windows-125") || strings.HasPrefix(name, "iso-8859-")
}

func hasHighBit(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// parseURL parses an absolute http(s) URL, drops userinfo and fragment and
// converts an internationalised host name to its ASCII form. Its errors
// never repeat the URL.
func parseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, errors.New("invalid URL")
	}
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w %q", ErrUnsupportedScheme, u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, errors.New("invalid URL: no host")
	}
	if u.Host, err = asciiHost(u.Host); err != nil {
		return nil, err
	}
	return u, nil
}

// asciiHost lower-cases host[:port] and converts a non-ASCII host name to
// punycode (IDNA lookup profile).
func asciiHost(hostport string) (string, error) {
	if !hasHighBit([]byte(hostport)) {
		return strings.ToLower(hostport), nil
	}
	host, port := hostport, ""
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 && !strings.Contains(hostport[i:], "]") {
		host, port = hostport[:i], hostport[i:]
	}
	a, err := idna.Lookup.ToASCII(host)
	if err != nil {
		return "", errors.New("invalid internationalised host name")
	}
	return strings.ToLower(a) + port, nil
}

// redact returns u as a string without userinfo.
func redact(u *url.URL) string {
	if u.User == nil {
		return u.String()
	}
	v := *u
	v.User = nil
	return v.String()
}

// redactRaw returns an unparsed URL without anything that looks like
// userinfo, shortened, for error messages.
func redactRaw(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return redact(u)
	}
	s := raw
	if i := strings.Index(s, "://"); i >= 0 {
		rest := s[i+3:]
		end := strings.IndexAny(rest, "/?#")
		if end < 0 {
			end = len(rest)
		}
		if at := strings.LastIndexByte(rest[:end], '@'); at >= 0 {
			s = s[:i+3] + rest[at+1:]
		}
	} else if at := strings.IndexByte(s, '@'); at >= 0 {
		s = s[at+1:]
	}
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return fmt.Sprintf("%q", s)
}

// isFeed reports whether a Content-Type can carry an RSS or Atom feed.
func isFeed(ct string) bool {
	mt := strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	switch mt {
	case "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml":
		return true
	}
	// Some servers label feeds text/html or text/plain.
	return isHTML(ct) || mt == "text/plain"
}
