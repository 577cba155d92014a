package hubspot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/abmsync/abmsync/internal/httpx"
)

// Defaults applied by New to zero Config fields.
const (
	// DefaultBaseURL is HubSpot's API root.
	DefaultBaseURL = "https://api.hubapi.com"
	// DefaultAPIVersion is the date version used in CRM paths.
	DefaultAPIVersion = "2026-03"
	// DefaultRequestsPer10s is the budget of calls per rolling 10 seconds
	// a client without a configured cap assumes until the portal announces
	// its own (X-HubSpot-RateLimit-Max): HubSpot's burst limit for
	// Free/Starter accounts, the lowest tier.
	DefaultRequestsPer10s = 100
	// DefaultSearchPerSecond is the client-side budget of search calls per
	// second: HubSpot's documented CRM search limit.
	DefaultSearchPerSecond = 5
	// DefaultTimeout is the per-attempt timeout used when New gets a nil
	// *http.Client.
	DefaultTimeout = 30 * time.Second
)

// TokenPath is the OAuth token endpoint under the base URL. HubSpot's
// date-versioned OAuth API replaces /oauth/v1/token (deprecated, sunset
// 2027-02-16) and takes every parameter in the form body.
const TokenPath = "/oauth/2026-03/token"

// Config configures a Client. Either AccessToken (a private-app or service
// key token) or all of ClientID, ClientSecret and RefreshToken (an OAuth app
// installation) must be set; with a RefreshToken the OAuth credentials win.
type Config struct {
	// BaseURL is the API root, default DefaultBaseURL. Tests point it at
	// hubspottest.
	BaseURL string
	// APIVersion is the date version in CRM paths, default DefaultAPIVersion.
	APIVersion string
	// AccessToken is a static bearer token (private app / service key).
	AccessToken string
	// ClientID, ClientSecret and RefreshToken authorize an OAuth app; the
	// access token is fetched from TokenPath and refreshed before it expires.
	ClientID     string
	ClientSecret string
	RefreshToken string
	// CredentialsHint names, for the person who must fix them, the
	// settings that hold the credentials ("check hubspot.access_token
	// (ABMSYNC_HUBSPOT_ACCESS_TOKEN)"). It is added to every 401 error; it
	// must never contain a secret.
	CredentialsHint string
	// RequestsPer10s optionally caps this client's calls per rolling 10
	// seconds. Whatever it says, the client follows the budget the portal
	// announces on its answers (X-HubSpot-RateLimit-Max per
	// X-HubSpot-RateLimit-Interval-Milliseconds, less what
	// X-HubSpot-RateLimit-Remaining shows other clients using) and adopts
	// a new one as soon as it is announced. 0 means no cap: follow the
	// portal, assuming DefaultRequestsPer10s until its first answer. A
	// positive value lower than the portal's budget wins; a higher one
	// changes nothing once the portal has answered.
	RequestsPer10s int
	// SearchPerSecond is the budget of search calls per second (default 5,
	// HubSpot's documented search limit; search answers announce none).
	// Search calls also count against the general budget.
	SearchPerSecond int
	// Logger receives retry and rate-limit events; nil discards them.
	Logger *slog.Logger
	// Clock tells the time for token expiry decisions; nil means time.Now.
	Clock func() time.Time
}

// Client talks to one HubSpot account. It is safe for concurrent use; the
// rate limits, the OAuth token and the call counter are shared by all
// goroutines using it.
type Client struct {
	hc       *http.Client
	authHint string // Config.CredentialsHint
	base     *url.URL
	version  string
	log      *slog.Logger
	now      func() time.Time

	// mono and sleep drive rate limiting and retry waits. They are real
	// time outside tests; a fake Config.Clock must not stall them.
	mono  func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	calls   atomic.Int64
	limiter *limiter
	tokens  *tokenSource // nil with a static AccessToken
}

// Response wraps the HTTP response of one API call.
type Response struct {
	*http.Response
	// Next is the paging cursor of the next page (paging.next.after), empty
	// on the last page or for calls that do not page.
	Next string
}

// New returns a Client for cfg. hc supplies the base transport and the
// per-attempt timeout (hc.Timeout applies to each HTTP attempt, not to a call
// with its retries); nil means http.DefaultTransport and DefaultTimeout. New
// makes no request; it fails when credentials are missing or a setting is
// invalid.
func New(cfg Config, hc *http.Client) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("hubspot: base URL %q is not an absolute http(s) URL", cfg.BaseURL)
	}
	if cfg.APIVersion == "" {
		cfg.APIVersion = DefaultAPIVersion
	}
	if strings.ContainsAny(cfg.APIVersion, "/?#") {
		return nil, fmt.Errorf("hubspot: API version %q is not a path segment", cfg.APIVersion)
	}
	if cfg.SearchPerSecond == 0 {
		cfg.SearchPerSecond = DefaultSearchPerSecond
	}
	if cfg.RequestsPer10s < 0 || cfg.SearchPerSecond < 0 {
		return nil, errors.New("hubspot: rate limits must not be negative")
	}
	oauth := cfg.RefreshToken != "" || cfg.ClientID != "" || cfg.ClientSecret != ""
	switch {
	case oauth && (cfg.RefreshToken == "" || cfg.ClientID == "" || cfg.ClientSecret == ""):
		return nil, errors.New("hubspot: OAuth needs client ID, client secret and refresh token")
	case !oauth && cfg.AccessToken == "":
		return nil, errors.New("hubspot: no credentials: set an access token or OAuth client ID, client secret and refresh token")
	}
	if hc == nil {
		hc = &http.Client{Timeout: DefaultTimeout}
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	c := &Client{
		authHint: cfg.CredentialsHint,
		base:     base,
		version:  cfg.APIVersion,
		log:      logger.With("connector", "hubspot"),
		now:      cfg.Clock,
		mono:     time.Now,
		sleep:    httpx.Sleep,
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.limiter = newLimiter(cfg.RequestsPer10s, cfg.SearchPerSecond, c.log)

	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	var rt http.RoundTripper = &httpx.CountTransport{Next: next, Calls: &c.calls, Timeout: hc.Timeout}
	auth := &authTransport{c: c, next: rt, host: base.Host, static: cfg.AccessToken}
	if oauth {
		c.tokens = newTokenSource(c, cfg.ClientID, cfg.ClientSecret, cfg.RefreshToken,
			&http.Client{Transport: rt, CheckRedirect: httpx.NoRedirect})
		auth.static = ""
		auth.tokens = c.tokens
	}
	rt = &httpx.RetryTransport{
		Next:   &rateLimitTransport{c: c, next: auth},
		Policy: retryPolicy,
		// c.sleep is read per wait: tests replace it after New.
		Sleep: func(ctx context.Context, d time.Duration) error { return c.sleep(ctx, d) },
		Log:   c.log,
	}
	c.hc = &http.Client{Transport: rt, CheckRedirect: hc.CheckRedirect, Jar: hc.Jar}
	return c, nil
}

// Calls returns the number of HTTP attempts this client has made, retries
// and token refreshes included.
func (c *Client) Calls() int64 { return c.calls.Load() }

// APIVersion returns the date version the client puts in CRM paths.
func (c *Client) APIVersion() string { return c.version }

// request kinds, carried in the request context so that transports can tell
// reads (safe to resend) and search calls (separate rate limit) apart.
type reqKind uint8

const (
	kindRead reqKind = 1 << iota
	kindSearch
)

// kindReplayable marks a write that is safe to replay, so the retry
// transport may resend it after a 5xx, a timeout or a connection error
// exactly like a read (kindRead is the transport's "safe to resend" bit).
// A batch upsert keyed by a unique property is such a write: if HubSpot
// processed the first attempt, the resend finds the record by its key and
// writes the same values again; the unique key rules out a duplicate. A
// default association is too: associating an associated pair changes
// nothing. So is creating a property or a property group: its name exists
// once, so a resend of a processed creation answers 409 and creates no
// second one (EnsureProperties counts a 409 as success).
const kindReplayable = kindRead

type kindKey struct{}

func withKind(ctx context.Context, k reqKind) context.Context {
	return context.WithValue(ctx, kindKey{}, k)
}

func kindOf(r *http.Request) reqKind {
	k, _ := r.Context().Value(kindKey{}).(reqKind)
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		k |= kindRead
	}
	return k
}

// path joins escaped segments into a path under the base URL.
func (c *Client) path(segs ...string) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// newRequest builds a request for path (already escaped) with an optional
// query and JSON body.
func (c *Client) newRequest(ctx context.Context, method, path string, q url.Values, body any) (*http.Request, error) {
	u := *c.base
	u.RawPath = c.base.EscapedPath() + path
	var err error
	if u.Path, err = url.PathUnescape(u.RawPath); err != nil {
		return nil, fmt.Errorf("hubspot: build %s %s: %w", method, path, err)
	}
	if len(q) > 0 {
		u.RawQuery = q.Encode()
	}
	var rd io.Reader
	if body != nil {
		buf := new(bytes.Buffer)
		if err := json.NewEncoder(buf).Encode(body); err != nil {
			return nil, fmt.Errorf("hubspot: encode %s %s body: %w", method, path, err)
		}
		rd = bytes.NewReader(buf.Bytes())
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, fmt.Errorf("hubspot: build %s %s: %w", method, path, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "abmsync-hubspot/1")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// do sends req, turns errors into typed errors via checkResponse and decodes
// a 2xx JSON body into v (when v is not nil).
func (c *Client) do(req *http.Request, v any) (*Response, error) {
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, wrapOp(httpx.TransportError(req, err), "%s %s", req.Method, req.URL.Path)
	}
	defer resp.Body.Close()
	r := &Response{Response: resp}
	if err := checkResponse(resp); err != nil {
		var e *ErrorResponse
		if errors.As(err, &e) && e.StatusCode == http.StatusUnauthorized {
			e.Hint = c.authHint
		}
		return r, err
	}
	if err := httpx.DecodeJSON(resp.Body, v); err != nil {
		return r, &DecodeError{Method: req.Method, Endpoint: req.URL.Path, StatusCode: resp.StatusCode, Err: err}
	}
	return r, nil
}
