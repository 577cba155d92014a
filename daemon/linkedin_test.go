package daemon

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/admin"
	"github.com/abmsync/abmsync/config"
	"github.com/abmsync/abmsync/connectors/linkedin"
	"github.com/abmsync/abmsync/connectors/linkedin/linkedintest"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/internal/telemetry"
	"github.com/abmsync/abmsync/store"
)

// linkedInDB is the database of the LinkedIn daemon tests (a prefix each;
// the end-to-end test runs asynq there without flushing, as nothing it
// enqueues outlives the test).
const linkedInDB = 13

const linkedInKey = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestLinkedInWarnings(t *testing.T) {
	t.Parallel()
	rdb := redistest.Client(t, linkedInDB, false)
	st := store.New(rdb, redistest.Prefix(t, rdb))
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	cfg := config.Default()
	cfg.SecretKey = linkedInKey
	cfg.LinkedIn.ClientID, cfg.LinkedIn.ClientSecret = "id", "secret"
	cfg.LinkedIn.Version, cfg.LinkedIn.AdAccount = "202610", "urn:li:sponsoredAccount:1"
	m := telemetry.New()
	li, err := NewLinkedIn(cfg, st, nil, m, nil, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	li.Metrics.Now = func() time.Time { return now }
	ctx := t.Context()
	if w := li.Warnings(ctx); len(w) != 1 || w[0] != "LinkedIn not connected: open /connect/linkedin" {
		t.Errorf("warnings before connecting = %q", w)
	}
	day := 24 * time.Hour
	tests := []struct {
		name string
		tok  linkedin.Token
		want []string
	}{
		{"refresh token in 6 days", linkedin.Token{AccessToken: "a", Expiry: now.Add(50 * day), RefreshToken: "r", RefreshExpiry: now.Add(6 * day)},
			[]string{"LinkedIn refresh token expires on 2026-12-03 (in 6 days)"}},
		{"refresh token in 8 days", linkedin.Token{AccessToken: "a", Expiry: now.Add(50 * day), RefreshToken: "r", RefreshExpiry: now.Add(8 * day)}, nil},
		{"access token in 7 days, no refresh", linkedin.Token{AccessToken: "a", Expiry: now.Add(7 * day)},
			[]string{"LinkedIn access token expires on 2026-12-04 (in 7 days)"}},
		{"access token in 8 days, no refresh", linkedin.Token{AccessToken: "a", Expiry: now.Add(8 * day)}, nil},
	}
	for _, tt := range tests {
		if err := li.Tokens.Save(ctx, tt.tok); err != nil {
			t.Fatal(err)
		}
		got := li.Warnings(ctx)
		if len(got) != len(tt.want) {
			t.Errorf("%s: warnings = %q, want %q", tt.name, got, tt.want)
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], tt.want[i]) {
				t.Errorf("%s: warning %q, want it to start %q", tt.name, got[i], tt.want[i])
			}
		}
	}
	// The gauge follows the last token read: access in 8 days, no refresh.
	text := scrape(t, m)
	if !strings.Contains(text, `abmsync_linkedin_token_expiry_seconds{token="access"} 691200`) ||
		strings.Contains(text, `token="refresh"`) {
		t.Errorf("expiry gauge:\n%s", grepLines(text, "abmsync_linkedin_token_expiry"))
	}
	_ = li.Tokens.Save(ctx, tests[0].tok)
	li.Warnings(ctx)
	if text := scrape(t, m); !strings.Contains(text, `abmsync_linkedin_token_expiry_seconds{token="refresh"} 518400`) {
		t.Errorf("expiry gauge:\n%s", grepLines(text, "abmsync_linkedin_token_expiry"))
	}
}

func scrape(t *testing.T, m *telemetry.Metrics) string {
	t.Helper()
	rec := &strings.Builder{}
	srv := m.Handler()
	req, _ := http.NewRequest(http.MethodGet, "/metrics", nil)
	w := &recorder{h: http.Header{}, b: rec}
	srv.ServeHTTP(w, req)
	return rec.String()
}

type recorder struct {
	h http.Header
	b *strings.Builder
}

func (r *recorder) Header() http.Header         { return r.h }
func (r *recorder) Write(p []byte) (int, error) { return r.b.Write(p) }
func (r *recorder) WriteHeader(int)             {}

func grepLines(text, sub string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestNewLinkedInConfig(t *testing.T) {
	t.Parallel()
	rdb := redistest.Client(t, linkedInDB, false)
	st := store.New(rdb, redistest.Prefix(t, rdb))
	base := func() config.Config {
		c := config.Default()
		c.LinkedIn.Version, c.LinkedIn.AdAccount = "202610", "urn:li:sponsoredAccount:1"
		return c
	}
	tests := []struct {
		name    string
		mod     func(*config.Config)
		errKey  string
		connect bool
		source  bool
	}{
		{"off", func(*config.Config) {}, "", false, false},
		{"connect flow without key", func(c *config.Config) { c.LinkedIn.ClientID, c.LinkedIn.ClientSecret = "id", "s" }, "secret_key", false, false},
		{"malformed key", func(c *config.Config) {
			c.LinkedIn.ClientID, c.LinkedIn.ClientSecret, c.SecretKey = "id", "s", "too-short"
		}, "secret_key", false, false},
		{"connect flow", func(c *config.Config) {
			c.LinkedIn.ClientID, c.LinkedIn.ClientSecret, c.SecretKey = "id", "s", linkedInKey
		}, "", true, true},
		{"static token, no key", func(c *config.Config) { c.LinkedIn.AccessToken = "static" }, "", false, false},
		{"static token and client id, no key", func(c *config.Config) {
			c.LinkedIn.AccessToken, c.LinkedIn.ClientID, c.LinkedIn.ClientSecret = "static", "id", "s"
		}, "", false, false},
		{"bad version", func(c *config.Config) { c.LinkedIn.AccessToken, c.LinkedIn.Version = "static", "2026" }, "linkedin", false, false},
	}
	for _, tt := range tests {
		c := base()
		tt.mod(&c)
		li, err := NewLinkedIn(c, st, nil, telemetry.New(), nil, nil)
		var ce *config.Error
		switch {
		case tt.errKey != "":
			if !errors.As(err, &ce) || ce.Key != tt.errKey {
				t.Errorf("%s: err = %v, want a config error on %s", tt.name, err, tt.errKey)
			}
			if err != nil && c.SecretKey != "" && strings.Contains(err.Error(), c.SecretKey) {
				t.Errorf("%s: error repeats the key", tt.name)
			}
			continue
		case err != nil:
			t.Errorf("%s: %v", tt.name, err)
			continue
		case tt.name == "off":
			if li != nil {
				t.Errorf("off: got %+v", li)
			}
			continue
		}
		if (li.Connect != nil) != tt.connect || (li.Source != nil) != tt.source {
			t.Errorf("%s: connect %v source %v", tt.name, li.Connect != nil, li.Source != nil)
		}
	}
}

// TestDaemonLinkedInConnect starts the daemon with LinkedIn configured and
// connects through the admin server: the connect flow is mounted with the
// default redirect URL, the status names the missing connection until the
// token is stored sealed, and the expiry gauge appears.
func TestDaemonLinkedInConnect(t *testing.T) {
	t.Parallel()
	rdb := redistest.Client(t, linkedInDB, false)
	prefix := redistest.Prefix(t, rdb)
	fake := linkedintest.NewServer(linkedintest.Options{})
	defer fake.Close()

	raw := os.Getenv("REDIS_URL")
	if raw == "" {
		raw = "redis://127.0.0.1:6379"
	}
	ru, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	ru.Path = "/13"
	sample, _ := filepath.Abs("../deploy/examples/sample-campaign")
	cfg := config.Default()
	cfg.Redis.URL, cfg.Redis.KeyPrefix = ru.String(), prefix
	cfg.Admin.Addr, cfg.Admin.Token = "127.0.0.1:0", testAdminToken
	cfg.CSV.Dir, cfg.CSV.OutputDir = sample, t.TempDir()
	cfg.Schedules = map[string]string{}
	cfg.Worker.ShutdownTimeout = 2 * time.Second
	cfg.SecretKey = linkedInKey
	cfg.LinkedIn.BaseURL, cfg.LinkedIn.AuthBaseURL = fake.URL(), fake.URL()
	cfg.LinkedIn.ClientID, cfg.LinkedIn.ClientSecret = fake.ClientID(), fake.ClientSecret()
	cfg.LinkedIn.Version, cfg.LinkedIn.AdAccount = "202610", fake.AdAccount()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, cfg, Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Ready: func(a string) { ready <- a },
			Getenv: func(string) string { return "" }})
	}()
	var base string
	select {
	case a := <-ready:
		base = "http://" + a
	case err := <-done:
		t.Fatalf("Run: %v", err)
	case <-time.After(15 * time.Second):
		t.Fatal("daemon not ready")
	}
	cl := &admin.Client{BaseURL: base, Token: testAdminToken}
	st, err := cl.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Warnings) != 1 || !strings.Contains(st.Warnings[0], "LinkedIn not connected") {
		t.Errorf("status warnings before connecting = %q", st.Warnings)
	}

	hc := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(u string, token bool) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		if token {
			req.Header.Set("Authorization", "Bearer "+testAdminToken)
		}
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	start := get(base+"/connect/linkedin", true)
	if start.StatusCode != http.StatusFound {
		t.Fatalf("connect = %d", start.StatusCode)
	}
	consent := get(start.Header.Get("Location"), false)
	callback := consent.Header.Get("Location")
	if !strings.HasPrefix(callback, base+"/connect/linkedin/callback?") {
		t.Fatalf("LinkedIn redirected to %q, want the default callback under %s", callback, base)
	}
	done200 := get(callback, false)
	body, _ := io.ReadAll(done200.Body)
	if done200.StatusCode != http.StatusOK || !strings.Contains(string(body), "LinkedIn connected") {
		t.Fatalf("callback = %d %s", done200.StatusCode, body)
	}
	tokens, _ := linkedin.NewTokenStore(store.New(rdb, prefix), linkedInKey)
	if _, err := tokens.Load(ctx); err != nil {
		t.Fatalf("token not stored: %v", err)
	}
	if st, err = cl.Status(ctx); err != nil || len(st.Warnings) != 0 {
		t.Errorf("status after connecting: %q, %v", st.Warnings, err)
	}
	metrics := get(base+"/metrics", true)
	mb, _ := io.ReadAll(metrics.Body)
	if !strings.Contains(string(mb), `abmsync_linkedin_token_expiry_seconds{token="access"}`) ||
		!strings.Contains(string(mb), `abmsync_linkedin_token_expiry_seconds{token="refresh"}`) {
		t.Errorf("metrics lack the expiry gauge:\n%s", grepLines(string(mb), "linkedin"))
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no shutdown")
	}
}
