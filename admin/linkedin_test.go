package admin_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/abmsync/abmsync/admin"
	"github.com/abmsync/abmsync/connectors/linkedin"
	"github.com/abmsync/abmsync/connectors/linkedin/linkedintest"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/store"
)

// linkedInDB is the database of the LinkedIn connect tests (a prefix each).
const linkedInDB = 13

const linkedInTestKey = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// connectEnv is one connect-flow test's world: a fake LinkedIn, the admin
// server with the connect handler, and the sealed token store.
type connectEnv struct {
	fake    *linkedintest.Server
	st      *store.Store
	rdb     *redis.Client
	tokens  *linkedin.TokenStore
	connect *admin.LinkedInConnect
	ts      *httptest.Server
	logs    *syncBuffer
	// hc follows no redirects, so each hop is checked.
	hc *http.Client
}

func newConnectEnv(t *testing.T, opts linkedintest.Options) *connectEnv {
	t.Helper()
	rdb := redistest.Client(t, linkedInDB, false)
	st := store.New(rdb, redistest.Prefix(t, rdb))
	tokens, err := linkedin.NewTokenStore(st, linkedInTestKey)
	if err != nil {
		t.Fatal(err)
	}
	fake := linkedintest.NewServer(opts)
	t.Cleanup(fake.Close)
	cfg := linkedin.Config{AuthBaseURL: fake.URL(), ClientID: fake.ClientID(), ClientSecret: fake.ClientSecret(),
		Scopes: []string{"r_ads", "r_ads_reporting", "rw_dmp_segments"}}
	e := &connectEnv{fake: fake, st: st, rdb: rdb, tokens: tokens, logs: &syncBuffer{}}
	logger := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e.connect = &admin.LinkedInConnect{OAuth: cfg.OAuth2(), States: st, Tokens: tokens, HTTPClient: fake.Client(), Logger: logger}
	srv := &admin.Server{Token: testToken, Store: st, Starter: &fakeStarter{}, Inspector: fakeInspector{},
		LinkedInConnect: e.connect, Logger: logger}
	e.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(e.ts.Close)
	e.connect.OAuth.RedirectURL = e.ts.URL + admin.LinkedInCallbackPath
	e.hc = &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	t.Cleanup(func() {
		if tok, err := tokens.Load(context.Background()); err == nil {
			for _, secret := range []string{tok.AccessToken, tok.RefreshToken} {
				if strings.Contains(e.logs.String(), secret) {
					t.Errorf("a LinkedIn token was logged: %s", e.logs.String())
				}
			}
		}
		if strings.Contains(e.logs.String(), "linkedintest-code-") {
			t.Errorf("an authorization code was logged: %s", e.logs.String())
		}
	})
	return e
}

// get sends a GET with the admin token when admin is set.
func (e *connectEnv) get(t *testing.T, rawURL string, adminToken bool) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	if adminToken {
		req.Header.Set("Authorization", "Bearer "+testToken)
	}
	resp, err := e.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{Status: resp.StatusCode, Header: resp.Header, Body: string(b)}
}

// authorize starts the flow and follows the fake's consent redirect,
// returning the callback URL LinkedIn sends the browser to.
func (e *connectEnv) authorize(t *testing.T) string {
	t.Helper()
	start := e.get(t, e.ts.URL+admin.LinkedInConnectPath, true)
	if start.Status != http.StatusFound {
		t.Fatalf("GET /connect/linkedin = %d %s, want 302", start.Status, start.Body)
	}
	loc, err := url.Parse(start.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != e.fake.URL()+linkedin.AuthorizePath {
		t.Fatalf("redirect to %s, want LinkedIn's authorization page", got)
	}
	q := loc.Query()
	if q.Get("client_id") != e.fake.ClientID() || q.Get("response_type") != "code" ||
		q.Get("scope") != "r_ads r_ads_reporting rw_dmp_segments" ||
		q.Get("redirect_uri") != e.ts.URL+admin.LinkedInCallbackPath || len(q.Get("state")) < 32 {
		t.Fatalf("authorization query = %v", q)
	}
	consent := e.get(t, loc.String(), false)
	if consent.Status != http.StatusFound {
		t.Fatalf("fake authorization = %d %s", consent.Status, consent.Body)
	}
	return consent.Header.Get("Location")
}

func (e *connectEnv) stored(t *testing.T) (linkedin.Token, bool) {
	t.Helper()
	tok, err := e.tokens.Load(context.Background())
	if errors.Is(err, linkedin.ErrNotConnected) {
		return linkedin.Token{}, false
	}
	if err != nil {
		t.Fatal(err)
	}
	return tok, true
}

func TestLinkedInConnectFlow(t *testing.T) {
	t.Parallel()
	e := newConnectEnv(t, linkedintest.Options{})
	before := time.Now()
	callback := e.authorize(t)
	if !strings.HasPrefix(callback, e.ts.URL+admin.LinkedInCallbackPath+"?") {
		t.Fatalf("LinkedIn redirected to %s", callback)
	}
	done := e.get(t, callback, false) // LinkedIn's redirect carries no admin token
	if done.Status != http.StatusOK || !strings.Contains(done.Body, "LinkedIn connected; access token valid until ") {
		t.Fatalf("callback = %d %s", done.Status, done.Body)
	}
	if ct := done.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("callback Content-Type = %q", ct)
	}
	tok, ok := e.stored(t)
	if !ok {
		t.Fatal("no token stored")
	}
	if tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("stored token %v lacks a token", tok)
	}
	wantAccess := before.Add(linkedintest.AccessTokenTTL)
	if d := tok.Expiry.Sub(wantAccess); d < -time.Minute || d > time.Minute {
		t.Errorf("access expiry %s, want about %s", tok.Expiry, wantAccess)
	}
	wantRefresh := before.Add(linkedintest.RefreshTokenTTL)
	if d := tok.RefreshExpiry.Sub(wantRefresh); d < -time.Minute || d > time.Minute {
		t.Errorf("refresh expiry %s, want about %s", tok.RefreshExpiry, wantRefresh)
	}
	if !strings.Contains(done.Body, tok.Expiry.UTC().Format(time.DateOnly)) {
		t.Errorf("page does not name the expiry date: %s", done.Body)
	}
	for _, secret := range []string{tok.AccessToken, tok.RefreshToken} {
		if strings.Contains(done.Body, secret) {
			t.Error("the callback page shows a token")
		}
	}
	raw, err := e.rdb.Get(context.Background(), e.st.Keys().Secret(store.LinkedInTokenName)).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), tok.AccessToken) || strings.Contains(string(raw), tok.RefreshToken) {
		t.Error("the token is stored in the clear")
	}

	// The same callback again (a replayed or reloaded page): the state is
	// used up, nothing is exchanged or stored.
	issued := e.fake.TokensIssued()
	again := e.get(t, callback, false)
	if again.Status != http.StatusBadRequest || !strings.Contains(again.Body, "already used") {
		t.Errorf("reused state = %d %s, want 400", again.Status, again.Body)
	}
	if e.fake.TokensIssued() != issued {
		t.Error("a reused state led to a code exchange")
	}
	if tok2, _ := e.stored(t); tok2 != tok {
		t.Error("a reused state changed the stored token")
	}
}

func TestLinkedInConnectRefusesBadState(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		state func(t *testing.T, e *connectEnv, real string) string
	}{
		{"forged", func(*testing.T, *connectEnv, string) string { return "forged-state-value-aaaaaaaaaaaaaaaaaaaaaaaa" }},
		{"missing", func(*testing.T, *connectEnv, string) string { return "" }},
		{"expired", func(t *testing.T, e *connectEnv, _ string) string {
			// Saved like the handler does, but its TTL ran out.
			if err := e.st.SaveOAuthState(context.Background(), "expired-state", time.Millisecond); err != nil {
				t.Fatal(err)
			}
			time.Sleep(20 * time.Millisecond)
			return "expired-state"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newConnectEnv(t, linkedintest.Options{})
			callback, err := url.Parse(e.authorize(t)) // a real code, so only the state is wrong
			if err != nil {
				t.Fatal(err)
			}
			q := callback.Query()
			q.Set("state", tt.state(t, e, q.Get("state")))
			callback.RawQuery = q.Encode()
			got := e.get(t, callback.String(), false)
			if got.Status != http.StatusBadRequest || !strings.Contains(got.Body, "Nothing was stored") {
				t.Errorf("callback with %s state = %d %s, want 400", tt.name, got.Status, got.Body)
			}
			if _, ok := e.stored(t); ok {
				t.Error("a token was stored")
			}
			if n := e.fake.Calls()["POST "+linkedin.TokenPath]; n != 0 {
				t.Errorf("token endpoint called %d times", n)
			}
		})
	}
}

func TestLinkedInConnectShowsLinkedInsRefusal(t *testing.T) {
	t.Parallel()
	e := newConnectEnv(t, linkedintest.Options{})
	e.fake.DenyNext()
	callback := e.authorize(t)
	got := e.get(t, callback, false)
	if got.Status != http.StatusBadRequest || !strings.Contains(got.Body, "user_cancelled_authorize") ||
		!strings.Contains(got.Body, "The user cancelled the authorization") {
		t.Errorf("denied callback = %d %s", got.Status, got.Body)
	}
	if _, ok := e.stored(t); ok {
		t.Error("a token was stored")
	}
	// access_denied, with markup that must not come through.
	st := e.get(t, e.ts.URL+admin.LinkedInCallbackPath+"?error=access_denied&error_description=%3Cscript%3Ex%3C%2Fscript%3E", false)
	if st.Status != http.StatusBadRequest || !strings.Contains(st.Body, "access_denied") || strings.Contains(st.Body, "<script>") {
		t.Errorf("access_denied callback = %d %s", st.Status, st.Body)
	}
}

func TestLinkedInConnectNeedsAdminToken(t *testing.T) {
	t.Parallel()
	e := newConnectEnv(t, linkedintest.Options{})
	if got := e.get(t, e.ts.URL+admin.LinkedInConnectPath, false); got.Status != http.StatusUnauthorized {
		t.Errorf("GET /connect/linkedin without token = %d, want 401", got.Status)
	}
}

func TestLinkedInConnectBadCode(t *testing.T) {
	t.Parallel()
	e := newConnectEnv(t, linkedintest.Options{})
	callback, _ := url.Parse(e.authorize(t))
	q := callback.Query()
	q.Set("code", "not-a-code")
	callback.RawQuery = q.Encode()
	got := e.get(t, callback.String(), false)
	if got.Status != http.StatusBadGateway || !strings.Contains(got.Body, "invalid_request") {
		t.Errorf("bad code = %d %s, want 502 naming LinkedIn's error", got.Status, got.Body)
	}
	if _, ok := e.stored(t); ok {
		t.Error("a token was stored")
	}
}

func TestStatusWarnings(t *testing.T) {
	t.Parallel()
	rdb := redistest.Client(t, linkedInDB, false)
	b := setupStore(t, testToken, store.New(rdb, redistest.Prefix(t, rdb)))
	st, err := b.client(testToken).Status(b.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Warnings != nil {
		t.Errorf("warnings without a Warnings func = %q", st.Warnings)
	}
	b.srv.Warnings = func(context.Context) []string {
		return []string{"LinkedIn refresh token expires on 2027-11-27 (in 3 days)"}
	}
	if st, err = b.client(testToken).Status(b.ctx); err != nil {
		t.Fatal(err)
	}
	if len(st.Warnings) != 1 || !strings.Contains(st.Warnings[0], "refresh token expires") {
		t.Errorf("status warnings = %q", st.Warnings)
	}
}
