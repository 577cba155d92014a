package daemon

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/abmsync/abmsync/admin"
	"github.com/abmsync/abmsync/config"
	"github.com/abmsync/abmsync/connectors/linkedin"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/telemetry"
	"github.com/abmsync/abmsync/store"
	"github.com/abmsync/abmsync/workers"
)

// ErrLinkedInNotConnected is returned by TokenSource while no token is
// stored. It matches linkedin.ErrUnauthorized and crm.ErrPermanent: no
// retry helps until a person connects.
var ErrLinkedInNotConnected error = notConnectedError{}

type notConnectedError struct{}

func (notConnectedError) Error() string {
	return "LinkedIn not connected: open " + admin.LinkedInConnectPath
}

func (notConnectedError) Unwrap() error { return linkedin.ErrUnauthorized }

// Token refresh policy.
const (
	// RefreshMargin is how long before its expiry an access token is
	// refreshed.
	RefreshMargin = 5 * time.Minute
	// tokenCacheTTL is how long a loaded token is used before it is read
	// from Redis again (another process may have refreshed it, or a person
	// reconnected).
	tokenCacheTTL = time.Minute
	// refreshLeaseTTL bounds one refresh across processes.
	refreshLeaseTTL = time.Minute
	// refreshWait is how long a process waits for another one's refresh
	// before refreshing itself.
	refreshWait = 10 * time.Second
)

// permanentError marks an error no retry fixes (crm.ErrPermanent) without
// changing its message.
type permanentError struct{ err error }

func (e permanentError) Error() string   { return e.err.Error() }
func (e permanentError) Unwrap() []error { return []error{e.err, crm.ErrPermanent} }

// TokenSource supplies LinkedIn access tokens from the sealed token in
// Redis (see admin.LinkedInConnect), refreshing with the refresh token when
// the access token has expired or expires within RefreshMargin, and saving
// the result back with linkedin.Token.Refreshed (the refresh token's expiry
// never moves later). One refresh runs at a time: in this process under a
// mutex, across processes under a Redis lease. No token stored is
// ErrLinkedInNotConnected; an expired token that cannot be refreshed
// matches linkedin.ErrUnauthorized. Safe for concurrent use.
type TokenSource struct {
	Tokens *store.TokenStore
	// Store holds the refresh lease.
	Store *store.Store
	// OAuth is linkedin.Config.OAuth2(): token URL and client credentials.
	OAuth *oauth2.Config
	// HTTPClient makes the refresh calls (nil: a 30 s timeout client).
	HTTPClient *http.Client
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// OnSave, when set, is called with each refreshed token after saving.
	OnSave func(linkedin.Token)
	Logger *slog.Logger

	mu       sync.Mutex
	cached   linkedin.Token
	have     bool
	loadedAt time.Time
}

var _ oauth2.TokenSource = (*TokenSource)(nil)

func (ts *TokenSource) now() time.Time {
	if ts.Now != nil {
		return ts.Now()
	}
	return time.Now()
}

func (ts *TokenSource) logger() *slog.Logger {
	if ts.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return ts.Logger
}

// Forget drops the cached token, so the next Token reads Redis (after a
// person reconnected).
func (ts *TokenSource) Forget() {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.have = false
}

func needsRefresh(t linkedin.Token, now time.Time) bool {
	return t.Expiry.IsZero() || !now.Add(RefreshMargin).Before(t.Expiry)
}

func canRefresh(t linkedin.Token, now time.Time) bool {
	return t.RefreshToken != "" && (t.RefreshExpiry.IsZero() || now.Before(t.RefreshExpiry))
}

// Token returns a valid access token (oauth2.TokenSource). It blocks while
// a refresh runs.
func (ts *TokenSource) Token() (*oauth2.Token, error) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	now := ts.now()
	if !ts.have || now.Sub(ts.loadedAt) >= tokenCacheTTL || needsRefresh(ts.cached, now) {
		if err := ts.load(ctx, now); err != nil {
			return nil, err
		}
	}
	if !needsRefresh(ts.cached, now) {
		return ts.cached.OAuth2(), nil
	}
	if !canRefresh(ts.cached, now) {
		if now.Before(ts.cached.Expiry) {
			return ts.cached.OAuth2(), nil // still valid a little longer
		}
		return nil, fmt.Errorf("LinkedIn access token expired on %s and cannot be refreshed: reconnect LinkedIn (open %s): %w",
			ts.cached.Expiry.UTC().Format(time.DateOnly), admin.LinkedInConnectPath, linkedin.ErrUnauthorized)
	}
	tok, err := ts.refresh(ctx, now)
	if err != nil {
		if now.Before(ts.cached.Expiry) {
			ts.logger().Warn("LinkedIn token refresh failed; using the current token until it expires",
				"access_expires", ts.cached.Expiry.UTC().Format(time.RFC3339), "err", err)
			return ts.cached.OAuth2(), nil
		}
		return nil, err
	}
	return tok.OAuth2(), nil
}

func (ts *TokenSource) load(ctx context.Context, now time.Time) error {
	if ts.Tokens == nil {
		return permanentError{errors.New("LinkedIn token store unavailable: set ABMSYNC_SECRET_KEY")}
	}
	tok, err := ts.Tokens.Load(ctx)
	switch {
	case errors.Is(err, store.ErrNotFound):
		ts.have = false
		return ErrLinkedInNotConnected
	case errors.Is(err, linkedin.ErrSealed):
		return permanentError{fmt.Errorf("LinkedIn token: %w: reconnect LinkedIn (open %s) or restore the key", err, admin.LinkedInConnectPath)}
	case err != nil:
		return err
	}
	ts.cached, ts.have, ts.loadedAt = tok, true, now
	return nil
}

// refresh exchanges the refresh token, under the cross-process lease, and
// saves the result. Called with ts.mu held.
func (ts *TokenSource) refresh(ctx context.Context, now time.Time) (linkedin.Token, error) {
	var b [8]byte
	_, _ = rand.Read(b[:])
	owner := hex.EncodeToString(b[:])
	lease := ts.Store.Keys().Lease("linkedin-token-refresh")
	got, _, err := ts.Store.AcquireLease(ctx, lease, owner, refreshLeaseTTL)
	if err != nil {
		return linkedin.Token{}, err
	}
	if !got {
		// Another process is refreshing: wait for its result.
		deadline := time.Now().Add(refreshWait)
		for time.Now().Before(deadline) {
			t := time.NewTimer(200 * time.Millisecond)
			select {
			case <-ctx.Done():
				t.Stop()
				return linkedin.Token{}, ctx.Err()
			case <-t.C:
			}
			if err := ts.load(ctx, now); err != nil {
				return linkedin.Token{}, err
			}
			if !needsRefresh(ts.cached, now) {
				return ts.cached, nil
			}
		}
		// The other process died or is slow: refresh anyway (harmless,
		// LinkedIn issues another access token).
	} else {
		defer func() { _ = ts.Store.ReleaseLease(context.WithoutCancel(ctx), lease, owner) }()
	}
	hc := ts.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	// An empty access token makes x/oauth2 refresh at once, whatever its
	// own clock says.
	src := ts.OAuth.TokenSource(context.WithValue(ctx, oauth2.HTTPClient, hc), &oauth2.Token{RefreshToken: ts.cached.RefreshToken})
	fresh, err := src.Token()
	if err != nil {
		return linkedin.Token{}, err // linkedin's auth transport maps a refusal to ErrUnauthorized
	}
	nt := ts.cached.Refreshed(fresh, now)
	if err := ts.Tokens.Save(ctx, nt); err != nil {
		// The new token works; the stored one can still be refreshed.
		ts.logger().Error("save refreshed LinkedIn token", "err", err)
	}
	ts.cached, ts.have, ts.loadedAt = nt, true, now
	ts.logger().Info("LinkedIn access token refreshed", "access_expires", nt.Expiry.UTC().Format(time.RFC3339),
		"refresh_expires", nt.RefreshExpiry.UTC().Format(time.RFC3339))
	if ts.OnSave != nil {
		ts.OnSave(nt)
	}
	return nt, nil
}

// LinkedIn is the daemon's LinkedIn wiring: the API client, the token
// store and source, the connect handler and the expiry warnings.
type LinkedIn struct {
	Client *linkedin.Client
	// Tokens is nil without ABMSYNC_SECRET_KEY.
	Tokens *store.TokenStore
	// Source is nil with a static ABMSYNC_LINKEDIN_ACCESS_TOKEN.
	Source *TokenSource
	// Connect serves the connect flow; nil without a client id or key.
	Connect *admin.LinkedInConnect
	Metrics *telemetry.LinkedInMetrics
	static  bool
	now     func() time.Time
}

// NewLinkedIn builds the LinkedIn wiring from cfg, or returns nil when
// LinkedIn is not configured. Configuration problems are *config.Error:
// the connect flow without ABMSYNC_SECRET_KEY (tokens are never stored in
// the clear), a malformed key, a bad base URL, version or ad account. base
// supplies the transport (nil: http.DefaultTransport); now is the clock
// (nil: time.Now).
func NewLinkedIn(cfg config.Config, st *store.Store, base *http.Client, m *telemetry.Metrics, log *slog.Logger, now func() time.Time) (*LinkedIn, error) {
	l := cfg.LinkedIn
	if !l.Enabled() {
		return nil, nil
	}
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	log = log.With("connector", "linkedin")
	// config.Validate says so too; Run may get a config nobody validated.
	if l.ClientID != "" && l.AccessToken == "" && strings.TrimSpace(cfg.SecretKey) == "" {
		return nil, &config.Error{Key: "secret_key", Msg: "missing: set ABMSYNC_SECRET_KEY (32 bytes, hex or base64) to store LinkedIn tokens encrypted"}
	}
	out := &LinkedIn{static: l.AccessToken != "", now: now}
	if strings.TrimSpace(cfg.SecretKey) != "" {
		tokens, err := store.NewTokenStore(st, cfg.SecretKey)
		if err != nil {
			return nil, &config.Error{Key: "secret_key", Msg: err.Error()}
		}
		out.Tokens = tokens
	}
	lc := linkedin.Config{
		BaseURL: l.BaseURL, AuthBaseURL: l.AuthBaseURL, ClientID: l.ClientID, ClientSecret: l.ClientSecret,
		AccessToken: l.AccessToken, Version: l.Version, AdAccount: l.AdAccount, Scopes: l.Scopes,
		RedirectURL: l.RedirectURL, SourcePlatform: l.SourcePlatform, Logger: log,
	}
	var inner http.RoundTripper
	var jar http.CookieJar
	if base != nil {
		inner, jar = base.Transport, base.Jar
	}
	hc := &http.Client{Timeout: linkedin.DefaultTimeout, Transport: m.Transport("linkedin", inner), Jar: jar}
	out.Metrics = m.RegisterLinkedIn()
	var ts oauth2.TokenSource
	if !out.static {
		out.Source = &TokenSource{Tokens: out.Tokens, Store: st, OAuth: lc.OAuth2(), HTTPClient: hc, Now: now,
			OnSave: out.observe, Logger: log}
		ts = out.Source
	}
	client, err := linkedin.New(lc, hc, ts)
	if err != nil {
		return nil, &config.Error{Key: "linkedin", Msg: err.Error()}
	}
	out.Client = client
	switch {
	case l.ClientID == "":
	case out.Tokens == nil:
		log.Warn("LinkedIn connect flow off: ABMSYNC_SECRET_KEY is not set, and tokens are never stored unencrypted")
	default:
		out.Connect = &admin.LinkedInConnect{
			OAuth: lc.OAuth2(), States: st, Tokens: out.Tokens, HTTPClient: hc, Now: now, Logger: log,
			OnConnect: func(_ context.Context, tok linkedin.Token) {
				if out.Source != nil {
					out.Source.Forget()
				}
				out.observe(tok)
			},
		}
		if out.static {
			log.Info("ABMSYNC_LINKEDIN_ACCESS_TOKEN is set: it is used for API calls, not a token from the connect flow")
		}
	}
	return out, nil
}

func (l *LinkedIn) observe(tok linkedin.Token) {
	l.Metrics.ObserveTokenExpiry(telemetry.TokenAccess, tok.Expiry)
	var refresh time.Time
	if tok.RefreshToken != "" {
		refresh = tok.RefreshExpiry
	}
	l.Metrics.ObserveTokenExpiry(telemetry.TokenRefresh, refresh)
}

// Warnings returns what an operator must hear about the stored token
// (linkedin.ExpiryWarnings: 7 days before an expiry a person must act on)
// and updates the expiry gauge. A static ABMSYNC_LINKEDIN_ACCESS_TOKEN has
// no expiry abmsync knows: no warnings.
func (l *LinkedIn) Warnings(ctx context.Context) []string {
	if l == nil || l.static {
		return nil
	}
	if l.Tokens == nil {
		return []string{"LinkedIn cannot store tokens: set ABMSYNC_SECRET_KEY"}
	}
	tok, err := l.Tokens.Load(ctx)
	switch {
	case errors.Is(err, store.ErrNotFound):
		l.observe(linkedin.Token{})
		return []string{ErrLinkedInNotConnected.Error()}
	case err != nil:
		return []string{"LinkedIn token unreadable: " + err.Error()}
	}
	l.observe(tok)
	return linkedin.ExpiryWarnings(tok, l.now())
}

// Workers returns the linkedin:sync handler's configuration.
func (l *LinkedIn) Workers(cfg config.LinkedInConfig) *workers.LinkedIn {
	if l == nil {
		return nil
	}
	return &workers.LinkedIn{
		Client: l.Client, SegmentName: cfg.SegmentName, WindowDays: cfg.WindowDays,
		Warnings: l.Warnings, Metrics: l.Metrics, Aliases: cfg.Aliases,
	}
}

// logWarnings logs the start-up warnings.
func (l *LinkedIn) logWarnings(ctx context.Context, log *slog.Logger) {
	for _, w := range l.Warnings(ctx) {
		log.Warn(w, "connector", "linkedin")
	}
}
