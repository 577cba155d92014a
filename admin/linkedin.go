package admin

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/abmsync/abmsync/connectors/linkedin"
)

// Paths of the LinkedIn connect flow (mounted by Server.Handler).
const (
	LinkedInConnectPath  = "/connect/linkedin"
	LinkedInCallbackPath = "/connect/linkedin/callback"
)

// OAuthStateTTL is how long a connect flow's state value stays valid.
const OAuthStateTTL = 10 * time.Minute

// OAuthStates keeps one-time OAuth state values (*store.Store).
type OAuthStates interface {
	SaveOAuthState(ctx context.Context, state string, ttl time.Duration) error
	// TakeOAuthState consumes state: true only once, and only before it
	// expires.
	TakeOAuthState(ctx context.Context, state string) (bool, error)
}

// TokenSaver stores a LinkedIn token sealed (*linkedin.TokenStore).
type TokenSaver interface {
	Save(ctx context.Context, tok linkedin.Token) error
}

// LinkedInConnect serves LinkedIn's OAuth 2.0 authorization code flow as
// an http.Handler for Server.LinkedInConnect:
//
//   - GET /connect/linkedin saves a random one-time state (OAuthStateTTL)
//     and redirects to LinkedIn's authorization page with the configured
//     scopes;
//   - GET /connect/linkedin/callback consumes the state (a forged, reused
//     or expired one answers 400 and stores nothing), exchanges the code at
//     LinkedIn's token endpoint and stores the token sealed, then answers a
//     small page naming the expiry dates. LinkedIn's own refusals
//     (error=user_cancelled_authorize, access_denied ...) answer 400 and
//     say so.
//
// Tokens and codes are never logged nor shown.
type LinkedInConnect struct {
	// OAuth is linkedin.Config.OAuth2() with RedirectURL set to the
	// callback's public URL.
	OAuth *oauth2.Config
	// States keeps the state values.
	States OAuthStates
	// Tokens stores the token sealed.
	Tokens TokenSaver
	// HTTPClient makes the code exchange; nil means a client with a 30 s
	// timeout.
	HTTPClient *http.Client
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// OnConnect, when set, is called with the stored token (the daemon
	// drops its cached token and updates the expiry gauge).
	OnConnect func(ctx context.Context, tok linkedin.Token)
	// Logger receives the outcome of each flow; nil discards.
	Logger *slog.Logger
}

var _ http.Handler = (*LinkedInConnect)(nil)

func (c *LinkedInConnect) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *LinkedInConnect) logger() *slog.Logger {
	if c.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Logger.With("connector", "linkedin")
}

// ServeHTTP routes the two paths of the flow.
func (c *LinkedInConnect) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET")
		connectPage(w, http.StatusMethodNotAllowed, "Method not allowed", "Use GET.")
		return
	}
	switch r.URL.Path {
	case LinkedInConnectPath:
		c.authorize(w, r)
	case LinkedInCallbackPath:
		c.callback(w, r)
	default:
		connectPage(w, http.StatusNotFound, "Not found", "No such page.")
	}
}

func (c *LinkedInConnect) authorize(w http.ResponseWriter, r *http.Request) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		connectPage(w, http.StatusInternalServerError, "LinkedIn not connected", "No random state could be made: "+err.Error())
		return
	}
	state := base64.RawURLEncoding.EncodeToString(b[:])
	if err := c.States.SaveOAuthState(r.Context(), state, OAuthStateTTL); err != nil {
		c.logger().Error("save oauth state", "err", err)
		connectPage(w, http.StatusServiceUnavailable, "LinkedIn not connected", "The state value could not be saved (Redis): "+err.Error())
		return
	}
	c.logger().Info("LinkedIn connect flow started", "scopes", strings.Join(c.OAuth.Scopes, " "), "redirect_url", c.OAuth.RedirectURL)
	http.Redirect(w, r, c.OAuth.AuthCodeURL(state), http.StatusFound)
}

func (c *LinkedInConnect) callback(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	log := c.logger()
	// Consume the state first, whatever the outcome: it is one-time.
	valid, err := c.States.TakeOAuthState(ctx, q.Get("state"))
	if err != nil {
		log.Error("check oauth state", "err", err)
		connectPage(w, http.StatusServiceUnavailable, "LinkedIn not connected", "The state value could not be checked (Redis): "+err.Error()+". Nothing was stored.")
		return
	}
	if e := q.Get("error"); e != "" {
		desc := q.Get("error_description")
		log.Warn("LinkedIn refused the connection", "error", e, "description", desc, "state_valid", valid)
		msg := "LinkedIn answered " + e
		if desc != "" {
			msg += ": " + desc
		}
		connectPage(w, http.StatusBadRequest, "LinkedIn not connected", msg+". Nothing was stored. Start again at "+LinkedInConnectPath+".")
		return
	}
	if !valid {
		log.Warn("LinkedIn callback with an unknown, expired or reused state: refused")
		connectPage(w, http.StatusBadRequest, "LinkedIn not connected",
			"The state value is unknown, expired (after 10 minutes) or already used, so this answer cannot be trusted. Nothing was stored. Start again at "+LinkedInConnectPath+".")
		return
	}
	code := q.Get("code")
	if code == "" {
		connectPage(w, http.StatusBadRequest, "LinkedIn not connected", "LinkedIn's answer has no authorization code. Nothing was stored. Start again at "+LinkedInConnectPath+".")
		return
	}
	hc := c.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	xctx, cancel := context.WithTimeout(context.WithValue(ctx, oauth2.HTTPClient, hc), time.Minute)
	defer cancel()
	tok, err := c.OAuth.Exchange(xctx, code)
	if err != nil {
		msg := exchangeError(err)
		log.Error("LinkedIn code exchange failed", "err", msg)
		connectPage(w, http.StatusBadGateway, "LinkedIn not connected", msg+". Nothing was stored. Start again at "+LinkedInConnectPath+".")
		return
	}
	now := c.now()
	t := linkedin.NewToken(tok, now)
	if err := c.Tokens.Save(ctx, t); err != nil {
		log.Error("save LinkedIn token", "err", err)
		connectPage(w, http.StatusInternalServerError, "LinkedIn not connected", "The token could not be stored: "+err.Error()+".")
		return
	}
	if c.OnConnect != nil {
		c.OnConnect(ctx, t)
	}
	log.Info("LinkedIn connected", "access_expires", t.Expiry.UTC().Format(time.RFC3339),
		"refresh_token", t.RefreshToken != "", "refresh_expires", formatExpiry(t.RefreshExpiry))
	msg := "LinkedIn connected; access token valid until " + formatExpiry(t.Expiry) + "."
	if t.RefreshToken != "" {
		msg += " abmsync refreshes it until the refresh token expires on " + formatExpiry(t.RefreshExpiry) +
			"; reconnect before then (refreshing does not extend it)."
	} else {
		msg += " LinkedIn issued no refresh token: reconnect before then."
	}
	connectPage(w, http.StatusOK, "LinkedIn connected", msg)
}

func formatExpiry(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// exchangeError describes a failed code exchange without the token
// endpoint's body, which could echo a credential.
func exchangeError(err error) string {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		msg := "LinkedIn's token endpoint refused the code"
		if re.Response != nil {
			msg += fmt.Sprintf(" (%d)", re.Response.StatusCode)
		}
		if re.ErrorCode != "" {
			msg += ": " + re.ErrorCode
		}
		if re.ErrorDescription != "" {
			msg += ": " + re.ErrorDescription
		}
		return msg
	}
	return "LinkedIn's token endpoint could not be reached: " + err.Error()
}

// connectPage answers a small HTML page; every text is escaped.
func connectPage(w http.ResponseWriter, status int, title, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>abmsync: %s</title></head>\n<body><h1>%s</h1>\n<p>%s</p>\n</body></html>\n",
		html.EscapeString(title), html.EscapeString(title), html.EscapeString(msg))
}
