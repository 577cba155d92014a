package daemon

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/abmsync/abmsync/admin"
	"github.com/abmsync/abmsync/config"
	"github.com/abmsync/abmsync/connectors/linkedin"
	"github.com/abmsync/abmsync/internal/telemetry"
	"github.com/abmsync/abmsync/store"
	"github.com/abmsync/abmsync/workers"
)

// LinkedIn is the daemon's LinkedIn wiring: the API client, the token
// store and source, the connect handler and the expiry warnings.
type LinkedIn struct {
	Client *linkedin.Client
	// Tokens is nil without ABMSYNC_SECRET_KEY.
	Tokens *linkedin.TokenStore
	// Source is nil with a static ABMSYNC_LINKEDIN_ACCESS_TOKEN.
	Source *linkedin.TokenSource
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
	out := &LinkedIn{static: l.AccessToken != "", now: now}
	tokens, err := linkedin.NewTokenStore(st, cfg.SecretKey)
	switch {
	case errors.Is(err, linkedin.ErrNoSecretKey):
		// config.Validate says so too; Run may get a config nobody validated.
		if l.ClientID != "" && !out.static {
			return nil, config.SecretKeyMissing()
		}
	case err != nil:
		return nil, &config.Error{Key: "secret_key", Msg: err.Error()}
	default:
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
		out.Source = &linkedin.TokenSource{Tokens: out.Tokens, Leases: st, LeaseKey: st.Keys().Lease("linkedin-token-refresh"),
			OAuth: lc.OAuth2(), HTTPClient: hc, Now: now, OnSave: out.observe, Logger: log}
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
	case errors.Is(err, linkedin.ErrNotConnected):
		l.observe(linkedin.Token{})
		return []string{linkedin.ErrNotConnected.Error()}
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
