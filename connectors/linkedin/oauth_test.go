package linkedin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/abmsync/abmsync/connectors/linkedin/linkedintest"
	"github.com/abmsync/abmsync/internal/clocktest"
)

const testRedirect = "https://abm.example/connect/linkedin/callback"

// authorize follows the authorization URL to the fake's consent (which
// approves at once) and returns the callback's query.
func authorize(t *testing.T, hc *http.Client, authURL string) url.Values {
	t.Helper()
	noFollow := *hc
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noFollow.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorization answered %d", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(loc.String(), testRedirect+"?") {
		t.Fatalf("redirect to %q", resp.Header.Get("Location"))
	}
	return loc.Query()
}

// TestOAuthFlow runs the 3-legged flow against the fake: authorization URL,
// redirect with code and state, code exchange with credentials in the form,
// API calls with the issued token, then a refresh that does not extend the
// refresh token.
func TestOAuthFlow(t *testing.T) {
	t.Parallel()
	serverClk := clocktest.New(apiNow)
	srv := linkedintest.NewServer(linkedintest.Options{Clock: serverClk.Now, RedirectURLs: []string{testRedirect}})
	t.Cleanup(srv.Close)
	cfg := Config{
		BaseURL: srv.URL(), AuthBaseURL: srv.URL(), Version: apiTestVersion, AdAccount: srv.AdAccount(),
		SourcePlatform: srv.SourcePlatform(), ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret(),
		RedirectURL: testRedirect, Scopes: []string{"r_ads", "r_ads_reporting", "rw_dmp_segments"},
		Clock: clocktest.New(apiNow),
	}
	conf := cfg.OAuth2()
	cb := authorize(t, srv.Client(), conf.AuthCodeURL("state-8f1c"))
	if cb.Get("state") != "state-8f1c" || cb.Get("code") == "" || cb.Get("error") != "" {
		t.Fatalf("callback %v", cb)
	}
	ctx := contextWithClient(srv.Client())
	otok, err := conf.Exchange(ctx, cb.Get("code"))
	if err != nil {
		t.Fatal(err)
	}
	tok := NewToken(otok, apiNow)
	if tok.RefreshToken == "" || !tok.RefreshExpiry.Equal(apiNow.Add(RefreshTokenLifetime)) {
		t.Errorf("token %v: refresh expiry %s", tok, tok.RefreshExpiry)
	}
	if d := time.Until(tok.Expiry); d < AccessTokenLifetime-time.Minute || d > AccessTokenLifetime {
		t.Errorf("access expiry in %s", d)
	}
	exchange := srv.Requests()[len(srv.Requests())-1]
	if exchange.Key != "POST /oauth/v2/accessToken" || exchange.Header.Get("Authorization") != "" ||
		!strings.Contains(string(exchange.Body), "client_secret=") || !strings.Contains(string(exchange.Body), "grant_type=authorization_code") {
		t.Errorf("exchange request: header %v body %s", exchange.Header, exchange.Body)
	}
	// A code is good for one exchange.
	if _, err := conf.Exchange(ctx, cb.Get("code")); err == nil {
		t.Error("code exchanged twice")
	}

	c, err := New(cfg, srv.Client(), conf.TokenSource(ctx, tok.OAuth2()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.FindOrCreateCompanySegment(context.Background(), "via oauth"); err != nil {
		t.Fatal(err)
	}
	last := srv.Requests()[len(srv.Requests())-1]
	if last.Header.Get("Authorization") != "Bearer "+tok.AccessToken {
		t.Errorf("API call used %q", last.Header.Get("Authorization"))
	}

	// 100 days later the access token has expired; refreshing yields a new
	// one and the refresh token keeps its first expiry.
	serverClk.Advance(100 * 24 * time.Hour)
	serverNow := serverClk.Now()
	stale := tok.OAuth2()
	stale.Expiry = time.Now().Add(-time.Minute)
	fresh, err := conf.TokenSource(ctx, stale).Token()
	if err != nil {
		t.Fatal(err)
	}
	if fresh.AccessToken == tok.AccessToken || fresh.RefreshToken != tok.RefreshToken {
		t.Errorf("refresh answer: new access %t, same refresh %t", fresh.AccessToken != tok.AccessToken, fresh.RefreshToken == tok.RefreshToken)
	}
	if left, _ := secondsExtra(fresh, "refresh_token_expires_in"); left != 265*24*time.Hour {
		t.Errorf("refresh_token_expires_in = %s", left)
	}
	next := tok.Refreshed(fresh, serverNow)
	if !next.RefreshExpiry.Equal(tok.RefreshExpiry) || next.AccessToken != fresh.AccessToken || next.RefreshToken != tok.RefreshToken {
		t.Errorf("refreshed token %v, refresh expiry %s want %s", next, next.RefreshExpiry, tok.RefreshExpiry)
	}
	if srv.TokensIssued() != 2 {
		t.Errorf("tokens issued %d", srv.TokensIssued())
	}
}

func TestOAuthAuthorizationRefusals(t *testing.T) {
	t.Parallel()
	srv := linkedintest.NewServer(linkedintest.Options{RedirectURLs: []string{testRedirect}})
	t.Cleanup(srv.Close)
	cfg := Config{AuthBaseURL: srv.URL(), ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret(),
		RedirectURL: testRedirect, Scopes: []string{"r_ads"}}

	srv.DenyNext()
	cb := authorize(t, srv.Client(), cfg.OAuth2().AuthCodeURL("s1"))
	if cb.Get("error") != "user_cancelled_authorize" || cb.Get("code") != "" || cb.Get("state") != "s1" {
		t.Errorf("denied callback %v", cb)
	}

	// An unregistered redirect URL gets an error page, no redirect.
	cfg.RedirectURL = "https://evil.example/cb"
	resp, err := srv.Client().Get(cfg.OAuth2().AuthCodeURL("s2"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("unregistered redirect: %d", resp.StatusCode)
	}
}

func TestTokenConversions(t *testing.T) {
	t.Parallel()
	now := apiNow
	o := (&oauth2.Token{AccessToken: "AQV-a", RefreshToken: "AQX-r", Expiry: now.Add(time.Hour)}).
		WithExtra(map[string]any{"refresh_token_expires_in": float64(86400)})
	tok := NewToken(o, now)
	if !tok.RefreshExpiry.Equal(now.Add(24*time.Hour)) || !tok.Expiry.Equal(now.Add(time.Hour)) {
		t.Errorf("token %+v", tok)
	}
	// No expires_in: LinkedIn's documented lifetimes.
	tok = NewToken(&oauth2.Token{AccessToken: "a", RefreshToken: "r"}, now)
	if !tok.Expiry.Equal(now.Add(AccessTokenLifetime)) || !tok.RefreshExpiry.Equal(now.Add(RefreshTokenLifetime)) {
		t.Errorf("defaults %+v", tok)
	}
	// A refresh answer claiming a later refresh expiry does not extend it;
	// an earlier one is believed.
	later := (&oauth2.Token{AccessToken: "b", Expiry: now.Add(2 * time.Hour)}).
		WithExtra(map[string]any{"refresh_token_expires_in": float64(400 * 86400)})
	if got := tok.Refreshed(later, now); !got.RefreshExpiry.Equal(tok.RefreshExpiry) || got.RefreshToken != "r" || got.AccessToken != "b" {
		t.Errorf("refreshed %+v", got)
	}
	earlier := (&oauth2.Token{AccessToken: "c"}).WithExtra(map[string]any{"refresh_token_expires_in": "3600"})
	if got := tok.Refreshed(earlier, now); !got.RefreshExpiry.Equal(now.Add(time.Hour)) {
		t.Errorf("refreshed %+v", got)
	}
	// Printing a token never shows it.
	s := fmt.Sprintf("%v %+v %#v %s", tok, tok, tok, tok)
	if strings.Contains(s, "AQV") || strings.Contains(s, `"r"`) || strings.Contains(s, " r ") {
		t.Errorf("printed %s", s)
	}
	if ot := tok.OAuth2(); ot.AccessToken != "a" || ot.RefreshToken != "r" || ot.TokenType != "Bearer" {
		t.Errorf("OAuth2 %+v", ot)
	}
}

func TestExpiryWarnings(t *testing.T) {
	t.Parallel()
	now := apiNow
	day := 24 * time.Hour
	tests := []struct {
		name string
		tok  Token
		want []string // substrings, one per warning
	}{
		{"fresh", Token{AccessToken: "a", Expiry: now.Add(59 * day), RefreshToken: "r", RefreshExpiry: now.Add(300 * day)}, nil},
		{"access soon, refresh covers it", Token{AccessToken: "a", Expiry: now.Add(3 * day), RefreshToken: "r", RefreshExpiry: now.Add(300 * day)}, nil},
		{"access soon, no refresh token", Token{AccessToken: "a", Expiry: now.Add(3 * day)},
			[]string{"access token expires on 2026-11-30 (in 3 days) and cannot be refreshed"}},
		{"access exactly 7 days", Token{AccessToken: "a", Expiry: now.Add(7 * day)}, []string{"in 7 days"}},
		{"access 8 days", Token{AccessToken: "a", Expiry: now.Add(8 * day)}, nil},
		{"access expired", Token{AccessToken: "a", Expiry: now.Add(-time.Hour)}, []string{"access token expired on 2026-11-27"}},
		{"refresh soon", Token{AccessToken: "a", Expiry: now.Add(50 * day), RefreshToken: "r", RefreshExpiry: now.Add(6 * day)},
			[]string{"refresh token expires on 2026-12-03 (in 6 days) and refreshing does not extend it"}},
		{"refresh soon and access with it", Token{AccessToken: "a", Expiry: now.Add(2 * day), RefreshToken: "r", RefreshExpiry: now.Add(day)},
			[]string{"refresh token expires on 2026-11-28 (in 1 day)", "access token expires on 2026-11-29"}},
		{"both expired", Token{AccessToken: "a", Expiry: now.Add(-day), RefreshToken: "r", RefreshExpiry: now.Add(-2 * day)},
			[]string{"refresh token expired on 2026-11-25", "access token expired on 2026-11-26"}},
		{"empty", Token{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ExpiryWarnings(tt.tok, now)
			if len(got) != len(tt.want) {
				t.Fatalf("warnings %q, want %d", got, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("warning %q lacks %q", got[i], w)
				}
				if strings.Contains(got[i], `"a"`) || strings.Contains(got[i], `"r"`) {
					t.Errorf("warning %q shows a token", got[i])
				}
				if !strings.Contains(got[i], "reconnect") {
					t.Errorf("warning %q gives no remedy", got[i])
				}
			}
		})
	}
}

func TestNewTokenWithoutRefresh(t *testing.T) {
	t.Parallel()
	srv := linkedintest.NewServer(linkedintest.Options{NoRefreshTokens: true})
	t.Cleanup(srv.Close)
	cfg := Config{AuthBaseURL: srv.URL(), ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret(), RedirectURL: testRedirect, Scopes: []string{"r_ads"}}
	cb := authorize(t, srv.Client(), cfg.OAuth2().AuthCodeURL("s"))
	otok, err := cfg.OAuth2().Exchange(contextWithClient(srv.Client()), cb.Get("code"))
	if err != nil {
		t.Fatal(err)
	}
	tok := NewToken(otok, apiNow)
	if tok.RefreshToken != "" || !tok.RefreshExpiry.IsZero() {
		t.Errorf("token %+v", tok)
	}
	if w := ExpiryWarnings(tok, tok.Expiry.Add(-2*24*time.Hour)); len(w) != 1 {
		t.Errorf("warnings %q", w)
	}
	_, err = cfg.OAuth2().Exchange(contextWithClient(srv.Client()), "forged-code")
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.Response.StatusCode != http.StatusBadRequest {
		t.Errorf("forged code: %v", err)
	}
}
