package linkedin

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
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"

	"github.com/abmsync/abmsync/internal/httpx"
)

// Defaults and fixed values.
const (
	// DefaultBaseURL is the API root (ABMSYNC_LINKEDIN_BASE_URL).
	DefaultBaseURL = "https://api.linkedin.com"
	// DefaultAuthBaseURL is the OAuth root (ABMSYNC_LINKEDIN_AUTH_BASE_URL).
	DefaultAuthBaseURL = "https://www.linkedin.com"
	// AuthorizePath and TokenPath are LinkedIn's OAuth 2.0 endpoints under
	// the OAuth root.
	AuthorizePath = "/oauth/v2/authorization"
	TokenPath     = "/oauth/v2/accessToken"
	// RestliProtocolVersion is sent as X-Restli-Protocol-Version on every
	// call; the query syntax this package builds is Rest.li 2.0's.
	RestliProtocolVersion = "2.0.0"
	// DefaultTimeout is the per-attempt timeout used when New gets a nil
	// *http.Client.
	DefaultTimeout = 30 * time.Second
)

const (
	headerVersion  = "LinkedIn-Version"
	headerProtocol = "X-Restli-Protocol-Version"
	headerMethod   = "X-RestLi-Method"
)

// Clock tells the time and waits. The client uses it for retry and
// rate-limit waits and for the wait after creating a segment, so tests can
// run those instantly.
type Clock interface {
	Now() time.Time
	// Sleep waits d or until ctx is done, returning ctx.Err() then.
	Sleep(ctx context.Context, d time.Duration) error
}

// Config configures a Client and the OAuth flow. The comments name the
// environment variables the daemon reads them from.
type Config struct {
	// BaseURL is the API root, default DefaultBaseURL
	// (ABMSYNC_LINKEDIN_BASE_URL).
	BaseURL string
	// AuthBaseURL is the OAuth root, default DefaultAuthBaseURL
	// (ABMSYNC_LINKEDIN_AUTH_BASE_URL).
	AuthBaseURL string
	// ClientID identifies the LinkedIn app (ABMSYNC_LINKEDIN_CLIENT_ID).
	ClientID string
	// ClientSecret authenticates the app at the token endpoint
	// (ABMSYNC_LINKEDIN_CLIENT_SECRET).
	ClientSecret string
	// AccessToken is a token obtained elsewhere (for example with the
	// Developer Portal's token generator), used when New gets no token
	// source (ABMSYNC_LINKEDIN_ACCESS_TOKEN).
	AccessToken string
	// Version is the LinkedIn-Version header, YYYYMM; required
	// (ABMSYNC_LINKEDIN_VERSION). LinkedIn serves each monthly version for
	// at least a year; a retired one answers 426.
	Version string
	// AdAccount is the sponsored ad account, urn:li:sponsoredAccount:N (a
	// bare N is accepted) (ABMSYNC_LINKEDIN_AD_ACCOUNT).
	AdAccount string
	// Scopes are requested in the OAuth flow, e.g. r_ads, r_ads_reporting,
	// rw_dmp_segments.
	Scopes []string
	// RedirectURL is the OAuth callback, registered in the LinkedIn app.
	RedirectURL string
	// SourcePlatform is the DMP segment sourcePlatform enum LinkedIn
	// assigns to an approved Audiences partner. Creating a segment needs it;
	// when set, finding segments filters on it.
	SourcePlatform string
	// BatchSize caps elements per DMP segment companies call, default and
	// maximum MaxBatchElements.
	BatchSize int
	// TypeaheadInterval is the least time between two employers typeahead
	// calls (SearchEmployers); 0 means DefaultTypeaheadInterval, negative
	// none.
	TypeaheadInterval time.Duration
	// Clock drives waits and "now"; nil means real time.
	Clock Clock
	// Logger receives retry and rate-limit events; nil discards them.
	Logger *slog.Logger
}

// Client talks to LinkedIn's versioned Marketing API (/rest/) for one ad
// account. It is safe for concurrent use.
type Client struct {
	hc             *http.Client
	base           *url.URL
	version        string
	account        string
	sourcePlatform string
	batchSize      int
	clock          Clock
	log            *slog.Logger
	calls          atomic.Int64

	// analyticsCap is the row count at which adAnalytics is taken to have
	// truncated its answer (MaxAnalyticsElements; tests lower it).
	analyticsCap int

	mu      sync.Mutex
	created map[string]time.Time // segment ID -> creation time, for the not-yet-available window

	typeaheadInterval time.Duration
	nextTypeahead     time.Time // earliest start of the next typeahead call
}

var (
	versionPattern = regexp.MustCompile(`^[0-9]{6}(\.[0-9]{2})?$`)
	accountPattern = regexp.MustCompile(`^urn:li:sponsoredAccount:[0-9]+$`)
	digitsPattern  = regexp.MustCompile(`^[0-9]+$`)
)

// New returns a Client for cfg. ts supplies OAuth access tokens (refreshed
// as it sees fit, e.g. cfg.OAuth2().TokenSource); nil means the static
// cfg.AccessToken. hc supplies the base transport and the per-attempt
// timeout (hc.Timeout applies to each HTTP attempt, not to a call with its
// retries); nil means http.DefaultTransport and DefaultTimeout. New makes no
// request; it fails when a setting is missing or malformed, naming it.
func New(cfg Config, hc *http.Client, ts oauth2.TokenSource) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" || base.RawQuery != "" {
		return nil, fmt.Errorf("linkedin: base URL %q (ABMSYNC_LINKEDIN_BASE_URL) is not an absolute http(s) URL", cfg.BaseURL)
	}
	switch {
	case cfg.Version == "":
		return nil, errors.New("linkedin: no API version: set ABMSYNC_LINKEDIN_VERSION to a YYYYMM version (LinkedIn-Version header)")
	case !versionPattern.MatchString(cfg.Version):
		return nil, fmt.Errorf("linkedin: API version %q (ABMSYNC_LINKEDIN_VERSION) is not YYYYMM", cfg.Version)
	}
	account := strings.TrimSpace(cfg.AdAccount)
	if digitsPattern.MatchString(account) {
		account = "urn:li:sponsoredAccount:" + account
	}
	if !accountPattern.MatchString(account) {
		return nil, fmt.Errorf("linkedin: ad account %q (ABMSYNC_LINKEDIN_AD_ACCOUNT) is not urn:li:sponsoredAccount:N", cfg.AdAccount)
	}
	if ts == nil {
		if cfg.AccessToken == "" {
			return nil, errors.New("linkedin: no credentials: connect LinkedIn (GET /connect/linkedin) or set ABMSYNC_LINKEDIN_ACCESS_TOKEN")
		}
		ts = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: cfg.AccessToken, TokenType: "Bearer"})
	}
	switch {
	case cfg.BatchSize == 0:
		cfg.BatchSize = MaxBatchElements
	case cfg.BatchSize < 0 || cfg.BatchSize > MaxBatchElements:
		return nil, fmt.Errorf("linkedin: batch size %d is not within 1..%d", cfg.BatchSize, MaxBatchElements)
	}
	if hc == nil {
		hc = &http.Client{Timeout: DefaultTimeout}
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	clock := cfg.Clock
	if clock == nil {
		clock = realClock{}
	}
	switch {
	case cfg.TypeaheadInterval == 0:
		cfg.TypeaheadInterval = DefaultTypeaheadInterval
	case cfg.TypeaheadInterval < 0:
		cfg.TypeaheadInterval = 0
	}
	c := &Client{
		typeaheadInterval: cfg.TypeaheadInterval,
		base:              base,
		version:           cfg.Version,
		account:           account,
		sourcePlatform:    cfg.SourcePlatform,
		batchSize:         cfg.BatchSize,
		clock:             clock,
		log:               logger.With("connector", "linkedin"),
		analyticsCap:      MaxAnalyticsElements,
		created:           map[string]time.Time{},
	}
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	var rt http.RoundTripper = &httpx.CountTransport{Next: next, Calls: &c.calls, Timeout: hc.Timeout}
	rt = &headerTransport{next: rt, host: base.Host, version: cfg.Version}
	rt = &authTransport{next: rt, host: base.Host, ts: ts}
	// Waits run on the client's Clock.
	rt = &httpx.RetryTransport{Next: rt, Policy: retryPolicy, Sleep: c.clock.Sleep, Log: c.log}
	c.hc = &http.Client{Transport: rt, CheckRedirect: httpx.NoRedirect, Jar: hc.Jar}
	return c, nil
}

// Calls returns the number of HTTP attempts this client has made, retries
// included.
func (c *Client) Calls() int64 { return c.calls.Load() }

// Version returns the LinkedIn-Version the client sends.
func (c *Client) Version() string { return c.version }

// AdAccount returns the sponsored account URN the client works on.
func (c *Client) AdAccount() string { return c.account }

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error { return httpx.Sleep(ctx, d) }

// idempotentKey marks a POST that may be resent after a 5xx or a lost
// answer (see markIdempotent).
type idempotentKey struct{}

// markIdempotent declares the request safe to resend.
func markIdempotent(ctx context.Context) context.Context {
	return context.WithValue(ctx, idempotentKey{}, true)
}

func isIdempotent(r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	v, _ := r.Context().Value(idempotentKey{}).(bool)
	return v
}

// newRequest builds a request for path (already escaped, starting with
// /rest/) with a raw query (already encoded, Rest.li syntax) and an optional
// JSON body.
func (c *Client) newRequest(ctx context.Context, method, path string, query rawQuery, body any) (*http.Request, error) {
	u := *c.base
	u.RawPath = c.base.EscapedPath() + path
	var err error
	if u.Path, err = url.PathUnescape(u.RawPath); err != nil {
		return nil, fmt.Errorf("linkedin: build %s %s: %w", method, path, err)
	}
	u.RawQuery = query.String()
	var rd io.Reader
	var data []byte
	if body != nil {
		if data, err = json.Marshal(body); err != nil {
			return nil, fmt.Errorf("linkedin: encode %s %s body: %w", method, path, err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, fmt.Errorf("linkedin: build %s %s: %w", method, path, err)
	}
	// u.String() re-renders the query from RawQuery untouched; keep it
	// that way should net/url ever normalise it.
	req.URL.RawQuery = u.RawQuery
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "abmsync-linkedin/1")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// do sends req, turns errors into typed errors via checkResponse and decodes
// a 2xx JSON body into v (when v is not nil). The returned response's body
// is closed; its headers stay readable.
func (c *Client) do(req *http.Request, v any) (*http.Response, error) {
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, wrapOp(httpx.TransportError(req, err), "%s %s", req.Method, req.URL.Path)
	}
	defer resp.Body.Close()
	if err := checkResponse(resp); err != nil {
		var er *ErrorResponse
		if errors.As(err, &er) {
			er.Method, er.Endpoint = req.Method, req.URL.Path
			if er.Version == "" {
				er.Version = c.version
			}
		}
		return resp, err
	}
	if err := httpx.DecodeJSON(resp.Body, v); err != nil {
		return resp, &DecodeError{Method: req.Method, Endpoint: req.URL.Path, StatusCode: resp.StatusCode, Err: err}
	}
	return resp, nil
}
