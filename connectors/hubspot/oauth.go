package hubspot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/httpx"
)

// Token refresh timing: refresh when less than a tenth of the token's
// lifetime is left (3 minutes of HubSpot's 30), never later than
// maxRefreshMargin before expiry.
const (
	refreshFraction  = 10
	maxRefreshMargin = 5 * time.Minute
)

// tokenSource hands out OAuth access tokens, refreshing them before they
// expire. One refresh runs at a time per client; concurrent callers wait for
// it (or for their context). It uses x/oauth2 for the refresh_token grant
// but keeps expiry on the client's clock and runs each refresh under the
// calling request's context, so a refresh is cancelled with its request and
// counted in its page's Calls. oauth2.ReuseTokenSource offers neither.
type tokenSource struct {
	c    *Client
	conf *oauth2.Config
	hc   *http.Client

	sem chan struct{} // one holder at a time: guards the fields below

	refresh string
	access  string
	expiry  time.Time // on c.now's clock
	margin  time.Duration
	err     error // sticky ErrAuthExpired once the refresh token is rejected
}

func newTokenSource(c *Client, clientID, secret, refresh string, hc *http.Client) *tokenSource {
	return &tokenSource{
		c: c,
		conf: &oauth2.Config{
			ClientID:     clientID,
			ClientSecret: secret,
			Endpoint: oauth2.Endpoint{
				TokenURL:  c.base.String() + TokenPath,
				AuthStyle: oauth2.AuthStyleInParams,
			},
		},
		hc:      hc,
		sem:     make(chan struct{}, 1),
		refresh: refresh,
	}
}

// token returns a valid access token, refreshing it first when it is
// missing or about to expire.
func (s *tokenSource) token(ctx context.Context) (string, error) {
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-s.sem }()
	if s.err != nil {
		return "", s.err
	}
	if s.access != "" && s.c.now().Before(s.expiry.Add(-s.margin)) {
		return s.access, nil
	}
	tctx := context.WithValue(ctx, oauth2.HTTPClient, s.hc)
	tok, err := s.conf.TokenSource(tctx, &oauth2.Token{RefreshToken: s.refresh}).Token()
	if err != nil {
		err = refreshError(err)
		if errors.Is(err, ErrAuthExpired) {
			s.err = err
			s.access = ""
		}
		return "", err
	}
	life := time.Duration(tok.ExpiresIn) * time.Second
	if life <= 0 {
		life = 30 * time.Minute // HubSpot's documented lifetime
	}
	s.access = tok.AccessToken
	s.expiry = s.c.now().Add(life)
	s.margin = min(life/refreshFraction, maxRefreshMargin)
	if tok.RefreshToken != "" {
		s.refresh = tok.RefreshToken
	}
	s.c.log.Debug("refreshed OAuth access token", "expires_in", life)
	return s.access, nil
}

// invalidate drops the cached access token if it is still tok, so that the
// next call refreshes.
func (s *tokenSource) invalidate(tok string) {
	s.sem <- struct{}{}
	if s.access == tok {
		s.access = ""
	}
	<-s.sem
}

// authExpiredError reports a rejected refresh token without repeating the
// token endpoint's body (which could echo a credential).
type authExpiredError struct {
	status int
	code   string
}

func (e *authExpiredError) Error() string {
	detail := fmt.Sprintf("token endpoint answered %d", e.status)
	if e.code != "" {
		detail += " " + e.code
	}
	return "refresh access token: HubSpot authorization expired: reconnect (" + detail + ")"
}

func (e *authExpiredError) Is(target error) bool {
	return target == ErrAuthExpired || target == crm.ErrPermanent
}

// refreshError maps a failed refresh. 401, and 400 for anything but the
// client credentials (invalid_grant, HubSpot's BAD_REFRESH_TOKEN), mean the
// authorization is gone; other 4xx (bad client ID or secret) are permanent
// too; anything else may pass.
func refreshError(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.Response == nil {
		// Transport failure or an unreadable answer. x/oauth2 errors name
		// the URL, never the form body with the credentials.
		return fmt.Errorf("refresh access token: %w", err)
	}
	status := re.Response.StatusCode
	code := re.ErrorCode
	badClient := code == "invalid_client" || bytes.Contains(re.Body, []byte("BAD_CLIENT_"))
	switch {
	case status == http.StatusUnauthorized, status == http.StatusBadRequest && !badClient:
		return &authExpiredError{status: status, code: code}
	case httpx.PermanentStatus(status):
		return permanentf("refresh access token: token endpoint answered %d %s: check the client ID and secret", status, code)
	}
	return fmt.Errorf("refresh access token: token endpoint answered %d", status)
}
