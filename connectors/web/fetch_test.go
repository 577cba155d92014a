package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestNewValidates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
		wantUA  string
	}{
		{"defaults", Config{}, "", "abmsync/0.1 (+" + DefaultContactURL + ")"},
		{"contact URL", Config{ContactURL: testContact}, "", "abmsync/0.1 (+" + testContact + ")"},
		{"custom UA", Config{UserAgent: "Mozilla/5.0 (compatible; abmsync/1.2; +" + testContact + ")", ContactURL: testContact}, "",
			"Mozilla/5.0 (compatible; abmsync/1.2; +" + testContact + ")"},
		{"UA without product", Config{UserAgent: "Mozilla/5.0"}, "must name the product", ""},
		{"UA without contact", Config{UserAgent: "abmsync/0.1", ContactURL: testContact}, "must contain ContactURL", ""},
		{"mailto contact", Config{ContactURL: "mailto:crawler@acme.example"}, "", "abmsync/0.1 (+mailto:crawler@acme.example)"},
		{"bad contact", Config{ContactURL: "ftp://acme.example/"}, "ContactURL", ""},
		{"relative contact", Config{ContactURL: "/about"}, "ContactURL", ""},
		{"UA header injection", Config{UserAgent: "abmsync/0.1\r\nX-Evil: 1"}, "one line", ""},
		{"RobotsTTL above 24h", Config{RobotsTTL: 25 * time.Hour}, "RobotsTTL", ""},
		{"negative delay", Config{Delay: -time.Second}, "Delay", ""},
		{"negative budget", Config{PageBudget: -1}, "PageBudget", ""},
		{"invalid prefix", Config{AllowPrefixes: []netip.Prefix{{}}}, "AllowPrefixes", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.cfg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("New: %v, want error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if c.UserAgent() != tt.wantUA {
				t.Errorf("UserAgent = %q, want %q", c.UserAgent(), tt.wantUA)
			}
			if c.cfg.Delay != time.Second || c.cfg.MaxConcurrency != 8 || c.cfg.MaxBodyBytes != 2<<20 ||
				c.cfg.MaxRedirects != 5 || c.cfg.RobotsTTL != 24*time.Hour || c.cfg.RobotsMaxBytes != 500<<10 ||
				c.cfg.PageBudget != 20 || c.cfg.MaxDepth != 2 || c.cfg.AllowLoopback {
				t.Errorf("defaults not applied: %+v", c.cfg)
			}
		})
	}
}

// TestFetchRefusesLoopback: with the default config a loopback URL, by
// address or by a name that resolves to it, is refused before any request.
func TestFetchRefusesLoopback(t *testing.T) {
	t.Parallel()
	site := newFixture(t, map[string]http.HandlerFunc{"/": html("<p>hi</p>")})
	c, _ := newTestClient(t, func(cfg *Config) { cfg.AllowLoopback = false })
	port := site.URL[strings.LastIndexByte(site.URL, ':')+1:]
	for _, tt := range []struct{ url, host string }{
		{site.URL + "/", "127.0.0.1"},
		{"http://localhost:" + port + "/", "localhost"},
		{"http://[::ffff:127.0.0.1]:" + port + "/", "::ffff:127.0.0.1"},
	} {
		_, err := c.Fetch(context.Background(), tt.url, nil)
		var fe *ForbiddenAddressError
		if !errors.Is(err, ErrForbiddenAddress) || !errors.As(err, &fe) {
			t.Fatalf("Fetch(%s) = %v, want ErrForbiddenAddress", tt.url, err)
		}
		if fe.Host != tt.host || !fe.Addr.Unmap().IsLoopback() {
			t.Errorf("Fetch(%s): ForbiddenAddressError{Host: %q, Addr: %s}, want host %q and a loopback address", tt.url, fe.Host, fe.Addr, tt.host)
		}
		if !strings.Contains(err.Error(), "web: fetch "+tt.url) {
			t.Errorf("error %q does not name the URL", err)
		}
	}
	if got := site.paths(); len(got) != 0 {
		t.Errorf("server saw %v, want no request", got)
	}
}

func TestFetchRedirectChains(t *testing.T) {
	t.Parallel()
	for n := 0; n <= 6; n++ {
		t.Run(fmt.Sprintf("%d redirects", n), func(t *testing.T) {
			t.Parallel()
			routes := map[string]http.HandlerFunc{
				"/robots.txt": text("User-agent: *\nDisallow: /private\n"),
				"/final":      html("<p>final</p>"),
			}
			codes := []int{301, 302, 303, 307, 308, 302}
			for i := range n {
				next := "/final"
				if i+1 < n {
					next = "/hop" + strconv.Itoa(i+1)
				}
				routes["/hop"+strconv.Itoa(i)] = redirect(next, codes[i])
			}
			site := newFixture(t, routes)
			c, _ := newTestClient(t, nil)
			start := site.URL + "/final"
			if n > 0 {
				start = site.URL + "/hop0"
			}
			p, err := c.Fetch(context.Background(), start, nil)
			if n > DefaultMaxRedirects {
				if !errors.Is(err, ErrTooManyRedirects) {
					t.Fatalf("Fetch = %v, want ErrTooManyRedirects", err)
				}
				if site.hits("/final") != 0 {
					t.Error("the target past the limit was requested")
				}
				return
			}
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if p.URL != site.URL+"/final" || !strings.Contains(string(p.Body), "final") {
				t.Errorf("Page{URL: %q, Body: %q}, want the final page", p.URL, p.Body)
			}
			if got := site.hits("/robots.txt"); got != 1 {
				t.Errorf("robots.txt fetched %d times, want 1", got)
			}
			if got := len(site.paths()); got != n+2 {
				t.Errorf("server saw %d requests, want %d (robots + hops + final)", got, n+2)
			}
		})
	}
}

// TestFetchRedirectRechecked: every redirect hop passes the scheme,
// address and robots.txt checks again.
func TestFetchRedirectRechecked(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		location string
		want     error
	}{
		{"to ftp", "ftp://127.0.0.1/file", ErrUnsupportedScheme},
		{"to file", "file:///etc/passwd", ErrUnsupportedScheme},
		{"to javascript", "javascript:alert(1)", ErrUnsupportedScheme},
		{"to robots-disallowed path", "/private/people", ErrDisallowedByRobots},
		{"to cloud metadata", "http://169.254.169.254/latest/meta-data/", ErrForbiddenAddress},
		{"to mapped metadata", "http://[::ffff:169.254.169.254]/", ErrForbiddenAddress},
		{"to RFC 1918", "http://10.0.0.1/admin", ErrForbiddenAddress},
		{"to ULA", "http://[fd00::1]/", ErrForbiddenAddress},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			site := newFixture(t, map[string]http.HandlerFunc{
				"/robots.txt":     text("User-agent: abmsync\nDisallow: /private\n"),
				"/start":          redirect(tt.location, http.StatusFound),
				"/private/people": html("<p>secret</p>"),
			})
			c, _ := newTestClient(t, nil)
			_, err := c.Fetch(context.Background(), site.URL+"/start", nil)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Fetch = %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), "redirect 1 to ") {
				t.Errorf("error %q does not name the redirect", err)
			}
			if got := site.hits("/private/people"); got != 0 {
				t.Errorf("disallowed target requested %d times", got)
			}
		})
	}
}

// TestFetchRedirectToLoopbackRefused serves the start page on 127.0.0.2
// (let through by AllowPrefixes) and redirects to a second server on
// 127.0.0.1, by address and by the name "localhost": both are refused at
// dial time and the second server never sees a request.
func TestFetchRedirectToLoopbackRefused(t *testing.T) {
	t.Parallel()
	target := newFixture(t, map[string]http.HandlerFunc{"/secret": html("<p>internal</p>")})
	port := target.URL[strings.LastIndexByte(target.URL, ':')+1:]
	for _, loc := range []string{
		target.URL + "/secret",
		"http://localhost:" + port + "/secret",
	} {
		start := newFixtureOn(t, "127.0.0.2:0", map[string]http.HandlerFunc{
			"/start": redirect(loc, http.StatusMovedPermanently),
		})
		c, _ := newTestClient(t, func(cfg *Config) {
			cfg.AllowLoopback = false
			cfg.AllowPrefixes = []netip.Prefix{netip.MustParsePrefix("127.0.0.2/32")}
		})
		_, err := c.Fetch(context.Background(), start.URL+"/start", nil)
		var fe *ForbiddenAddressError
		if !errors.As(err, &fe) || !fe.Addr.Unmap().IsLoopback() {
			t.Fatalf("redirect to %s: Fetch = %v, want a refused loopback address", loc, err)
		}
		if start.hits("/start") != 1 {
			t.Errorf("start page requested %d times, want 1", start.hits("/start"))
		}
	}
	if got := target.paths(); len(got) != 0 {
		t.Errorf("redirect target saw %v, want no request", got)
	}
}

func TestFetchConditionalGET(t *testing.T) {
	t.Parallel()
	const etag, lastMod = `"v1"`, "Mon, 02 Mar 2026 08:00:00 GMT"
	site := newFixture(t, map[string]http.HandlerFunc{
		"/team": func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == lastMod {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", etag)
			w.Header().Set("Last-Modified", lastMod)
			html("<h1>Team</h1>")(w, r)
		},
	})
	c, fc := newTestClient(t, nil)
	first, err := c.Fetch(context.Background(), site.URL+"/team", nil)
	if err != nil {
		t.Fatal(err)
	}
	if first.NotModified || first.ETag != etag || first.LastModified != lastMod || first.Status != 200 ||
		!first.FetchedAt.Equal(fc.Now()) {
		t.Fatalf("first fetch: %+v", first)
	}
	for _, v := range []Validators{first.Validators(), {ETag: etag}, {LastModified: lastMod}} {
		p, err := c.Fetch(context.Background(), site.URL+"/team", &v)
		if err != nil {
			t.Fatal(err)
		}
		if !p.NotModified || p.Status != http.StatusNotModified || p.Body != nil {
			t.Errorf("with %+v: Page%+v, want NotModified", v, p)
		}
		if p.ETag != v.ETag || p.LastModified != v.LastModified {
			t.Errorf("with %+v: validators %q %q not carried over", v, p.ETag, p.LastModified)
		}
	}
	reqs := site.all()
	last := reqs[len(reqs)-3]
	if last.Header.Get("If-None-Match") != etag || last.Header.Get("If-Modified-Since") != lastMod {
		t.Errorf("conditional headers %v", last.Header)
	}
}

func TestFetchContentTypes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, contentType, body string
		want                    error
		wantType                string
	}{
		{"html", "text/html", "<p>x</p>", nil, "text/html"},
		{"html upper case with params", "Text/HTML; Charset=UTF-8", "<p>x</p>", nil, "Text/HTML; Charset=UTF-8"},
		{"xhtml", "application/xhtml+xml; charset=utf-8", "<html xmlns='http://www.w3.org/1999/xhtml'/>", nil, "application/xhtml+xml; charset=utf-8"},
		{"missing, sniffed html", "", "<!DOCTYPE html><html><body>x</body></html>", nil, "text/html"},
		{"missing, sniffed pdf", "", "%PDF-1.4\n%âãÏÓ\n1 0 obj", ErrNotHTML, ""},
		{"missing, sniffed text", "", "just text", ErrNotHTML, ""},
		{"pdf", "application/pdf", "%PDF-1.4", ErrNotHTML, ""},
		{"image", "image/png", "\x89PNG", ErrNotHTML, ""},
		{"json", "application/json", `{"a":1}`, ErrNotHTML, ""},
		{"plain text with html", "text/plain", "<p>x</p>", ErrNotHTML, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			site := newFixture(t, map[string]http.HandlerFunc{"/p": html(tt.body, tt.contentType)})
			c, _ := newTestClient(t, nil)
			p, err := c.Fetch(context.Background(), site.URL+"/p", nil)
			if tt.want != nil {
				if !errors.Is(err, tt.want) {
					t.Fatalf("Fetch = %v, want %v", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.ContentType != tt.wantType {
				t.Errorf("ContentType = %q, want %q", p.ContentType, tt.wantType)
			}
		})
	}
}

// TestFetchTooLarge: a 10 MB page is refused after MaxBodyBytes+1 bytes
// (chunked) or at once (Content-Length), and the server's writer sees the
// connection close long before 10 MB are written.
func TestFetchTooLarge(t *testing.T) {
	t.Parallel()
	const size = 10 << 20
	type result struct {
		written int
		err     error
	}
	for _, withLength := range []bool{false, true} {
		t.Run(fmt.Sprintf("content-length=%v", withLength), func(t *testing.T) {
			t.Parallel()
			done := make(chan result, 1)
			site := newFixture(t, map[string]http.HandlerFunc{
				"/big": func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/html")
					if withLength {
						w.Header().Set("Content-Length", strconv.Itoa(size))
					}
					chunk := []byte(strings.Repeat("<p>Müller</p>\n", 2048))
					res := result{}
					for res.written < size {
						n, err := w.Write(chunk[:min(len(chunk), size-res.written)])
						res.written += n
						if err != nil {
							res.err = err
							break
						}
						if f, ok := w.(http.Flusher); ok {
							f.Flush()
						}
					}
					done <- res
				},
			})
			c, _ := newTestClient(t, nil)
			_, err := c.Fetch(context.Background(), site.URL+"/big", nil)
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("Fetch = %v, want ErrTooLarge", err)
			}
			select {
			case res := <-done:
				t.Logf("server wrote %d bytes before %v", res.written, res.err)
				if res.err == nil || res.written >= size {
					t.Errorf("server wrote %d bytes, err %v: want an early write error", res.written, res.err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("server handler still writing: connection not closed")
			}
		})
	}
}

func TestFetchCharsets(t *testing.T) {
	t.Parallel()
	const latin1 = "M\xfcller Gesch\xe4ftsf\xfchrer \x80" // \x80 is € in windows-1252
	const utf8Text = "Müller Geschäftsführer €"
	tests := []struct {
		name, contentType, body, wantCharset string
	}{
		{"windows-1252 header", "text/html; charset=windows-1252", "<p>" + latin1 + "</p>", "windows-1252"},
		{"iso-8859-1 header", "text/html; charset=ISO-8859-1", "<p>" + latin1 + "</p>", "windows-1252"},
		{"meta charset", "text/html", `<html><head><meta charset="iso-8859-1"></head><body>` + latin1 + "</body></html>", "windows-1252"},
		{"meta http-equiv", "text/html", `<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>` + latin1, "windows-1252"},
		{"unlabelled latin-1", "text/html", "<p>" + latin1 + "</p>", "windows-1252"},
		{"no content type, sniffed", "", "<!DOCTYPE html><html><body>" + latin1 + "</body></html>", "windows-1252"},
		{"utf-8 header", "text/html; charset=utf-8", "<p>" + utf8Text + "</p>", "utf-8"},
		{"utf-8 unlabelled", "text/html", "<p>" + utf8Text + "</p>", "utf-8"},
		{"utf-8 late in a long page", "text/html", "<p>" + strings.Repeat("x", 3000) + utf8Text + "</p>", "utf-8"},
		{"utf-8 mislabelled latin-1", "text/html; charset=iso-8859-1", "<p>" + utf8Text + "</p>", "utf-8"},
		{"utf-8 BOM", "text/html", "\xef\xbb\xbf<p>" + utf8Text + "</p>", "utf-8"},
		{"utf-16le BOM", "text/html", utf16le("<p>" + utf8Text + "</p>"), "utf-16le"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			site := newFixture(t, map[string]http.HandlerFunc{"/impressum": html(tt.body, tt.contentType)})
			c, _ := newTestClient(t, nil)
			p, err := c.Fetch(context.Background(), site.URL+"/impressum", nil)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(p.Body), utf8Text) {
				t.Errorf("Body = %q, want it to contain %q", p.Body, utf8Text)
			}
			if strings.HasPrefix(string(p.Body), "\ufeff") {
				t.Error("BOM kept in Body")
			}
			if p.Charset != tt.wantCharset {
				t.Errorf("Charset = %q, want %q", p.Charset, tt.wantCharset)
			}
		})
	}
}

func utf16le(s string) string {
	var b strings.Builder
	b.WriteString("\xff\xfe")
	for _, r := range s {
		b.WriteByte(byte(r))
		b.WriteByte(byte(r >> 8))
	}
	return b.String()
}

// TestFetchHeaders: every request (robots.txt included) carries the
// honest User-Agent; pages ask for HTML.
func TestFetchHeaders(t *testing.T) {
	t.Parallel()
	site := newFixture(t, map[string]http.HandlerFunc{"/": html("<p>x</p>")})
	c, _ := newTestClient(t, nil)
	if _, err := c.Fetch(context.Background(), site.URL+"/", nil); err != nil {
		t.Fatal(err)
	}
	reqs := site.all()
	if len(reqs) != 2 || reqs[0].URL.Path != "/robots.txt" || reqs[1].URL.Path != "/" {
		t.Fatalf("requests %v, want robots.txt then /", site.paths())
	}
	for _, r := range reqs {
		if ua := r.Header.Get("User-Agent"); ua != "abmsync/0.1 (+"+testContact+")" {
			t.Errorf("%s: User-Agent %q", r.URL.Path, ua)
		}
		if r.Method != http.MethodGet || r.Header.Get("Authorization") != "" || r.Header.Get("Cookie") != "" {
			t.Errorf("%s: unexpected request %s %v", r.URL.Path, r.Method, r.Header)
		}
	}
	if acc := reqs[1].Header.Get("Accept"); !strings.HasPrefix(acc, "text/html") {
		t.Errorf("Accept %q", acc)
	}
}

func TestFetchErrors(t *testing.T) {
	t.Parallel()
	site := newFixture(t, map[string]http.HandlerFunc{"/gone": status(http.StatusGone), "/boom": status(500)})
	c, _ := newTestClient(t, nil)
	u, _ := url.Parse(site.URL)
	withCreds := "http://admin:s3cret@" + u.Host

	_, err := c.Fetch(context.Background(), withCreds+"/gone", nil)
	var se *StatusError
	if !errors.As(err, &se) || se.StatusCode != http.StatusGone || se.URL != site.URL+"/gone" {
		t.Fatalf("Fetch(/gone) = %v, want *StatusError 410", err)
	}
	if strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "admin") {
		t.Errorf("error %q leaks credentials", err)
	}
	for _, r := range site.all() {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("credentials sent to %s", r.URL.Path)
		}
	}
	if _, err := c.Fetch(context.Background(), withCreds+"/boom", nil); !errors.As(err, &se) || se.StatusCode != 500 {
		t.Errorf("Fetch(/boom) = %v", err)
	}

	for _, raw := range []string{"ftp://admin:s3cret@127.0.0.1/", "mailto:ops@acme.example", "//127.0.0.1/", "http://", "http://a b/", "%zz://admin:s3cret@x/"} {
		_, err := c.Fetch(context.Background(), raw, nil)
		if err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Fetch(%q) = %v, want an error without credentials", raw, err)
		}
	}
	if _, err := c.Fetch(context.Background(), "gopher://127.0.0.1/", nil); !errors.Is(err, ErrUnsupportedScheme) {
		t.Errorf("gopher: %v, want ErrUnsupportedScheme", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Fetch(ctx, site.URL+"/x", nil); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v, want context.Canceled", err)
	}
}

func TestFetchBrokenHTML(t *testing.T) {
	t.Parallel()
	const broken = `<html><head><title>Kontakt</title><body><div><p>Vertreten durch: <b>Dr. Anna Schmidt
<a href="/team">Unser Team<a href=/impressum>Impressum</div></div></span><table><tr><td>Müller`
	site := newFixture(t, map[string]http.HandlerFunc{"/kontakt": html(broken)})
	c, _ := newTestClient(t, nil)
	p, err := c.Fetch(context.Background(), site.URL+"/kontakt", nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(p.Body) != broken {
		t.Errorf("Body changed: %q", p.Body)
	}
	u, _ := url.Parse(p.URL)
	var got []string
	for _, l := range extractLinks(u, p.Body) {
		got = append(got, l.URL.Path+"|"+l.Text)
	}
	if strings.Join(got, ",") != "/team|Unser Team,/impressum|Impressum" {
		t.Errorf("links %v", got)
	}
}

func TestFetchTimeout(t *testing.T) {
	t.Parallel()
	site := newFixture(t, map[string]http.HandlerFunc{
		"/slow": func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		},
	})
	c, _ := newTestClient(t, func(cfg *Config) { cfg.Timeout = 100 * time.Millisecond })
	_, err := c.Fetch(context.Background(), site.URL+"/slow", nil)
	var ne interface{ Timeout() bool }
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("Fetch = %v, want a timeout", err)
	}
}
