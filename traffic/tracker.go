package traffic

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// TrackerConfig configures the tracking handler; zero values take defaults.
type TrackerConfig struct {
	// AllowedOrigins are the site origins ("https://www.example.com") allowed
	// to POST beacons; matched exactly. No others get CORS headers.
	AllowedOrigins []string
	// RatePerMinute is each client's sustained request rate; a client may
	// burst up to the same number. Default 120.
	RatePerMinute int
	// MaxClients bounds the rate limiter's per-client state (LRU). Default 65536.
	MaxClients int
	// HonorDNT makes the tracker answer but record nothing for requests with
	// "DNT: 1" or "Sec-GPC: 1".
	HonorDNT bool
	// TrustProxy lists the reverse proxies whose X-Forwarded-For is believed.
	// The client is the rightmost forwarded address not in this list.
	TrustProxy []netip.Prefix
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// MaxBeaconBody is the largest POST /t body accepted; larger ones get 413.
const MaxBeaconBody = 4 << 10

// transparentGIF is a 1×1 transparent GIF89a.
var transparentGIF = []byte{
	0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
	0xff, 0xff, 0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
}

type tracker struct {
	cfg     TrackerConfig
	sink    func(Hit)
	origins map[string]bool
	mu      sync.Mutex
	buckets *lru[netip.Addr, *bucket]
}

type bucket struct {
	tokens float64
	last   time.Time
}

// NewTracker returns the public tracking handler:
//
//   - POST /t with a JSON ({"url","referrer","cid"}; Content-Type
//     application/json or text/plain, as navigator.sendBeacon sends) or a form
//     body (url, referrer, cid) of at most MaxBeaconBody bytes, from an
//     allowed Origin only (403 otherwise, also without Origin); answers 204.
//   - OPTIONS /t, the CORS preflight; 204 for allowed origins, 403 otherwise.
//   - GET /t.gif?u=URL&r=REFERRER&cid=ID; answers a 1×1 transparent GIF that
//     is never cached.
//
// Each accepted page view is passed to sink, synchronously, as a Hit with
// the client address, the page path (no query), the referrer without its
// query, the user agent and the cookie id; robots are answered but not
// recorded, and so is everything when HonorDNT is set and the browser asks
// not to be tracked. A client over its rate gets 429 with Retry-After;
// malformed input gets 400. Error bodies are fixed texts that never echo
// the request. The handler starts no goroutines; the caller mounts it on
// its own listener.
func NewTracker(cfg TrackerConfig, sink func(Hit)) http.Handler {
	if cfg.RatePerMinute <= 0 {
		cfg.RatePerMinute = 120
	}
	if cfg.MaxClients <= 0 {
		cfg.MaxClients = 1 << 16
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if sink == nil {
		sink = func(Hit) {}
	}
	t := &tracker{cfg: cfg, sink: sink, origins: make(map[string]bool),
		buckets: newLRU[netip.Addr, *bucket](cfg.MaxClients)}
	for _, o := range cfg.AllowedOrigins {
		t.origins[strings.TrimSuffix(o, "/")] = true
	}
	return t
}

func fail(w http.ResponseWriter, code int) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	io.WriteString(w, http.StatusText(code)+"\n")
}

func (t *tracker) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/t":
		switch r.Method {
		case http.MethodPost, http.MethodOptions:
		default:
			w.Header().Set("Allow", "POST, OPTIONS")
			fail(w, http.StatusMethodNotAllowed)
			return
		}
	case "/t.gif":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			fail(w, http.StatusMethodNotAllowed)
			return
		}
	default:
		fail(w, http.StatusNotFound)
		return
	}

	ip := t.clientIP(r)
	if !ip.IsValid() {
		fail(w, http.StatusBadRequest)
		return
	}
	if !t.allow(ip) {
		w.Header().Set("Retry-After", strconv.Itoa(max(1, 60/t.cfg.RatePerMinute)))
		fail(w, http.StatusTooManyRequests)
		return
	}

	if r.URL.Path == "/t.gif" {
		t.serveGIF(w, r, ip)
		return
	}
	origin := r.Header.Get("Origin")
	if !t.origins[origin] {
		fail(w, http.StatusForbidden)
		return
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Add("Vary", "Origin")
	if r.Method == http.MethodOptions {
		h.Set("Access-Control-Allow-Methods", "POST")
		h.Set("Access-Control-Allow-Headers", "Content-Type")
		h.Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusNoContent)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxBeaconBody)
	pageURL, ref, cid, err := readBeacon(r)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			fail(w, http.StatusRequestEntityTooLarge)
			return
		}
		fail(w, http.StatusBadRequest)
		return
	}
	if !t.record(r, ip, pageURL, ref, cid) {
		fail(w, http.StatusBadRequest)
		return
	}
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNoContent)
}

func (t *tracker) serveGIF(w http.ResponseWriter, r *http.Request, ip netip.Addr) {
	q := r.URL.Query()
	if !t.record(r, ip, q.Get("u"), q.Get("r"), q.Get("cid")) {
		fail(w, http.StatusBadRequest)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "image/gif")
	h.Set("Content-Length", strconv.Itoa(len(transparentGIF)))
	h.Set("Cache-Control", "no-store, no-cache, must-revalidate, max-age=0")
	h.Set("Pragma", "no-cache")
	h.Set("Expires", "0")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(transparentGIF)
	}
}

type beacon struct {
	URL      string `json:"url"`
	Referrer string `json:"referrer"`
	CID      string `json:"cid"`
}

func readBeacon(r *http.Request) (pageURL, ref, cid string, err error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/x-www-form-urlencoded", "multipart/form-data":
		if err := r.ParseMultipartForm(MaxBeaconBody); err != nil && !errors.Is(err, http.ErrNotMultipart) {
			return "", "", "", err
		}
		return r.PostForm.Get("url"), r.PostForm.Get("referrer"), r.PostForm.Get("cid"), nil
	case "application/json", "text/plain", "":
		var b beacon
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return "", "", "", err
		}
		if err := json.Unmarshal(body, &b); err != nil {
			return "", "", "", err
		}
		return b.URL, b.Referrer, b.CID, nil
	}
	return "", "", "", errors.New("unsupported content type")
}

// record validates and sanitises a beacon and hands it to the sink. It
// reports false for input that is not a page view URL or a valid cookie id.
func (t *tracker) record(r *http.Request, ip netip.Addr, pageURL, ref, cid string) bool {
	path, ok := pagePath(pageURL)
	if !ok || !validCID(cid) {
		return false
	}
	if r.Method == http.MethodHead {
		return true
	}
	if t.cfg.HonorDNT && (r.Header.Get("DNT") == "1" || r.Header.Get("Sec-GPC") == "1") {
		return true
	}
	ua := cleanText([]byte(r.UserAgent()))
	if IsBot(ua) {
		return true
	}
	t.sink(Hit{
		IP:        ip,
		Time:      t.cfg.Now().UTC(),
		Method:    r.Method,
		Path:      path,
		Referrer:  cleanReferrer(ref),
		UserAgent: ua,
		Status:    http.StatusOK,
		CookieID:  cid,
	})
	return true
}

// pagePath returns the cleaned path of an absolute http(s) URL.
func pagePath(s string) (string, bool) {
	if s == "" || len(s) > maxField {
		return "", false
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	return cleanText([]byte(p)), true
}

// cleanReferrer keeps scheme, host and path of an http(s) referrer; anything
// else becomes "".
func cleanReferrer(s string) string {
	if s == "" || len(s) > maxField {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return cleanText([]byte(u.Scheme + "://" + u.Host + u.EscapedPath()))
}

// validCID accepts "" or up to 128 characters of [A-Za-z0-9._-].
func validCID(s string) bool {
	if len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

func (t *tracker) clientIP(r *http.Request) netip.Addr {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	var ip netip.Addr
	if err == nil {
		ip = ap.Addr()
	} else {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		if ip, err = netip.ParseAddr(host); err != nil {
			return netip.Addr{}
		}
	}
	ip = ip.WithZone("").Unmap()
	if !t.trusted(ip) {
		return ip
	}
	xff := r.Header.Values("X-Forwarded-For")
	for i := len(xff) - 1; i >= 0; i-- {
		parts := strings.Split(xff[i], ",")
		for j := len(parts) - 1; j >= 0; j-- {
			a, err := netip.ParseAddr(strings.TrimSpace(parts[j]))
			if err != nil {
				return ip // garbage in the chain: stop at the last trusted hop
			}
			a = a.WithZone("").Unmap()
			if !t.trusted(a) {
				return a
			}
			ip = a
		}
	}
	return ip
}

func (t *tracker) trusted(ip netip.Addr) bool {
	for _, p := range t.cfg.TrustProxy {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// allow takes a token from the bucket of ip (of its /64 for IPv6).
func (t *tracker) allow(ip netip.Addr) bool {
	now := t.cfg.Now()
	rate := float64(t.cfg.RatePerMinute) / 60 // tokens per second
	burst := float64(t.cfg.RatePerMinute)
	t.mu.Lock()
	defer t.mu.Unlock()
	key := ip
	if ip.Is6() {
		// One IPv6 client usually owns a whole /64; limit it as one.
		key = netip.PrefixFrom(ip, 64).Masked().Addr()
	}
	b, ok := t.buckets.get(key)
	if !ok {
		b = &bucket{tokens: burst, last: now}
		t.buckets.put(key, b)
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = min(burst, b.tokens+el*rate)
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
