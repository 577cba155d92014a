package salesforce

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
	"sync"
	"sync/atomic"
	"time"

	"github.com/abmsync/abmsync/internal/httpx"
)

// Defaults applied by New to zero Config fields.
const (
	// DefaultLoginURL is the production login host; sandboxes use
	// https://test.salesforce.com.
	DefaultLoginURL = "https://login.salesforce.com"
	// DefaultAPIVersion is the REST API version in request paths.
	DefaultAPIVersion = "v66.0"
	// DefaultTargetField is the Account checkbox that marks target accounts.
	DefaultTargetField = "ABM_Target_Account__c"
	// DefaultTimeout is the per-attempt timeout used when New gets a nil
	// *http.Client.
	DefaultTimeout = 30 * time.Second
	// MaxQueryBatch is the most records one query answer holds (and the
	// largest Sforce-Query-Options batchSize).
	MaxQueryBatch = 2000
	// MaxCollection is the most records one sObject Collections call takes.
	MaxCollection = 200
)

// TokenPath is the OAuth 2.0 token endpoint, under the login URL for the
// refresh-token flow and under the instance (My Domain) URL for the
// client-credentials flow.
const TokenPath = "/services/oauth2/token"

// Config configures a Client. ClientID and ClientSecret are required; with a
// RefreshToken the client uses the refresh-token grant of the web-server
// flow at LoginURL, without one the client-credentials grant at
// InstanceURL.
type Config struct {
	// InstanceURL is the org's My Domain URL
	// (https://example.my.salesforce.com). The instance_url the token
	// endpoint returns replaces it.
	InstanceURL string
	// LoginURL is where refresh tokens are redeemed, default DefaultLoginURL.
	LoginURL string
	// APIVersion is the vNN.0 version in paths, default DefaultAPIVersion.
	APIVersion   string
	ClientID     string
	ClientSecret string
	RefreshToken string
	// TargetField is the Account checkbox read as hs_is_target_account,
	// default DefaultTargetField.
	TargetField string
	// CredentialsHint names the settings holding the credentials; it is
	// added to authorization errors and must never contain a secret.
	CredentialsHint string
	// WarnUsage and StopUsage are the shares of the daily API allowance
	// (Sforce-Limit-Info) at which the client warns (in the log and in
	// PullWarnings; default 0.8) and at which ScheduledPause holds back
	// scheduled syncs (default 0.95).
	WarnUsage, StopUsage float64
	// Logger receives retries and limit warnings; nil discards them.
	Logger *slog.Logger
	// Clock tells the time for describe caching and deleted windows; nil
	// means time.Now.
	Clock func() time.Time
}

// Client talks to one Salesforce org. It is safe for concurrent use.
type Client struct {
	hc          *http.Client
	version     string
	targetField string
	authHint    string
	log         *slog.Logger
	now         func() time.Time
	sleep       func(ctx context.Context, d time.Duration) error
	tokens      *tokenSource

	calls atomic.Int64
	usage usage

	descMu   sync.Mutex
	describe map[string]describeEntry
}

// placeholderHost stands for the org's instance in request URLs until the
// auth transport, which knows the instance_url of the current token,
// rewrites it. Request URLs are built before a token exists, and the
// instance can change with a new token.
const placeholderHost = "instance.salesforce.invalid"

// New returns a Client for cfg. hc supplies the base transport and the
// per-attempt timeout; nil means http.DefaultTransport and DefaultTimeout.
// New makes no request; it fails when credentials are missing or a URL is
// invalid.
func New(cfg Config, hc *http.Client) (*Client, error) {
	if cfg.LoginURL == "" {
		cfg.LoginURL = DefaultLoginURL
	}
	login, err := absURL(cfg.LoginURL)
	if err != nil {
		return nil, fmt.Errorf("salesforce: login URL: %w", err)
	}
	var inst *url.URL
	if cfg.InstanceURL != "" {
		if inst, err = absURL(cfg.InstanceURL); err != nil {
			return nil, fmt.Errorf("salesforce: instance URL: %w", err)
		}
	}
	if cfg.APIVersion == "" {
		cfg.APIVersion = DefaultAPIVersion
	}
	if !validVersion(cfg.APIVersion) {
		return nil, fmt.Errorf("salesforce: API version %q: want vNN.0 such as %s", cfg.APIVersion, DefaultAPIVersion)
	}
	if cfg.ClientID == "" || cfg.ClientSecret == "" {
		return nil, errors.New("salesforce: no credentials: set the client ID and secret (and a refresh token, or use the client-credentials flow)")
	}
	if cfg.RefreshToken == "" && inst == nil {
		return nil, errors.New("salesforce: the client-credentials flow needs the instance (My Domain) URL")
	}
	if cfg.TargetField == "" {
		cfg.TargetField = DefaultTargetField
	}
	if cfg.WarnUsage == 0 {
		cfg.WarnUsage = 0.8
	}
	if cfg.StopUsage == 0 {
		cfg.StopUsage = 0.95
	}
	if hc == nil {
		hc = &http.Client{Timeout: DefaultTimeout}
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	c := &Client{
		version:     cfg.APIVersion,
		targetField: cfg.TargetField,
		authHint:    cfg.CredentialsHint,
		log:         logger.With("connector", "salesforce"),
		now:         cfg.Clock,
		sleep:       httpx.Sleep,
		describe:    map[string]describeEntry{},
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.usage.warnAt, c.usage.stopAt = cfg.WarnUsage, cfg.StopUsage
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	var rt http.RoundTripper = &httpx.CountTransport{Next: next, Calls: &c.calls, Timeout: hc.Timeout}
	c.tokens = newTokenSource(c, cfg, login, inst, &http.Client{Transport: rt, CheckRedirect: httpx.NoRedirect})
	rt = &httpx.RetryTransport{
		Next:   &lockTransport{c: c, next: &authTransport{c: c, next: &limitTransport{c: c, next: rt}}},
		Policy: retryPolicy,
		Sleep:  func(ctx context.Context, d time.Duration) error { return c.sleep(ctx, d) },
		Log:    c.log,
	}
	c.hc = &http.Client{Transport: rt, CheckRedirect: httpx.NoRedirect}
	return c, nil
}

func absURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(s, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q is not an absolute http(s) URL", s)
	}
	if u.User != nil {
		return nil, errors.New("must not hold credentials")
	}
	return u, nil
}

// validVersion accepts vNN.0.
func validVersion(v string) bool {
	if len(v) < 4 || v[0] != 'v' || !strings.HasSuffix(v, ".0") {
		return false
	}
	for _, r := range v[1 : len(v)-2] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Calls returns the number of HTTP attempts this client has made, retries
// and token requests included.
func (c *Client) Calls() int64 { return c.calls.Load() }

// dataPath is the REST path of the API version followed by segs (already
// escaped where needed).
func (c *Client) dataPath(rest string) string {
	return "/services/data/" + c.version + rest
}

// newRequest builds a request for path (escaped, with an optional query)
// on the instance, with an optional JSON body.
func (c *Client) newRequest(ctx context.Context, method, pathAndQuery string, body any) (*http.Request, error) {
	u, err := url.Parse("https://" + placeholderHost + pathAndQuery)
	if err != nil {
		return nil, fmt.Errorf("salesforce: build %s %s: %w", method, pathAndQuery, err)
	}
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("salesforce: encode %s %s body: %w", method, u.Path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, fmt.Errorf("salesforce: build %s %s: %w", method, u.Path, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "abmsync-salesforce/1")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// do sends req, turns error answers into typed errors via checkResponse and
// decodes a 2xx JSON body into v (when v is not nil).
func (c *Client) do(req *http.Request, v any) (*http.Response, error) {
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, wrapOp(httpx.TransportError(req, err), "%s %s", req.Method, req.URL.Path)
	}
	defer resp.Body.Close()
	if err := checkResponse(resp); err != nil {
		var e *ErrorResponse
		if errors.As(err, &e) && e.StatusCode == http.StatusUnauthorized {
			e.Hint = c.authHint
		}
		return resp, err
	}
	if v == nil || resp.StatusCode == http.StatusNoContent {
		return resp, nil
	}
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return resp, &DecodeError{Method: req.Method, Endpoint: req.URL.Path, StatusCode: resp.StatusCode, Err: err}
	}
	return resp, nil
}
