package traffic

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestParseCombined(t *testing.T) {
	t.Parallel()
	ts := time.Date(2025, 10, 10, 20, 55, 36, 0, time.UTC)
	tests := []struct {
		name    string
		line    string
		want    Hit
		wantErr string // substring; "" = success
	}{
		{
			name: "apache ipv4",
			line: `203.0.113.7 - frank [10/Oct/2025:13:55:36 -0700] "GET /pricing?utm=x&email=a@b.c HTTP/1.1" 200 2326 "https://www.google.com/" "Mozilla/5.0 (X11)"` + "\n",
			want: Hit{IP: netip.MustParseAddr("203.0.113.7"), Time: ts, Method: "GET", Path: "/pricing", Referrer: "https://www.google.com/", UserAgent: "Mozilla/5.0 (X11)", Status: 200},
		},
		{
			name: "ipv6, dashes, CRLF",
			line: "2001:db8::1 - - [10/Oct/2025:20:55:36 +0000] \"GET / HTTP/2.0\" 304 - \"-\" \"-\"\r\n",
			want: Hit{IP: netip.MustParseAddr("2001:db8::1"), Time: ts, Method: "GET", Path: "/", Status: 304},
		},
		{
			name: "bracketed ipv4-mapped ipv6",
			line: `[::ffff:198.51.100.2] - - [10/Oct/2025:22:55:36 +0200] "POST /form HTTP/1.1" 302 0 "-" "UA"`,
			want: Hit{IP: netip.MustParseAddr("198.51.100.2"), Time: ts, Method: "POST", Path: "/form", Status: 302, UserAgent: "UA"},
		},
		{
			name: "apache escaped quotes and backslash",
			line: `192.0.2.1 - - [10/Oct/2025:20:55:36 +0000] "GET /a\"b HTTP/1.1" 200 1 "-" "Moz \"quoted\" \\ x"`,
			want: Hit{IP: netip.MustParseAddr("192.0.2.1"), Time: ts, Method: "GET", Path: `/a"b`, Status: 200, UserAgent: `Moz "quoted" \ x`},
		},
		{
			name: "nginx hex escapes, control chars dropped",
			line: `192.0.2.1 - - [10/Oct/2025:20:55:36 +0000] "GET /x\x22y\x1b[31m HTTP/1.1" 200 1 "-" "a\x00b"`,
			want: Hit{IP: netip.MustParseAddr("192.0.2.1"), Time: ts, Method: "GET", Path: `/x"y[31m`, Status: 200, UserAgent: "ab"},
		},
		{
			name: "unescaped quote inside user agent",
			line: `192.0.2.1 - - [10/Oct/2025:20:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "Mozilla "evil"bot"`,
			want: Hit{IP: netip.MustParseAddr("192.0.2.1"), Time: ts, Method: "GET", Path: "/", Status: 200, UserAgent: `Mozilla "evil"bot`},
		},
		{
			name: "absolute-form target and trailing cookie field",
			line: `192.0.2.1 - - [10/Oct/2025:20:55:36 +0000] "GET http://example.com/a/b#frag HTTP/1.1" 200 1 "-" "UA" "abc123"`,
			want: Hit{IP: netip.MustParseAddr("192.0.2.1"), Time: ts, Method: "GET", Path: "/a/b", Status: 200, UserAgent: "UA", CookieID: "abc123"},
		},
		{
			name: "nginx 400 with - request",
			line: `192.0.2.1 - - [10/Oct/2025:20:55:36 +0000] "-" 400 0 "-" "-"`,
			want: Hit{IP: netip.MustParseAddr("192.0.2.1"), Time: ts, Status: 400},
		},
		{name: "empty", line: "", wantErr: "host: missing"},
		{name: "hostname", line: `www.example.com - - [10/Oct/2025:20:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`, wantErr: "host: not an IP"},
		{name: "ip with sql", line: `1.2.3.4';DROP - - [10/Oct/2025:20:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`, wantErr: "host"},
		{name: "no time", line: `1.2.3.4 - - "GET / HTTP/1.1" 200 1 "-" "-"`, wantErr: "time: missing '['"},
		{name: "bad month", line: `1.2.3.4 - - [10/Foo/2025:20:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`, wantErr: "time"},
		{name: "31 Feb", line: `1.2.3.4 - - [31/Feb/2025:20:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`, wantErr: "time"},
		{name: "unterminated request", line: `1.2.3.4 - - [10/Oct/2025:20:55:36 +0000] "GET / HTTP/1.1`, wantErr: "request: unterminated quote"},
		{name: "tls garbage", line: `1.2.3.4 - - [10/Oct/2025:20:55:36 +0000] "\x16\x03\x01\x02\x00\x01" 400 0 "-" "-"`, wantErr: "request"},
		{name: "lowercase method", line: `1.2.3.4 - - [10/Oct/2025:20:55:36 +0000] "get / HTTP/1.1" 200 0 "-" "-"`, wantErr: "request: bad method"},
		{name: "relative target", line: `1.2.3.4 - - [10/Oct/2025:20:55:36 +0000] "GET ../etc/passwd HTTP/1.1" 200 0 "-" "-"`, wantErr: "request: target"},
		{name: "bad status", line: `1.2.3.4 - - [10/Oct/2025:20:55:36 +0000] "GET / HTTP/1.1" 2000 1 "-" "-"`, wantErr: "status"},
		{name: "bad bytes", line: `1.2.3.4 - - [10/Oct/2025:20:55:36 +0000] "GET / HTTP/1.1" 200 x "-" "-"`, wantErr: "bytes"},
		{name: "common log format (no referrer)", line: `1.2.3.4 - - [10/Oct/2025:20:55:36 +0000] "GET / HTTP/1.1" 200 1`, wantErr: "referrer: missing opening quote"},
		{name: "missing user agent", line: `1.2.3.4 - - [10/Oct/2025:20:55:36 +0000] "GET / HTTP/1.1" 200 1 "-"`, wantErr: "user agent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseCombined([]byte(tt.line))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want containing %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "1.2.3.4") {
					t.Errorf("error leaks the IP: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestIsPageView(t *testing.T) {
	t.Parallel()
	base := Hit{Status: 200, Path: "/pricing", UserAgent: "Mozilla/5.0"}
	tests := []struct {
		name string
		mod  func(*Hit)
		want bool
	}{
		{"page", func(*Hit) {}, true},
		{"redirect", func(h *Hit) { h.Status = 301 }, true},
		{"404", func(h *Hit) { h.Status = 404 }, false},
		{"500", func(h *Hit) { h.Status = 500 }, false},
		{"googlebot", func(h *Hit) { h.UserAgent = "Mozilla/5.0 (compatible; Googlebot/2.1)" }, false},
		{"crawler", func(h *Hit) { h.UserAgent = "SomeCRAWLER" }, false},
		{"spider", func(h *Hit) { h.UserAgent = "Baiduspider" }, false},
		{"css", func(h *Hit) { h.Path = "/a/site.CSS" }, false},
		{"woff2", func(h *Hit) { h.Path = "/f.woff2" }, false},
		{"favicon", func(h *Hit) { h.Path = "/favicon.ico" }, false},
		{"dot in dir", func(h *Hit) { h.Path = "/v1.2/docs" }, true},
		{"html", func(h *Hit) { h.Path = "/index.html" }, true},
		{"no request", func(h *Hit) { h.Path = "" }, false},
	}
	for _, tt := range tests {
		h := base
		tt.mod(&h)
		if got := IsPageView(h); got != tt.want {
			t.Errorf("%s: IsPageView = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func logLine(ip, path string, status int, ua string) string {
	return fmt.Sprintf("%s - - [10/Oct/2025:13:55:36 -0700] \"GET %s HTTP/1.1\" %d 512 \"-\" \"%s\"\n", ip, path, status, ua)
}

func TestReadAccessLog(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(logLine("192.0.2.1", "/", 200, "Mozilla"))                       // 1 hit
	b.WriteString("garbage\n")                                                     // 2 bad
	b.WriteString(logLine("192.0.2.2", "/app.js", 200, "Mozilla"))                 // 3 skipped
	b.WriteString("\n")                                                            // 4 skipped (blank)
	b.WriteString(logLine("192.0.2.3", "/x", 200, "Googlebot"))                    // 5 skipped
	b.WriteString(logLine("192.0.2.4", "/"+strings.Repeat("a", 70<<10), 200, "M")) // 6 too long
	b.WriteString(logLine("192.0.2.5", "/"+strings.Repeat("a", 63<<10), 200, "M")) // 7 hit, just fits
	b.WriteString(logLine("2001:db8::9", "/docs", 200, "Mozilla"))                 // 8 hit
	b.WriteString(`192.0.2.1 - - [10/Oct/2025:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "no newline at EOF"`)

	var hits []Hit
	st, err := ReadAccessLog(strings.NewReader(b.String()), func(h Hit) error { hits = append(hits, h); return nil })
	if err != nil {
		t.Fatal(err)
	}
	want := Stats{Lines: 9, Hits: 4, Skipped: 3, Bad: 2, TooLong: 1, BadLines: []int{2, 6}}
	if fmt.Sprint(st) != fmt.Sprint(want) {
		t.Errorf("stats = %+v, want %+v", st, want)
	}
	if len(hits) != 4 || hits[3].UserAgent != "no newline at EOF" || hits[2].IP != netip.MustParseAddr("2001:db8::9") {
		t.Errorf("hits = %+v", hits)
	}
}

func TestReadAccessLogBadLinesCappedAndTooLongAtEOF(t *testing.T) {
	t.Parallel()
	in := strings.Repeat("bad\n", 25) + strings.Repeat("x", 200<<10)
	st, err := ReadAccessLog(strings.NewReader(in), func(Hit) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if st.Lines != 26 || st.Bad != 26 || st.TooLong != 1 || len(st.BadLines) != 10 || st.BadLines[9] != 10 {
		t.Errorf("stats = %+v", st)
	}
}

func TestReadAccessLogCallbackErrorStops(t *testing.T) {
	t.Parallel()
	stop := errors.New("stop")
	in := strings.Repeat(logLine("192.0.2.1", "/", 200, "M"), 5)
	n := 0
	st, err := ReadAccessLog(strings.NewReader(in), func(Hit) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || !strings.Contains(err.Error(), "line 2") || st.Lines != 2 {
		t.Errorf("err = %v, stats = %+v", err, st)
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestReadAccessLogReaderError(t *testing.T) {
	t.Parallel()
	if _, err := ReadAccessLog(errReader{}, func(Hit) error { return nil }); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("err = %v", err)
	}
}

func FuzzParseCombined(f *testing.F) {
	f.Add([]byte(logLine("192.0.2.1", "/", 200, "Mozilla")))
	f.Add([]byte(`[::1] - - [10/Oct/2025:20:55:36 +0000] "GET /a\"b\x41 HTTP/1.1" 200 - "-" "a "b" c" "cid"`))
	f.Add([]byte(`1.2.3.4 - - [10/Oct/2025:20:55:36 +0000] "-" 400 0 "-" "-"`))
	f.Add([]byte(`1.2.3.4 - - [31/Feb/2025:20:55:36 +9999] "\\" 200 0 "\x" "\`))
	f.Fuzz(func(t *testing.T, line []byte) {
		h, err := ParseCombined(line)
		if err != nil {
			return
		}
		if !h.IP.IsValid() || h.Status < 100 || h.Status > 599 || h.Time.IsZero() {
			t.Fatalf("accepted invalid hit %+v", h)
		}
		for _, s := range []string{h.Path, h.Referrer, h.UserAgent, h.CookieID} {
			for _, r := range s {
				if r < 0x20 || r == 0x7f {
					t.Fatalf("control character in %q", s)
				}
			}
		}
	})
}
