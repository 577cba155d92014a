package admin_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/abmsync/abmsync/admin"
	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/metrics"
	"github.com/abmsync/abmsync/store"
)

// monitoringCalls counts the requests other than GET and HEAD (those that
// would change queues) that reached the fake asynqmon.
type monitoringCalls struct{ n atomic.Int64 }

func (m *monitoringCalls) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		m.n.Add(1)
	}
	_, _ = io.WriteString(w, "asynqmon "+r.Method+" "+r.URL.Path)
}

// guardSetup is setup with a counting asynqmon, mounted read-write when rw.
func guardSetup(t *testing.T, rw bool) (*bundle, *monitoringCalls) {
	t.Helper()
	rdb := redistest.Client(t, db, false)
	st := store.New(rdb, redistest.Prefix(t, rdb))
	mon := &monitoringCalls{}
	b := setupWith(t, testToken, st, func(s *admin.Server) {
		s.Monitoring = mon
		s.MonitoringReadWrite = rw
	})
	return b, mon
}

// sideEffects reports what the requests changed: do-not-contact entries,
// runs started and requests that reached asynqmon.
func sideEffects(t *testing.T, b *bundle, mon *monitoringCalls) string {
	t.Helper()
	dnc, err := campaign.DoNotContact(b.ctx, b.st)
	if err != nil {
		t.Fatal(err)
	}
	n := len(dnc.Emails) + len(dnc.Names)
	if n == 0 && len(b.starter.Calls()) == 0 && mon.n.Load() == 0 {
		return ""
	}
	return fmt.Sprintf("%d do-not-contact entries, %d runs started, %d asynqmon requests", n, len(b.starter.Calls()), mon.n.Load())
}

// TestCrossSiteRequestsRefused replays what a page on another site can
// make a logged-in admin's browser send: a form or fetch with
// Content-Type text/plain (no preflight) carrying the browser's Basic
// credentials, with the foreign Origin or Sec-Fetch-Site the browser adds.
// Nothing may change; the same requests from the CLI still work.
func TestCrossSiteRequestsRefused(t *testing.T) {
	t.Parallel()
	const evil = "https://evil.example"
	tests := []struct {
		name       string
		rw         bool // asynqmon read-write
		method     string
		path       string
		body       string
		header     map[string]string
		auth       authFunc
		wantStatus int
		wantErr    string
		changes    bool
	}{
		// The attack as reported: Basic credentials, a foreign Origin, text/plain.
		{name: "forget from another origin", method: "POST", path: "/api/forget", body: `{"email":"ceo@alpina.example"}`,
			header: map[string]string{"Origin": evil, "Content-Type": "text/plain"}, auth: basic("x", testToken), wantStatus: 403, wantErr: "cross-origin"},
		{name: "full resync from another origin", method: "POST", path: "/api/resync", body: `{"full":true}`,
			header: map[string]string{"Origin": evil, "Content-Type": "text/plain"}, auth: basic("x", testToken), wantStatus: 403, wantErr: "cross-origin"},
		{name: "do-not-contact from another origin", method: "POST", path: "/api/do-not-contact", body: `{"email":"a@b.example"}`,
			header: map[string]string{"Origin": evil, "Content-Type": "text/plain"}, auth: basic("x", testToken), wantStatus: 403, wantErr: "cross-origin"},
		{name: "pause a queue from another origin", rw: true, method: "POST", path: "/monitoring/api/queues/admin:pause",
			header: map[string]string{"Origin": evil}, auth: basic("x", testToken), wantStatus: 403, wantErr: "cross-origin"},
		{name: "delete tasks from a sibling port (same site, other origin)", rw: true, method: "DELETE", path: "/monitoring/api/queues/admin/archived_tasks:delete_all",
			header: map[string]string{"Sec-Fetch-Site": "same-site", "Origin": "http://127.0.0.1:1"}, auth: basic("x", testToken), wantStatus: 403, wantErr: "cross-origin"},
		{name: "cross-site without Origin", method: "POST", path: "/api/forget", body: `{"email":"ceo@alpina.example"}`,
			header: map[string]string{"Sec-Fetch-Site": "cross-site", "Content-Type": "application/json"}, auth: bearer(testToken), wantStatus: 403, wantErr: "cross-origin"},
		// Without Origin (as from curl): Basic still only reads.
		{name: "basic POST without Origin", method: "POST", path: "/api/forget", body: `{"email":"ceo@alpina.example"}`,
			header: map[string]string{"Content-Type": "application/json"}, auth: basic("x", testToken), wantStatus: 401, wantErr: "Bearer"},
		// Bearer, which no other site can make a browser send, but a body
		// that is not declared JSON or has something after it.
		{name: "bearer with text/plain", method: "POST", path: "/api/forget", body: `{"email":"ceo@alpina.example"}`,
			header: map[string]string{"Content-Type": "text/plain"}, auth: bearer(testToken), wantStatus: 415, wantErr: "application/json"},
		{name: "bearer with a form", method: "POST", path: "/api/do-not-contact", body: `email=a@b.example`,
			header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, auth: bearer(testToken), wantStatus: 415, wantErr: "application/json"},
		{name: "bearer without Content-Type", method: "POST", path: "/api/resync", body: `{"full":true}`,
			auth: bearer(testToken), wantStatus: 415, wantErr: "application/json"},
		{name: "trailing data", method: "POST", path: "/api/forget", body: `{"email":"ceo@alpina.example"} {"email":"x@y.example"}`,
			header: map[string]string{"Content-Type": "application/json"}, auth: bearer(testToken), wantStatus: 400, wantErr: "after the JSON value"},
		{name: "trailing garbage", method: "POST", path: "/api/resync", body: `{"full":true}garbage`,
			header: map[string]string{"Content-Type": "application/json"}, auth: bearer(testToken), wantStatus: 400, wantErr: "after the JSON value"},
		// asynqmon mounted read-only (the default).
		{name: "read-only monitoring refuses a pause", method: "POST", path: "/monitoring/api/queues/admin:pause",
			auth: bearer(testToken), wantStatus: 405, wantErr: "read-only"},
		// What must keep working.
		{name: "CLI: bearer and JSON", method: "POST", path: "/api/forget", body: `{"email":"ceo@alpina.example"}`,
			header: map[string]string{"Content-Type": "application/json; charset=utf-8"}, auth: bearer(testToken), wantStatus: 200, changes: true},
		{name: "CLI: resync with an empty body", method: "POST", path: "/api/resync", auth: bearer(testToken), wantStatus: 202, changes: true},
		{name: "trailing whitespace", method: "POST", path: "/api/resync", body: "{\"full\":true}\n\n",
			header: map[string]string{"Content-Type": "application/json"}, auth: bearer(testToken), wantStatus: 202, changes: true},
		{name: "asynqmon's own page pauses a queue", rw: true, method: "POST", path: "/monitoring/api/queues/admin:pause",
			header: map[string]string{"Sec-Fetch-Site": "same-origin"}, auth: basic("x", testToken), wantStatus: 200, changes: true},
		{name: "cross-site GET is a read", method: "GET", path: "/api/status",
			header: map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": evil}, auth: basic("x", testToken), wantStatus: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, mon := guardSetup(t, tt.rw)
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			req, err := http.NewRequestWithContext(b.ctx, tt.method, b.ts.URL+tt.path, body)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			tt.auth(req)
			resp, err := b.ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.wantStatus, raw)
			}
			if tt.wantErr != "" && !strings.Contains(string(raw), tt.wantErr) {
				t.Errorf("answer %s does not say %q", raw, tt.wantErr)
			}
			if got := sideEffects(t, b, mon); (got != "") != tt.changes {
				t.Errorf("side effects %q, want changes=%v", got, tt.changes)
			}
		})
	}
}

// TestNoFraming checks that every kind of admin page forbids framing.
func TestNoFraming(t *testing.T) {
	t.Parallel()
	b, _ := guardSetup(t, false)
	for _, path := range []string{"/monitoring/", "/monitoring/queues/admin", "/api/status", "/metrics", "/healthz", "/api/nope"} {
		res := b.do(t, http.MethodGet, path, "", basic("admin", testToken))
		if res.Header.Get("X-Frame-Options") != "DENY" || !strings.Contains(res.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("GET %s: X-Frame-Options %q, Content-Security-Policy %q; want DENY and frame-ancestors 'none'",
				path, res.Header.Get("X-Frame-Options"), res.Header.Get("Content-Security-Policy"))
		}
	}
}

// countingMetrics records CountAuthFailure calls.
type countingMetrics struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *countingMetrics) CountAuthFailure(reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[reason]++
}

// TestTokenGuessingLimited guesses the token as fast as one loopback
// client can, through every way the token is taken: after 10 wrong
// guesses the client gets 429 with Retry-After and its guesses are no
// longer compared (the right token is refused too), every failure is
// logged without the token and counted; another address is unaffected.
func TestTokenGuessingLimited(t *testing.T) {
	t.Parallel()
	ways := []struct {
		name  string
		guess func(b *bundle, tok string) (*http.Request, error)
	}{
		{"bearer", func(b *bundle, tok string) (*http.Request, error) {
			req, err := http.NewRequest(http.MethodGet, b.ts.URL+"/api/status", nil)
			if err == nil {
				bearer(tok)(req)
			}
			return req, err
		}},
		{"basic", func(b *bundle, tok string) (*http.Request, error) {
			req, err := http.NewRequest(http.MethodGet, b.ts.URL+"/monitoring/", nil)
			if err == nil {
				basic("admin", tok)(req)
			}
			return req, err
		}},
	}
	for _, way := range ways {
		t.Run(way.name, func(t *testing.T) {
			t.Parallel()
			m := &countingMetrics{}
			rdb := redistest.Client(t, db, false)
			b := setupWith(t, testToken, store.New(rdb, redistest.Prefix(t, rdb)), func(s *admin.Server) { s.AuthMetrics = m })
			const guesses = 200
			statuses := map[int]int{}
			retry := ""
			for i := range guesses {
				req, err := way.guess(b, fmt.Sprintf("guess-%040d", i))
				if err != nil {
					t.Fatal(err)
				}
				resp, err := b.ts.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				statuses[resp.StatusCode]++
				if resp.StatusCode == http.StatusTooManyRequests {
					retry = resp.Header.Get("Retry-After")
				}
			}
			if statuses[401] != 10 || statuses[429] != guesses-10 {
				t.Errorf("answers to %d wrong guesses: %v; want 10 × 401, then 429", guesses, statuses)
			}
			if retry == "" || retry == "0" {
				t.Errorf("429 without a Retry-After (%q)", retry)
			}
			req, _ := way.guess(b, testToken)
			resp, err := b.ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusTooManyRequests {
				t.Errorf("the right token from a locked-out address: %d, want 429 (not compared)", resp.StatusCode)
			}
			m.mu.Lock()
			if m.n[admin.FailWrongToken] != 10 || m.n[admin.FailRateLimited] != guesses-10+1 {
				t.Errorf("counted %v, want 10 wrong_token and %d rate_limited", m.n, guesses-10+1)
			}
			m.mu.Unlock()
			logs := b.logs.String()
			if n := strings.Count(logs, "admin authentication failed: wrong token"); n != 10 {
				t.Errorf("%d failures logged, want 10:\n%s", n, logs)
			}
			if !strings.Contains(logs, "too many failures from this address") {
				t.Errorf("the lockout is not logged:\n%s", logs)
			}
			if strings.Contains(logs, "guess-") {
				t.Errorf("a guessed token was logged:\n%s", logs)
			}
		})
	}
}

// TestLoginGuessingLimited guesses at the dashboard's login form.
func TestLoginGuessingLimited(t *testing.T) {
	t.Parallel()
	b := setupDashboard(t, testToken, nil, false)
	statuses := map[int]int{}
	for i := range 30 {
		resp, err := noRedirect(b.ts).PostForm(b.ts.URL+"/dashboard/login", url.Values{"token": {fmt.Sprintf("guess-%d", i)}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		statuses[resp.StatusCode]++
	}
	if statuses[401] != 10 || statuses[429] != 20 {
		t.Errorf("answers to 30 wrong logins: %v; want 10 × 401, then 429", statuses)
	}
}

// TestLogoutEndsSession copies the session cookie, logs out, and uses the
// copy: the session is over on the server, not only in the browser.
func TestLogoutEndsSession(t *testing.T) {
	t.Parallel()
	b := setupDashboard(t, testToken, nil, false)
	sid := login(t, b)
	get := func(path string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, b.ts.URL+path, nil)
		req.AddCookie(&http.Cookie{Name: admin.SessionCookie, Value: sid})
		resp, err := noRedirect(b.ts).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := get("/dashboard"); resp.StatusCode != http.StatusOK {
		t.Fatalf("dashboard with the session: %d", resp.StatusCode)
	}
	if resp := get("/dashboard/logout"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", resp.StatusCode)
	}
	if resp := get("/dashboard"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/dashboard/login" {
		t.Errorf("dashboard with the logged-out session's cookie: %d %s, want 303 to the login", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestSecureCookieBehindTLSProxy: over plain HTTP, but admin.public_url is
// https (a proxy ends TLS), the session cookie is Secure.
func TestSecureCookieBehindTLSProxy(t *testing.T) {
	t.Parallel()
	rdb := redistest.Client(t, db, false)
	st := store.New(rdb, redistest.Prefix(t, rdb))
	srv := &admin.Server{Token: testToken, Store: st, PublicURL: "https://abmsync.example.com",
		Report: func(context.Context) (metrics.Report, error) { return fixedReport(), nil }}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	c := *ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	// The proxy forwards the browser's Origin, which is the public URL's.
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/dashboard/login", strings.NewReader(url.Values{"token": {testToken}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://abmsync.example.com")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cookies := resp.Cookies()
	if resp.StatusCode != http.StatusSeeOther || len(cookies) != 1 || !cookies[0].Secure {
		t.Errorf("login behind an https proxy: %d, cookies %+v; want a Secure cookie", resp.StatusCode, cookies)
	}
}

// slowImporter reads the whole body, however slowly it comes.
type slowImporter struct{}

func (slowImporter) ImportAccessLog(_ context.Context, r io.Reader) (campaign.AccessLogResult, error) {
	n, err := io.Copy(io.Discard, r)
	return campaign.AccessLogResult{Lines: int(n)}, err
}

// trickle sends a request whose body of n bytes arrives one byte every
// gap. It returns the status line of the answer ("" if none) and whether
// the server closed the connection before the whole body was sent.
func trickle(t *testing.T, addr, head string, n int, gap time.Duration) (status string, cutOff bool) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := fmt.Fprintf(conn, "%sContent-Length: %d\r\n\r\n", head, n); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		br := bufio.NewReader(conn)
		line, _ := br.ReadString('\n')
		mu.Lock()
		status = strings.TrimSpace(line)
		mu.Unlock()
		_, _ = io.Copy(io.Discard, br) // until the server closes
	}()
	for range n {
		select {
		case <-closed:
			mu.Lock()
			defer mu.Unlock()
			return status, true
		case <-time.After(gap):
		}
		if _, err := conn.Write([]byte("x")); err != nil {
			break
		}
	}
	// The whole body is sent: wait for the answer, then stop reading.
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		mu.Lock()
		got := status
		mu.Unlock()
		if got != "" {
			return got, false
		}
		select {
		case <-closed:
			mu.Lock()
			defer mu.Unlock()
			return status, false
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatal("no answer 10 s after the whole body was sent")
	return "", false
}

// slowBodyServer serves srv with NewHTTPServer's settings but readTimeout.
func slowBodyServer(t *testing.T, srv *admin.Server, readTimeout time.Duration) string {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = admin.NewHTTPServer(srv.Handler())
	ts.Config.ReadTimeout = readTimeout
	ts.Start()
	t.Cleanup(ts.Close)
	return ts.Listener.Addr().String()
}

// TestSlowBodies: a client that trickles a body without credentials is
// answered and cut off at once, even with a long read timeout; an
// authenticated JSON body is cut off by the read timeout; an
// authenticated import may take longer than the read timeout.
func TestSlowBodies(t *testing.T) {
	t.Parallel()
	rdb := redistest.Client(t, db, false)
	st := store.New(rdb, redistest.Prefix(t, rdb))
	newServer := func() *admin.Server {
		return &admin.Server{Token: testToken, Store: st, Starter: &fakeStarter{}, AccessLogs: &admin.AccessLogImport{Importer: slowImporter{}}}
	}
	const importHead = "POST /api/imports/access-log HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"

	patient := slowBodyServer(t, newServer(), time.Minute)
	for _, auth := range []string{"", "Authorization: Bearer wrong-0123456789abcdef0123456789abcdef\r\n", "Authorization: Basic eDp5\r\n"} {
		status, cutOff := trickle(t, patient, importHead+auth, 200, 20*time.Millisecond)
		if !strings.Contains(status, " 401 ") || !cutOff {
			t.Errorf("slow body with credentials %q: %q, cut off %v; want 401 and the connection closed before the body is through", auth, status, cutOff)
		}
	}

	hasty := slowBodyServer(t, newServer(), 300*time.Millisecond)
	status, cutOff := trickle(t, hasty, "POST /api/resync HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer "+testToken+"\r\n", 200, 20*time.Millisecond)
	if strings.Contains(status, " 202 ") || !cutOff {
		t.Errorf("slow authenticated JSON body: %q, cut off %v; want it cut off by the read timeout", status, cutOff)
	}
	// 25 bytes, one every 40 ms: 1 s, beyond the 300 ms read timeout.
	status, _ = trickle(t, hasty, importHead+"Authorization: Bearer "+testToken+"\r\n", 25, 40*time.Millisecond)
	if !strings.Contains(status, " 200 ") {
		t.Errorf("authenticated slow import: %q, want 200", status)
	}
}
