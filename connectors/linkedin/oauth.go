package linkedin

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Token lifetimes LinkedIn documents for the 3-legged flow.
const (
	// AccessTokenLifetime is 60 days.
	AccessTokenLifetime = 60 * 24 * time.Hour
	// RefreshTokenLifetime is 365 days from the first authorization;
	// refreshing the access token does not extend it. Only approved
	// Marketing Developer Platform partners get refresh tokens.
	RefreshTokenLifetime = 365 * 24 * time.Hour
	// ExpiryWarningWindow is how long before an expiry ExpiryWarnings
	// speaks up.
	ExpiryWarningWindow = 7 * 24 * time.Hour
)

// OAuth2 returns the x/oauth2 configuration of LinkedIn's authorization code
// flow: AuthURL and TokenURL under AuthBaseURL (default DefaultAuthBaseURL),
// client credentials sent in the form body as LinkedIn documents
// (AuthStyleInParams), and the configured scopes and redirect URL. Use
// AuthCodeURL with a per-request state, Exchange in the callback, and
// TokenSource to refresh.
func (c *Config) OAuth2() *oauth2.Config {
	root := strings.TrimRight(c.AuthBaseURL, "/")
	if root == "" {
		root = DefaultAuthBaseURL
	}
	return &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		Endpoint: oauth2.Endpoint{
			AuthURL:   root + AuthorizePath,
			TokenURL:  root + TokenPath,
			AuthStyle: oauth2.AuthStyleInParams,
		},
		RedirectURL: c.RedirectURL,
		Scopes:      append([]string(nil), c.Scopes...),
	}
}

// Token is a LinkedIn authorization as abmsync stores it (sealed with Seal).
// RefreshToken and RefreshExpiry are empty for apps without programmatic
// refresh tokens.
type Token struct {
	// AccessToken is the bearer token for API calls.
	AccessToken string `json:"access_token"`
	// RefreshToken mints new access tokens until RefreshExpiry.
	RefreshToken string `json:"refresh_token,omitempty"`
	// Expiry is when AccessToken stops working.
	Expiry time.Time `json:"expiry"`
	// RefreshExpiry is when RefreshToken stops working; refreshing does not
	// move it.
	RefreshExpiry time.Time `json:"refresh_expiry,omitzero"`
}

// String never shows the tokens.
func (t Token) String() string {
	return fmt.Sprintf("linkedin.Token{access expires %s, refresh token %t, refresh expires %s}",
		t.Expiry.UTC().Format(time.DateOnly), t.RefreshToken != "", t.RefreshExpiry.UTC().Format(time.DateOnly))
}

// GoString never shows the tokens (%#v).
func (t Token) GoString() string { return t.String() }

// NewToken converts the answer of the code exchange (oauth2.Config.Exchange)
// taken at now. The refresh token's expiry comes from
// refresh_token_expires_in; an access token without expiry is given
// AccessTokenLifetime.
func NewToken(tok *oauth2.Token, now time.Time) Token {
	t := Token{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, Expiry: tok.Expiry}
	if t.Expiry.IsZero() {
		t.Expiry = now.Add(AccessTokenLifetime)
	}
	if t.RefreshToken != "" {
		if d, ok := secondsExtra(tok, "refresh_token_expires_in"); ok {
			t.RefreshExpiry = now.Add(d)
		} else {
			t.RefreshExpiry = now.Add(RefreshTokenLifetime)
		}
	}
	return t
}

// Refreshed returns t updated with a refresh answer taken at now. The
// refresh token's expiry never moves later: LinkedIn does not extend it, so
// a later date in the answer is ignored and an earlier one is kept.
func (t Token) Refreshed(tok *oauth2.Token, now time.Time) Token {
	n := NewToken(tok, now)
	if n.RefreshToken == "" {
		n.RefreshToken = t.RefreshToken
	}
	n.RefreshExpiry = t.RefreshExpiry
	if d, ok := secondsExtra(tok, "refresh_token_expires_in"); ok {
		if e := now.Add(d); n.RefreshExpiry.IsZero() || e.Before(n.RefreshExpiry) {
			n.RefreshExpiry = e
		}
	}
	return n
}

// OAuth2 returns the token for oauth2.Config.TokenSource.
func (t Token) OAuth2() *oauth2.Token {
	return &oauth2.Token{AccessToken: t.AccessToken, TokenType: "Bearer", RefreshToken: t.RefreshToken, Expiry: t.Expiry}
}

// secondsExtra reads a number of seconds from the token response.
func secondsExtra(tok *oauth2.Token, key string) (time.Duration, bool) {
	var secs float64
	switch v := tok.Extra(key).(type) {
	case float64:
		secs = v
	case int64:
		secs = float64(v)
	case string:
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return 0, false
		}
		secs = f
	default:
		return 0, false
	}
	if secs <= 0 {
		return 0, false
	}
	return time.Duration(secs * float64(time.Second)), true
}

// ExpiryWarnings returns what an operator must hear about tok at now, one
// sentence each, naming dates and never the tokens:
//
//   - the refresh token expires within ExpiryWarningWindow (or has
//     expired): refreshing does not extend it, so a person must reconnect;
//   - the access token expires within ExpiryWarningWindow (or has expired)
//     and no refresh token outlives it. An access token that a valid
//     refresh token will replace is not worth a warning.
//
// An empty result means nothing needs attention.
func ExpiryWarnings(tok Token, now time.Time) []string {
	var out []string
	date := func(t time.Time) string { return t.UTC().Format(time.DateOnly) }
	days := func(d time.Duration) string {
		n := int((d + 12*time.Hour) / (24 * time.Hour))
		if n == 1 {
			return "1 day"
		}
		return strconv.Itoa(n) + " days"
	}
	refreshUsable := tok.RefreshToken != "" && (tok.RefreshExpiry.IsZero() || now.Before(tok.RefreshExpiry))
	if tok.RefreshToken != "" && !tok.RefreshExpiry.IsZero() {
		switch left := tok.RefreshExpiry.Sub(now); {
		case left <= 0:
			out = append(out, fmt.Sprintf("LinkedIn refresh token expired on %s: reconnect LinkedIn (GET /connect/linkedin)", date(tok.RefreshExpiry)))
		case left <= ExpiryWarningWindow:
			out = append(out, fmt.Sprintf("LinkedIn refresh token expires on %s (in %s) and refreshing does not extend it: reconnect LinkedIn (GET /connect/linkedin) before then",
				date(tok.RefreshExpiry), days(left)))
		}
	}
	if tok.AccessToken == "" || tok.Expiry.IsZero() {
		return out
	}
	if refreshUsable && (tok.RefreshExpiry.IsZero() || tok.RefreshExpiry.After(tok.Expiry)) {
		return out
	}
	switch left := tok.Expiry.Sub(now); {
	case left <= 0:
		out = append(out, fmt.Sprintf("LinkedIn access token expired on %s and cannot be refreshed: %s", date(tok.Expiry), reconnectHint))
	case left <= ExpiryWarningWindow:
		out = append(out, fmt.Sprintf("LinkedIn access token expires on %s (in %s) and cannot be refreshed: %s before then",
			date(tok.Expiry), days(left), reconnectHint))
	}
	return out
}
