package linkedin

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/linkedin/linkedintest"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/clocktest"
)

// TestRateLimitWaitsRetryAfter: a 429 is waited out on the client's clock
// for as long as Retry-After says, then resent.
func TestRateLimitWaitsRetryAfter(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	f.srv.Throttle("GET /rest/adAnalytics", 2, 7*time.Second)
	if _, err := f.c.CompanyEngagement(context.Background(), apiNow, apiNow); err != nil {
		t.Fatal(err)
	}
	if got := f.clk.Sleeps(); !slices.Equal(got, []time.Duration{7 * time.Second, 7 * time.Second}) {
		t.Errorf("sleeps %v", got)
	}
	if n := f.srv.Calls()["GET /rest/adAnalytics"]; n != 3 {
		t.Errorf("calls %d", n)
	}
}

// TestRateLimitGivesUp: past the wait budget the caller gets a
// *RateLimitError that a worker can turn into a delayed retry.
func TestRateLimitGivesUp(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	f.srv.Throttle("*", 100, time.Minute)
	_, err := f.c.FindOrCreateCompanySegment(context.Background(), "x")
	var rl *RateLimitError
	if !errors.As(err, &rl) || rl.RetryDelay() != time.Minute || !errors.Is(err, crm.ErrRateLimited) || errors.Is(err, crm.ErrPermanent) {
		t.Fatalf("err = %v", err)
	}
	var tmp crm.Temporary
	if !errors.As(err, &tmp) || tmp.RetryDelay() != time.Minute {
		t.Errorf("not crm.Temporary: %v", err)
	}
	if !strings.Contains(err.Error(), "429") || !strings.Contains(err.Error(), "GET /rest/dmpSegments") {
		t.Errorf("message %q", err)
	}
	// Two one-minute waits fit the 2-minute budget; a third does not.
	if got := f.clk.Sleeps(); len(got) != 2 {
		t.Errorf("sleeps %v", got)
	}
}

// TestRateLimitWithoutRetryAfter backs off by itself.
func TestRateLimitWithoutRetryAfter(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	f.srv.Throttle("GET /rest/adAnalytics", 1, 0)
	if _, err := f.c.CompanyEngagement(context.Background(), apiNow, apiNow); err != nil {
		t.Fatal(err)
	}
	got := f.clk.Sleeps()
	if len(got) != 1 || got[0] < rateLimitBackoffBase/2 || got[0] >= rateLimitBackoffBase {
		t.Errorf("sleeps %v", got)
	}
}

func TestServerErrorsRetriedForReads(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	f.srv.FailNext("GET /rest/adAnalytics", http.StatusInternalServerError, "")
	f.srv.FailNext("GET /rest/adAnalytics", http.StatusServiceUnavailable, "")
	if _, err := f.c.CompanyEngagement(context.Background(), apiNow, apiNow); err != nil {
		t.Fatal(err)
	}
	sleeps := f.clk.Sleeps()
	if len(sleeps) != 2 || sleeps[0] >= retryPolicy.BackoffBase || sleeps[1] < retryPolicy.BackoffBase || sleeps[1] >= 2*retryPolicy.BackoffBase {
		t.Errorf("sleeps %v: want jittered exponential backoff", sleeps)
	}

	// A read that keeps failing gives up after retryPolicy.MaxTransientRetries resends.
	for range retryPolicy.MaxTransientRetries + 1 {
		f.srv.FailNext("GET /rest/adAnalytics", http.StatusBadGateway, "")
	}
	f.srv.Reset()
	_, err := f.c.CompanyEngagement(context.Background(), apiNow, apiNow)
	var er *ErrorResponse
	if !errors.As(err, &er) || er.StatusCode != http.StatusBadGateway || errors.Is(err, crm.ErrPermanent) {
		t.Fatalf("err = %v", err)
	}
	if n := f.srv.Calls()["GET /rest/adAnalytics"]; n != retryPolicy.MaxTransientRetries+1 {
		t.Errorf("calls %d", n)
	}
}

func TestConnectionErrorsRetriedForReads(t *testing.T) {
	t.Parallel()
	srv := linkedintest.NewServer(linkedintest.Options{})
	t.Cleanup(srv.Close)
	ft := &failingTransport{n: 2, err: syscall.ECONNRESET, next: srv.Client().Transport}
	clk := clocktest.New(apiNow)
	c, err := New(Config{BaseURL: srv.URL(), Version: apiTestVersion, AdAccount: srv.AdAccount(),
		AccessToken: srv.AccessToken(), SourcePlatform: srv.SourcePlatform(), Clock: clk},
		&http.Client{Transport: ft}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CompanyEngagement(context.Background(), apiNow, apiNow); err != nil {
		t.Fatal(err)
	}
	if len(clk.Sleeps()) != 2 || c.Calls() != 3 {
		t.Errorf("sleeps %v calls %d", clk.Sleeps(), c.Calls())
	}
	// Creating a segment is not resent after a connection error.
	ft.mu.Lock()
	ft.n = 1
	ft.mu.Unlock()
	srv.Reset()
	_, err = c.createSegment(context.Background(), "x")
	if !errors.Is(err, syscall.ECONNRESET) || srv.Calls()["POST /rest/dmpSegments"] != 0 {
		t.Fatalf("err = %v, calls %v", err, srv.Calls())
	}
	if strings.Contains(err.Error(), "?") {
		t.Errorf("error repeats the query: %v", err)
	}
}

// cancelClock cancels the call's context when the client starts waiting.
type cancelClock struct {
	*clocktest.Fake
	cancel context.CancelFunc
}

func (c cancelClock) Sleep(ctx context.Context, d time.Duration) error {
	c.cancel()
	<-ctx.Done()
	return ctx.Err()
}

func TestContextCancelStopsWaiting(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	f := newAPIFixture(t, func(c *Config, _ *linkedintest.Options) { c.Clock = cancelClock{clocktest.New(apiNow), cancel} })
	f.srv.Throttle("*", 10, time.Second)
	_, err := f.c.CompanyEngagement(ctx, apiNow, apiNow)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if n := f.srv.Calls()["total"]; n != 1 {
		t.Errorf("%d calls after cancel", n)
	}
}

// TestVersionRetired: 426 is a configuration error naming the setting.
func TestVersionRetired(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t, func(c *Config, o *linkedintest.Options) {
		c.Version = "202401"
		o.RetiredVersions = []string{"202401"}
	})
	_, err := f.c.CompanyEngagement(context.Background(), apiNow, apiNow)
	if !errors.Is(err, ErrVersionRetired) || !errors.Is(err, crm.ErrPermanent) {
		t.Fatalf("err = %v", err)
	}
	for _, want := range []string{"ABMSYNC_LINKEDIN_VERSION", `"202401"`, "426", "NONEXISTENT_VERSION"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %s", err, want)
		}
	}
	var er *ErrorResponse
	if !errors.As(err, &er) || er.Version != "202401" || er.Status != 426 || er.Code != "NONEXISTENT_VERSION" {
		t.Errorf("ErrorResponse %+v", er)
	}
	if n := f.srv.Calls()["total"]; n != 1 {
		t.Errorf("%d calls: a 426 must not be retried", n)
	}
	if !strings.Contains(ErrVersionRetired.Error(), "ABMSYNC_LINKEDIN_VERSION") || !errors.Is(ErrVersionRetired, crm.ErrPermanent) {
		t.Errorf("ErrVersionRetired = %v", ErrVersionRetired)
	}
}

func TestExpiredAndInvalidToken(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, code string
		service    int
		prepare    func(*apiFixture)
	}{
		{"expired", "EXPIRED_ACCESS_TOKEN", 65602, func(f *apiFixture) { f.srv.ExpireToken(f.srv.AccessToken()) }},
		{"revoked", "REVOKED_ACCESS_TOKEN", 65601, func(f *apiFixture) { f.srv.RevokeToken(f.srv.AccessToken()) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newAPIFixture(t)
			tt.prepare(f)
			_, err := f.c.FindOrCreateCompanySegment(context.Background(), "x")
			if !errors.Is(err, ErrUnauthorized) || !errors.Is(err, crm.ErrPermanent) {
				t.Fatalf("err = %v", err)
			}
			var er *ErrorResponse
			if !errors.As(err, &er) || er.Code != tt.code || er.ServiceErrorCode != tt.service || er.StatusCode != 401 {
				t.Errorf("ErrorResponse %+v", er)
			}
			if !strings.Contains(err.Error(), "reconnect LinkedIn") {
				t.Errorf("message %q gives no remedy", err)
			}
			assertNoSecret(t, err, f.srv.AccessToken())
			if n := f.srv.Calls()["total"]; n != 1 {
				t.Errorf("%d calls: a 401 must not be retried", n)
			}
		})
	}
	t.Run("unknown", func(t *testing.T) {
		t.Parallel()
		f := newAPIFixture(t, func(c *Config, _ *linkedintest.Options) { c.AccessToken = "AQX-forged-token" })
		_, err := f.c.CompanyEngagement(context.Background(), apiNow, apiNow)
		if !errors.Is(err, ErrUnauthorized) {
			t.Fatalf("err = %v", err)
		}
		assertNoSecret(t, err, "AQX-forged-token")
	})
}

// TestTokenScrubbedFromErrorBodies: a body that quotes the token (a proxy
// echoing the request) never brings it into an error.
func TestTokenScrubbedFromErrorBodies(t *testing.T) {
	t.Parallel()
	f := newAPIFixture(t)
	tok := f.srv.AccessToken()
	f.srv.FailNext("GET /rest/dmpSegments", http.StatusBadRequest,
		`{"message":"Bad header Authorization: Bearer `+tok+`","status":400}`)
	_, err := f.c.FindOrCreateCompanySegment(context.Background(), "x")
	if err == nil || !strings.Contains(err.Error(), "[REDACTED]") {
		t.Fatalf("err = %v", err)
	}
	assertNoSecret(t, err, tok)
	f.srv.FailNext("GET /rest/adAnalytics", http.StatusBadGateway, `<html>upstream said `+tok+`</html>`)
	f.srv.FailNext("GET /rest/adAnalytics", http.StatusBadGateway, `<html>upstream said `+tok+`</html>`)
	f.srv.FailNext("GET /rest/adAnalytics", http.StatusBadGateway, `<html>upstream said `+tok+`</html>`)
	f.srv.FailNext("GET /rest/adAnalytics", http.StatusBadGateway, `<html>upstream said `+tok+`</html>`)
	f.srv.FailNext("GET /rest/adAnalytics", http.StatusBadGateway, `<html>upstream said `+tok+`</html>`)
	_, err = f.c.CompanyEngagement(context.Background(), apiNow, apiNow)
	if err == nil {
		t.Fatal("no error")
	}
	assertNoSecret(t, err, tok)
}

func TestCheckResponse(t *testing.T) {
	t.Parallel()
	mk := func(status int, body string, h http.Header) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, "https://api.linkedin.com/rest/adAnalytics?q=analytics", nil)
		req.Header.Set(headerVersion, "202610")
		if h == nil {
			h = http.Header{}
		}
		return &http.Response{StatusCode: status, Header: h, Body: http.NoBody, Request: req,
			ContentLength: int64(len(body))}
	}
	withBody := func(r *http.Response, body string) *http.Response {
		r.Body = ioNopCloser(body)
		return r
	}
	tests := []struct {
		name      string
		resp      *http.Response
		is        []error
		isNot     []error
		msg       string
		rateDelay time.Duration
	}{
		{"ok", mk(200, "", nil), nil, nil, "", 0},
		{"bad request", withBody(mk(400, "", nil), `{"message":"Invalid param","serviceErrorCode":100,"status":400}`),
			[]error{crm.ErrPermanent}, []error{ErrNotFound, ErrUnauthorized}, "GET /rest/adAnalytics: 400 Bad Request: Invalid param (serviceErrorCode 100)", 0},
		{"not found", withBody(mk(404, "", nil), `{"message":"nope","status":404}`), []error{ErrNotFound, crm.ErrPermanent}, nil, "404", 0},
		{"unauthorized", withBody(mk(401, "", nil), `{"message":"Empty oauth2_access_token","serviceErrorCode":401,"status":401}`),
			[]error{ErrUnauthorized, crm.ErrPermanent}, nil, "reconnect LinkedIn", 0},
		{"upgrade required", withBody(mk(426, "", nil), `{"status":426,"code":"NONEXISTENT_VERSION","message":"Requested version 202610 is not active"}`),
			[]error{ErrVersionRetired, crm.ErrPermanent}, nil, `LinkedIn-Version "202610" is retired: set ABMSYNC_LINKEDIN_VERSION`, 0},
		{"server error", withBody(mk(503, "", nil), "<html>\n  Service   Unavailable</html>"),
			nil, []error{crm.ErrPermanent}, "503 Service Unavailable: <html> Service Unavailable</html>", 0},
		{"rate limited", withBody(mk(429, "", http.Header{"Retry-After": {"30"}}), `{"status":429,"message":"throttle"}`),
			[]error{crm.ErrRateLimited}, []error{crm.ErrPermanent}, "retry in 30s: throttle", 30 * time.Second},
		{"rate limited without header", withBody(mk(429, "", nil), `{}`),
			[]error{crm.ErrRateLimited}, nil, "retry in 1m0s", time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkResponse(tt.resp)
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("err = %v, want %q", err, tt.msg)
			}
			for _, target := range tt.is {
				if !errors.Is(err, target) {
					t.Errorf("not %v", target)
				}
			}
			for _, target := range tt.isNot {
				if errors.Is(err, target) {
					t.Errorf("is %v", target)
				}
			}
			var rl *RateLimitError
			if errors.As(err, &rl) != (tt.rateDelay > 0) || (rl != nil && rl.RetryAfter != tt.rateDelay) {
				t.Errorf("rate limit %+v", rl)
			}
		})
	}
}

// TestRefusedRefreshIsUnauthorized: when the token source cannot refresh
// (LinkedIn refuses the refresh token), calls fail with ErrUnauthorized and
// no credential in the message.
func TestRefusedRefreshIsUnauthorized(t *testing.T) {
	t.Parallel()
	srv := linkedintest.NewServer(linkedintest.Options{})
	t.Cleanup(srv.Close)
	cfg := Config{BaseURL: srv.URL(), AuthBaseURL: srv.URL(), Version: apiTestVersion, AdAccount: srv.AdAccount(),
		ClientID: srv.ClientID(), ClientSecret: srv.ClientSecret(), Clock: clocktest.New(apiNow)}
	ctx := contextWithClient(srv.Client())
	stale := Token{AccessToken: "AQV-old", RefreshToken: "AQX-unknown-refresh", Expiry: time.Now().Add(-time.Hour)}
	c, err := New(cfg, srv.Client(), cfg.OAuth2().TokenSource(ctx, stale.OAuth2()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.FindOrCreateCompanySegment(context.Background(), "x")
	if !errors.Is(err, ErrUnauthorized) || !errors.Is(err, crm.ErrPermanent) {
		t.Fatalf("err = %v", err)
	}
	assertNoSecret(t, err, "AQX-unknown-refresh", "AQV-old", srv.ClientSecret())
	if n := srv.Calls()["POST /oauth/v2/accessToken"]; n != 1 {
		t.Errorf("token calls %d", n)
	}

	// Wrong client credentials are a configuration error, not a reconnect.
	cfg.ClientSecret = "wrong-secret-shhh"
	c, _ = New(cfg, srv.Client(), cfg.OAuth2().TokenSource(ctx, stale.OAuth2()))
	_, err = c.FindOrCreateCompanySegment(context.Background(), "x")
	if !errors.Is(err, crm.ErrPermanent) || errors.Is(err, ErrUnauthorized) || !strings.Contains(err.Error(), "ABMSYNC_LINKEDIN_CLIENT_SECRET") {
		t.Fatalf("err = %v", err)
	}
	assertNoSecret(t, err, "wrong-secret-shhh", "AQX-unknown-refresh")
}
