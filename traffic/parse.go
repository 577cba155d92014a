package traffic

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"time"
	"unicode/utf8"
)

// Hit is one page view attributed to a client address, from an access-log
// line or from the tracker.
type Hit struct {
	// IP is the client address, IPv4-mapped IPv6 addresses unmapped.
	IP netip.Addr
	// Time is when the request was made, in UTC.
	Time time.Time
	// Method is the HTTP method ("GET"); empty when the log had no request line.
	Method string
	// Path is the request path without query string or fragment (queries often
	// carry personal data and are never kept).
	Path string
	// Referrer is the Referer header, "" when absent ("-").
	Referrer string
	// UserAgent is the User-Agent header, "" when absent ("-").
	UserAgent string
	// Status is the HTTP response status.
	Status int
	// CookieID is a first-party visitor cookie id, "" when unknown.
	CookieID string
}

// Limits applied to fields of a Hit; longer values are truncated.
const (
	// MaxLineLen is the longest access-log line ReadAccessLog parses, without
	// the line terminator; longer lines are skipped and counted in Stats.TooLong.
	MaxLineLen = 64 << 10
	maxField   = 2048
)

// ParseCombined parses one line of the combined log format
//
//	%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"
//
// optionally followed by one more quoted field, taken as the cookie id (for
// example nginx's "$cookie_hubspotutk"); anything after that is ignored.
// Quoted fields accept Apache's (\" \\) and nginx's (\xHH) escapes, and a
// quote not followed by a space or the end of the line is taken literally,
// so unescaped quotes inside a user agent do not break the line. "-" stands
// for an absent field; a request line of "-" (nginx's 400/408) gives a Hit
// with empty Method and Path. Hosts must be IP addresses (IPv4, IPv6, with
// or without brackets). Control characters and invalid UTF-8 are removed
// from text fields.
//
// The error names the field that failed and why; it never quotes the line,
// which holds an IP address.
func ParseCombined(line []byte) (Hit, error) {
	line = trimEOL(line)
	p := parser{b: line}
	var h Hit

	host := p.token()
	if len(host) == 0 {
		return Hit{}, parseErr("host", "missing")
	}
	ip, err := parseHost(host)
	if err != nil {
		return Hit{}, err
	}
	h.IP = ip
	if p.token() == nil { // %l
		return Hit{}, parseErr("ident", "missing")
	}
	if p.token() == nil { // %u
		return Hit{}, parseErr("user", "missing")
	}

	p.skipSpaces()
	if !p.consume('[') {
		return Hit{}, parseErr("time", "missing '['")
	}
	end := bytes.IndexByte(p.b[p.i:], ']')
	if end < 0 {
		return Hit{}, parseErr("time", "missing ']'")
	}
	t, ok := parseLogTime(p.b[p.i : p.i+end])
	if !ok {
		return Hit{}, parseErr("time", "not dd/Mon/yyyy:hh:mm:ss ±hhmm")
	}
	h.Time = t
	p.i += end + 1

	req, err := p.quoted("request")
	if err != nil {
		return Hit{}, err
	}
	if h.Method, h.Path, err = parseRequest(req); err != nil {
		return Hit{}, err
	}

	st := p.token()
	if len(st) != 3 || !allDigits(st) || st[0] < '1' || st[0] > '5' {
		return Hit{}, parseErr("status", "not a 3-digit HTTP status")
	}
	h.Status = int(st[0]-'0')*100 + int(st[1]-'0')*10 + int(st[2]-'0')

	sz := p.token()
	if len(sz) == 0 || !(string(sz) == "-" || allDigits(sz)) {
		return Hit{}, parseErr("bytes", "not a number or '-'")
	}

	ref, err := p.quoted("referrer")
	if err != nil {
		return Hit{}, err
	}
	h.Referrer = optional(ref)
	ua, err := p.quoted("user agent")
	if err != nil {
		return Hit{}, err
	}
	h.UserAgent = optional(ua)

	p.skipSpaces()
	if p.i < len(p.b) && p.b[p.i] == '"' {
		if cid, err := p.quoted("cookie"); err == nil {
			h.CookieID = optional(cid)
		}
	}
	return h, nil
}

func parseErr(field, reason string) error {
	return fmt.Errorf("combined log: %s: %s", field, reason)
}

type parser struct {
	b []byte
	i int
}

func (p *parser) skipSpaces() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\t') {
		p.i++
	}
}

func (p *parser) consume(c byte) bool {
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// token returns the next space-separated token, nil at end of line.
func (p *parser) token() []byte {
	p.skipSpaces()
	start := p.i
	for p.i < len(p.b) && p.b[p.i] != ' ' && p.b[p.i] != '\t' {
		p.i++
	}
	if p.i == start {
		return nil
	}
	return p.b[start:p.i]
}

// quoted reads a double-quoted field. The result aliases the line when it
// holds no escapes.
func (p *parser) quoted(field string) ([]byte, error) {
	p.skipSpaces()
	if !p.consume('"') {
		return nil, parseErr(field, "missing opening quote")
	}
	start := p.i
	var out []byte // nil until the first escape
	for i := start; i < len(p.b); i++ {
		c := p.b[i]
		switch {
		case c == '"' && (i+1 == len(p.b) || p.b[i+1] == ' ' || p.b[i+1] == '\t'):
			p.i = i + 1
			if out == nil {
				return p.b[start:i], nil
			}
			return out, nil
		case c == '\\' && i+1 < len(p.b):
			if out == nil {
				out = append(make([]byte, 0, len(p.b)-start), p.b[start:i]...)
			}
			n := p.b[i+1]
			switch {
			case n == '"' || n == '\\':
				out = append(out, n)
				i++
			case n == 'x' && i+3 < len(p.b) && isHex(p.b[i+2]) && isHex(p.b[i+3]):
				out = append(out, unhex(p.b[i+2])<<4|unhex(p.b[i+3]))
				i += 3
			default:
				out = append(out, c)
			}
		default:
			if out != nil {
				out = append(out, c)
			}
		}
	}
	return nil, parseErr(field, "unterminated quote")
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

func trimEOL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

func parseHost(b []byte) (netip.Addr, error) {
	if len(b) > 2 && b[0] == '[' && b[len(b)-1] == ']' {
		b = b[1 : len(b)-1]
	}
	ip, err := netip.ParseAddr(string(b))
	if err != nil {
		return netip.Addr{}, parseErr("host", "not an IP address")
	}
	return ip.WithZone("").Unmap(), nil
}

var months = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// parseLogTime parses "02/Jan/2006:15:04:05 -0700" without allocating and
// returns it in UTC.
func parseLogTime(b []byte) (time.Time, bool) {
	if len(b) != 26 || b[2] != '/' || b[6] != '/' || b[11] != ':' || b[14] != ':' ||
		b[17] != ':' || b[20] != ' ' || (b[21] != '+' && b[21] != '-') {
		return time.Time{}, false
	}
	num := func(s []byte) (int, bool) {
		if !allDigits(s) {
			return 0, false
		}
		n := 0
		for _, c := range s {
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	day, ok1 := num(b[0:2])
	year, ok2 := num(b[7:11])
	hh, ok3 := num(b[12:14])
	mm, ok4 := num(b[15:17])
	ss, ok5 := num(b[18:20])
	oh, ok6 := num(b[22:24])
	om, ok7 := num(b[24:26])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) {
		return time.Time{}, false
	}
	mon := 0
	for i, m := range months {
		if string(b[3:6]) == m {
			mon = i + 1
			break
		}
	}
	if mon == 0 || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60 || oh > 23 || om > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(mon), day, hh, mm, ss, 0, time.UTC)
	if t.Day() != day { // 31/Feb normalised by time.Date
		return time.Time{}, false
	}
	off := time.Duration(oh)*time.Hour + time.Duration(om)*time.Minute
	if b[21] == '-' {
		off = -off
	}
	return t.Add(-off), true
}

// parseRequest splits "METHOD target PROTO" and keeps the path of target.
func parseRequest(req []byte) (method, path string, err error) {
	if string(req) == "-" || len(req) == 0 {
		return "", "", nil
	}
	sp := bytes.IndexByte(req, ' ')
	if sp <= 0 || sp > 16 {
		return "", "", parseErr("request", "no method")
	}
	for _, c := range req[:sp] {
		if c < 'A' || c > 'Z' {
			return "", "", parseErr("request", "bad method")
		}
	}
	target := req[sp+1:]
	if sp2 := bytes.IndexByte(target, ' '); sp2 >= 0 {
		target = target[:sp2] // drop the protocol
	}
	if bytes.HasPrefix(target, []byte("http://")) || bytes.HasPrefix(target, []byte("https://")) {
		rest := target[bytes.Index(target, []byte("//"))+2:]
		if i := bytes.IndexByte(rest, '/'); i >= 0 {
			target = rest[i:]
		} else {
			target = []byte("/")
		}
	}
	if len(target) == 0 || (target[0] != '/' && string(target) != "*") {
		return "", "", parseErr("request", "target is not a path")
	}
	if i := bytes.IndexAny(target, "?#"); i >= 0 {
		target = target[:i]
	}
	return methodString(req[:sp]), cleanText(target), nil
}

// methodString avoids allocating for the common methods.
func methodString(b []byte) string {
	switch string(b) {
	case "GET":
		return "GET"
	case "POST":
		return "POST"
	case "HEAD":
		return "HEAD"
	}
	return string(b)
}

func optional(b []byte) string {
	if len(b) == 0 || string(b) == "-" {
		return ""
	}
	return cleanText(b)
}

// cleanText returns b as valid UTF-8 without control characters, truncated
// to maxField bytes.
func cleanText(b []byte) string {
	if len(b) > maxField {
		b = b[:maxField]
	}
	clean := true
	for _, c := range b {
		if c < 0x20 || c == 0x7f || c >= utf8.RuneSelf {
			clean = false
			break
		}
	}
	if clean {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b))
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		b = b[n:]
		switch {
		case r == utf8.RuneError && n == 1:
			sb.WriteRune(utf8.RuneError)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			// drop control characters
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// IsPageView reports whether h counts as a page view: a 2xx or 3xx
// response, a user agent that does not look like a robot (contains "bot",
// "crawler" or "spider", case-insensitive), and a path that is not a static
// asset (.css .js .png .jpg .jpeg .gif .svg .ico .webp .woff .woff2 .ttf
// .map). ReadAccessLog and the tracker drop everything else.
func IsPageView(h Hit) bool {
	if h.Status < 200 || h.Status > 399 || h.Path == "" {
		return false
	}
	return !IsBot(h.UserAgent) && !isStatic(h.Path)
}

// IsBot reports whether the user agent names a robot: it contains "bot",
// "crawler" or "spider", case-insensitive.
func IsBot(ua string) bool {
	return containsFold(ua, "bot") || containsFold(ua, "crawler") || containsFold(ua, "spider")
}

// containsFold reports whether s contains the lower-case ASCII word sub,
// ignoring ASCII case, without allocating.
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for ; j < len(sub); j++ {
			if s[i+j]|0x20 != sub[j] {
				break
			}
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}

var staticExt = []string{".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".webp", ".woff", ".woff2", ".ttf", ".map"}

func isStatic(path string) bool {
	dot := strings.LastIndexByte(path, '.')
	if dot < 0 || strings.IndexByte(path[dot:], '/') >= 0 {
		return false
	}
	ext := path[dot:]
	for _, e := range staticExt {
		if len(ext) == len(e) && containsFold(ext, e) {
			return true
		}
	}
	return false
}

// Stats counts what ReadAccessLog saw.
type Stats struct {
	// Lines is the number of lines read, including bad and skipped ones.
	Lines int
	// Hits is the number of page views passed to the callback.
	Hits int
	// Skipped counts well-formed lines that are not page views (see IsPageView)
	// and blank lines.
	Skipped int
	// Bad counts lines that failed to parse or were longer than MaxLineLen.
	Bad int
	// TooLong counts the lines over MaxLineLen (included in Bad).
	TooLong int
	// BadLines holds the 1-based numbers of the first 10 bad lines.
	BadLines []int
}

func (s *Stats) bad(n int) {
	s.Bad++
	if len(s.BadLines) < 10 {
		s.BadLines = append(s.BadLines, n)
	}
}

// ReadAccessLog streams a combined-format access log from r, calling fn for
// each line that parses and passes IsPageView, in file order. Memory stays
// constant whatever the size of the log: one buffer of about MaxLineLen; lines
// longer than that are skipped and counted as bad. Bad lines never stop the
// import. It returns when r is exhausted, when r fails (the error names the
// line), or when fn returns an error, which is returned wrapped.
func ReadAccessLog(r io.Reader, fn func(Hit) error) (Stats, error) {
	var st Stats
	br := bufio.NewReaderSize(r, MaxLineLen+2)
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			st.Lines++
			st.TooLong++
			st.bad(st.Lines)
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			if err == io.EOF {
				return st, nil
			}
			if err != nil {
				return st, fmt.Errorf("traffic: read access log: line %d: %w", st.Lines, err)
			}
			continue
		}
		if err != nil && err != io.EOF {
			return st, fmt.Errorf("traffic: read access log: line %d: %w", st.Lines+1, err)
		}
		if len(line) == 0 && err == io.EOF {
			return st, nil
		}
		st.Lines++
		line = trimEOL(line)
		switch {
		case len(line) > MaxLineLen:
			st.TooLong++
			st.bad(st.Lines)
		case len(bytes.TrimSpace(line)) == 0:
			st.Skipped++
		default:
			h, perr := ParseCombined(line)
			if perr != nil {
				st.bad(st.Lines)
				break
			}
			if !IsPageView(h) {
				st.Skipped++
				break
			}
			st.Hits++
			if ferr := fn(h); ferr != nil {
				return st, fmt.Errorf("traffic: read access log: line %d: %w", st.Lines, ferr)
			}
		}
		if err == io.EOF {
			return st, nil
		}
	}
}
