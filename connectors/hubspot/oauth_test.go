package hubspot

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/clocktest"
)

const (
	testClientID     = "client-id-1"
	testClientSecret = "client-secret-shhh"
	testRefreshToken = "refresh-token-shhh"
)

// oauthSetup starts a portal in OAuth mode whose clock and the client's
// token clock are both clk (serverClk, when given, drives the server).
func oauthSetup(t *testing.T, clk *clocktest.Fake, serverClk func() time.Time, ttl time.Duration) *bundle {
	t.Helper()
	if serverClk == nil {
		serverClk = clk.Now
	}
	b := setup(t, hubspottest.GenOptions{Companies: 3, Contacts: 5}, func(cfg *Config, o *hubspottest.Options) {
		cfg.ClientID, cfg.ClientSecret, cfg.RefreshToken = testClientID, testClientSecret, testRefreshToken
		cfg.Clock = clk.Now
		o.Clock = serverClk
	})
	b.srv.EnableOAuth(testClientID, testClientSecret, testRefreshToken, ttl)
	return b
}

func assertNoSecrets(t *testing.T, err error, extra ...string) {
	t.Helper()
	for _, s := range append([]string{testClientSecret, testRefreshToken, "hubspottest-oauth-access", hubspottest.DefaultAccessToken}, extra...) {
		if strings.Contains(err.Error(), s) {
			t.Errorf("error %q contains credential %q", err, s)
		}
	}
}

func TestOAuthRefreshBeforeExpiry(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(testNow)
	b := oauthSetup(t, clk, nil, 30*time.Minute)
	ctx := context.Background()
	steps := []struct {
		advance time.Duration
		issued  int
	}{
		{0, 1},                // first call fetches a token
		{20 * time.Minute, 1}, // 20 min: still fresh
		{6 * time.Minute, 1},  // 26 min: more than 3 min left
		{2 * time.Minute, 2},  // 28 min: inside the margin, refreshed before expiry
		{10 * time.Minute, 2}, // 38 min: new token is 10 min old
	}
	for i, st := range steps {
		clk.Advance(st.advance)
		if _, _, err := b.c.List(ctx, "contacts", nil); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got := b.srv.TokensIssued(); got != st.issued {
			t.Errorf("step %d: tokens issued %d, want %d", i, got, st.issued)
		}
	}
	calls := b.srv.Calls()
	if calls["POST /oauth/2026-03/token"] != 2 || calls["GET /crm/objects/{v}/contacts"] != len(steps) {
		t.Errorf("calls = %v: want 2 refreshes and no rejected call", calls)
	}
}

func TestOAuthRefreshOnceUnderConcurrency(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(testNow)
	b := oauthSetup(t, clk, nil, 30*time.Minute)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Go(func() {
			_, _, err := b.c.List(context.Background(), "contacts", nil)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := b.srv.TokensIssued(); n != 1 {
		t.Errorf("tokens issued = %d, want 1", n)
	}
}

func TestOAuthRevoked(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(testNow)
	b := oauthSetup(t, clk, nil, 30*time.Minute)
	ctx := context.Background()
	if _, _, err := b.c.List(ctx, "contacts", nil); err != nil {
		t.Fatal(err)
	}
	b.srv.RevokeRefreshToken()
	clk.Advance(31 * time.Minute)
	for i := range 2 {
		_, err := b.c.Pull(ctx, crm.PullRequest{Object: crm.Contacts})
		if err == nil {
			t.Fatal("pull with a revoked refresh token succeeded")
		}
		if !errors.Is(err, ErrAuthExpired) || !errors.Is(err, crm.ErrPermanent) ||
			!strings.Contains(err.Error(), "HubSpot authorization expired: reconnect") {
			t.Errorf("attempt %d: err = %v", i, err)
		}
		var tmp crm.Temporary
		if errors.As(err, &tmp) {
			t.Errorf("revoked authorization is temporary: %v", err)
		}
		assertNoSecrets(t, err)
	}
	// The rejection is remembered: no retry storm against the token endpoint.
	if n := b.srv.Calls()["POST /oauth/2026-03/token"]; n != 2 {
		t.Errorf("token endpoint called %d times, want 2 (first grant, one rejected refresh)", n)
	}
}

func TestOAuthBadClientSecret(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(testNow)
	b := oauthSetup(t, clk, nil, 30*time.Minute)
	b.srv.EnableOAuth(testClientID, "another-secret", testRefreshToken, time.Minute)
	_, _, err := b.c.List(context.Background(), "contacts", nil)
	if err == nil || !errors.Is(err, crm.ErrPermanent) || errors.Is(err, ErrAuthExpired) {
		t.Fatalf("err = %v: want a permanent client-credentials error", err)
	}
	assertNoSecrets(t, err, "another-secret")
}

// TestOAuthExpiredEarly: the server expires a token earlier than the client
// expects (clock skew); the client refreshes once and resends.
func TestOAuthExpiredEarly(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(testNow)
	serverClk := clocktest.New(testNow)
	b := oauthSetup(t, clk, serverClk.Now, 30*time.Minute)
	ctx := context.Background()
	if _, _, err := b.c.List(ctx, "contacts", nil); err != nil {
		t.Fatal(err)
	}
	serverClk.Advance(31 * time.Minute)
	if _, _, err := b.c.List(ctx, "contacts", nil); err != nil {
		t.Fatalf("after server-side expiry: %v", err)
	}
	calls := b.srv.Calls()
	if b.srv.TokensIssued() != 2 || calls["GET /crm/objects/{v}/contacts"] != 3 {
		t.Errorf("issued %d, calls %v: want one 401, one refresh, one resend", b.srv.TokensIssued(), calls)
	}
}

func TestOAuthRefreshCountsInPage(t *testing.T) {
	t.Parallel()
	clk := clocktest.New(testNow)
	b := oauthSetup(t, clk, nil, 30*time.Minute)
	p, err := b.c.Pull(context.Background(), crm.PullRequest{Object: crm.Companies, Properties: []string{"name"}})
	if err != nil {
		t.Fatal(err)
	}
	if p.Calls != 2 || len(p.Records) != 3 {
		t.Errorf("calls %d, records %d: want the refresh and the list", p.Calls, len(p.Records))
	}
}
