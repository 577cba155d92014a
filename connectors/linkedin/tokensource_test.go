package linkedin

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/abmsync/abmsync/connectors/linkedin/linkedintest"
	"github.com/abmsync/abmsync/crm"
)

// memLeases is a Leaser in memory (the store holds leases in Redis);
// leases do not expire here.
type memLeases struct {
	mu      sync.Mutex
	holders map[string]string
}

func (l *memLeases) AcquireLease(_ context.Context, key, owner string, _ time.Duration) (bool, string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if h, ok := l.holders[key]; ok && h != owner {
		return false, h, nil
	}
	if l.holders == nil {
		l.holders = map[string]string{}
	}
	l.holders[key] = owner
	return true, owner, nil
}

func (l *memLeases) ReleaseLease(_ context.Context, key, owner string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.holders[key] == owner {
		delete(l.holders, key)
	}
	return nil
}

// tsEnv is a TokenSource test's world: a fake LinkedIn and the sealed
// token store.
type tsEnv struct {
	fake   *linkedintest.Server
	tokens *TokenStore
	oauth  *oauth2.Config
	ts     *TokenSource
}

func newTSEnv(t *testing.T) *tsEnv {
	t.Helper()
	tokens, err := NewTokenStore(&memKeeper{}, testSecretB)
	if err != nil {
		t.Fatal(err)
	}
	fake := linkedintest.NewServer(linkedintest.Options{})
	t.Cleanup(fake.Close)
	cfg := Config{AuthBaseURL: fake.URL(), ClientID: fake.ClientID(), ClientSecret: fake.ClientSecret(),
		Scopes: []string{"r_ads"}, RedirectURL: "http://127.0.0.1:1/connect/linkedin/callback"}
	e := &tsEnv{fake: fake, tokens: tokens, oauth: cfg.OAuth2()}
	e.ts = &TokenSource{Tokens: tokens, Leases: &memLeases{}, LeaseKey: "lease:linkedin-token-refresh", OAuth: e.oauth, HTTPClient: fake.Client()}
	return e
}

// authorize runs the code flow against the fake and returns its answer,
// so the fake knows the refresh token.
func (e *tsEnv) authorize(t *testing.T) *oauth2.Token {
	t.Helper()
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Get(e.oauth.AuthCodeURL("s"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("no code: %v %v", resp.Header, err)
	}
	tok, err := e.oauth.Exchange(context.WithValue(t.Context(), oauth2.HTTPClient, e.fake.Client()), loc.Query().Get("code"))
	if err != nil {
		t.Fatal(err)
	}
	return tok
}
func TestTokenSourceRefreshKeepsRefreshExpiry(t *testing.T) {
	t.Parallel()
	e := newTSEnv(t)
	now := time.Now()
	first := NewToken(e.authorize(t), now)
	// Stored: an access token expiring within the refresh margin and a
	// refresh token that expires in 100 days (LinkedIn would say ~365).
	first.Expiry = now.Add(2 * time.Minute)
	first.RefreshExpiry = now.Add(100 * 24 * time.Hour).Truncate(time.Second)
	if err := e.tokens.Save(t.Context(), first); err != nil {
		t.Fatal(err)
	}
	issued := e.fake.TokensIssued()
	var saved []Token
	var mu sync.Mutex
	e.ts.OnSave = func(tok Token) { mu.Lock(); saved = append(saved, tok); mu.Unlock() }

	// Many callers at once: one refresh.
	var wg sync.WaitGroup
	got := make([]*oauth2.Token, 8)
	errs := make([]error, 8)
	for i := range got {
		wg.Go(func() { got[i], errs[i] = e.ts.Token() })
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil {
			t.Fatalf("Token #%d: %v", i, errs[i])
		}
		if got[i].AccessToken == first.AccessToken || got[i].AccessToken != got[0].AccessToken {
			t.Fatalf("Token #%d = a stale or different token", i)
		}
	}
	if n := e.fake.TokensIssued() - issued; n != 1 || len(saved) != 1 {
		t.Fatalf("%d refreshes, %d saves; want 1", n, len(saved))
	}
	stored, err := e.tokens.Load(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if stored.AccessToken != got[0].AccessToken || stored.RefreshToken != first.RefreshToken {
		t.Error("the refreshed token was not saved")
	}
	if !stored.RefreshExpiry.Equal(first.RefreshExpiry) {
		t.Errorf("refresh expiry moved from %s to %s", first.RefreshExpiry, stored.RefreshExpiry)
	}
	if d := stored.Expiry.Sub(now.Add(AccessTokenLifetime)); d < -time.Minute || d > time.Minute {
		t.Errorf("new access expiry %s, want about 60 days ahead", stored.Expiry)
	}
	// The fresh token is used as is.
	if tok, err := e.ts.Token(); err != nil || tok.AccessToken != stored.AccessToken || e.fake.TokensIssued()-issued != 1 {
		t.Errorf("Token after refresh = %v (issued %d)", err, e.fake.TokensIssued()-issued)
	}
}

func TestTokenSourceErrorsArePermanent(t *testing.T) {
	t.Parallel()
	now := time.Now()
	tests := []struct {
		name  string
		token *Token
		is    error
		msg   string
	}{
		{"not connected", nil, ErrNotConnected, "LinkedIn not connected: open /connect/linkedin"},
		{"expired, no refresh token", &Token{AccessToken: "a", Expiry: now.Add(-time.Hour)},
			ErrUnauthorized, "cannot be refreshed"},
		{"expired, refresh token expired", &Token{AccessToken: "a", Expiry: now.Add(-time.Hour),
			RefreshToken: "r", RefreshExpiry: now.Add(-time.Minute)}, ErrUnauthorized, "reconnect LinkedIn"},
		{"expired, refresh refused", &Token{AccessToken: "a", Expiry: now.Add(-time.Hour),
			RefreshToken: "unknown-refresh-token", RefreshExpiry: now.Add(time.Hour)}, ErrUnauthorized, "refused the refresh token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newTSEnv(t)
			if tt.token != nil {
				if err := e.tokens.Save(t.Context(), *tt.token); err != nil {
					t.Fatal(err)
				}
			}
			// Through the client, as the sync sees it.
			c, err := New(Config{BaseURL: e.fake.URL(), Version: "202610", AdAccount: e.fake.AdAccount(),
				SourcePlatform: e.fake.SourcePlatform()}, e.fake.Client(), e.ts)
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.FindOrCreateCompanySegment(t.Context(), "x")
			if !errors.Is(err, tt.is) || !errors.Is(err, crm.ErrPermanent) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v, want permanent, matching %v, saying %q", err, tt.is, tt.msg)
			}
			if n := e.fake.Calls()["GET /rest/dmpSegments"]; n != 0 {
				t.Errorf("API called %d times without a token", n)
			}
		})
	}
}

// TestTokenSourceWaitsForAnotherProcess: while another process holds the
// refresh lease, Token waits for the token that process saves instead of
// refreshing too.
func TestTokenSourceWaitsForAnotherProcess(t *testing.T) {
	t.Parallel()
	e := newTSEnv(t)
	now := time.Now()
	stale := NewToken(e.authorize(t), now)
	stale.Expiry = now.Add(time.Minute)
	if err := e.tokens.Save(t.Context(), stale); err != nil {
		t.Fatal(err)
	}
	if ok, _, _ := e.ts.Leases.AcquireLease(t.Context(), e.ts.LeaseKey, "other-process", time.Minute); !ok {
		t.Fatal("lease not taken")
	}
	issued := e.fake.TokensIssued()
	type result struct {
		tok *oauth2.Token
		err error
	}
	done := make(chan result, 1)
	go func() {
		tok, err := e.ts.Token()
		done <- result{tok, err}
	}()
	time.Sleep(50 * time.Millisecond) // Token is waiting for the lease now
	fresh := stale
	fresh.AccessToken, fresh.Expiry = "refreshed-by-the-other-process", now.Add(AccessTokenLifetime)
	if err := e.tokens.Save(t.Context(), fresh); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-done:
		if r.err != nil || r.tok.AccessToken != fresh.AccessToken {
			t.Errorf("Token = %v, %v; want the other process's token", r.tok, r.err)
		}
	case <-time.After(refreshWait):
		t.Fatal("Token did not pick up the other process's token")
	}
	if n := e.fake.TokensIssued() - issued; n != 0 {
		t.Errorf("%d refreshes while another process held the lease; want 0", n)
	}
}
