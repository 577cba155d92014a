package linkedintest

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

type oauthState struct {
	codes   map[string]authCode
	access  map[string]time.Time    // access token -> expiry
	refresh map[string]refreshGrant // refresh token -> grant
	issued  int
	deny    int
}

type authCode struct {
	redirectURI string
	scope       string
	expiry      time.Time
}

type refreshGrant struct {
	scope  string
	expiry time.Time // fixed at the first authorization
}

func newOAuthState() oauthState {
	return oauthState{
		codes:   map[string]authCode{},
		access:  map[string]time.Time{},
		refresh: map[string]refreshGrant{},
	}
}

// DenyNext makes the next authorization request end as if the member
// clicked Cancel: a redirect with error=user_cancelled_authorize.
func (s *Server) DenyNext() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.oauth.deny++
}

// TokensIssued returns how many access tokens the token endpoint issued.
func (s *Server) TokensIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.oauth.issued
}

// ClientID is the OAuth app's client_id.
func (s *Server) ClientID() string { return s.opts.ClientID }

// ClientSecret is the OAuth app's client_secret.
func (s *Server) ClientSecret() string { return s.opts.ClientSecret }

// serveAuthorize is GET /oauth/v2/authorization. It stands in for the
// member's consent: a valid request redirects to redirect_uri with code and
// state at once. A bad client_id or an unregistered redirect_uri gets an
// error page and no redirect, as LinkedIn does.
func (s *Server) serveAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect := q.Get("redirect_uri")
	u, err := url.Parse(redirect)
	switch {
	case q.Get("client_id") != s.opts.ClientID:
		http.Error(w, "linkedintest: invalid client_id", http.StatusBadRequest)
		return
	case redirect == "" || err != nil || !u.IsAbs() || u.Fragment != "":
		http.Error(w, "linkedintest: redirect_uri must be an absolute URL without fragment", http.StatusBadRequest)
		return
	case len(s.opts.RedirectURLs) > 0 && !slices.Contains(s.opts.RedirectURLs, redirect):
		http.Error(w, "linkedintest: The redirect_uri does not match the registered value", http.StatusBadRequest)
		return
	}
	back := u.Query()
	if st := q.Get("state"); st != "" {
		back.Set("state", st)
	}
	s.mu.Lock()
	deny := s.oauth.deny > 0
	if deny {
		s.oauth.deny--
	}
	s.mu.Unlock()
	switch {
	case q.Get("response_type") != "code":
		back.Set("error", "invalid_request")
		back.Set("error_description", "response_type must be code")
	case strings.TrimSpace(q.Get("scope")) == "":
		back.Set("error", "invalid_scope")
		back.Set("error_description", "scope is required")
	case deny:
		back.Set("error", "user_cancelled_authorize")
		back.Set("error_description", "The user cancelled the authorization")
	default:
		code := randomToken("linkedintest-code-")
		s.mu.Lock()
		s.oauth.codes[code] = authCode{redirectURI: redirect, scope: q.Get("scope"), expiry: s.opts.Clock().Add(CodeTTL)}
		s.mu.Unlock()
		back.Set("code", code)
	}
	u.RawQuery = back.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// serveAccessToken is POST /oauth/v2/accessToken with a form body:
// grant_type authorization_code (code, redirect_uri) or refresh_token
// (refresh_token), each with client_id and client_secret in the body.
func (s *Server) serveAccessToken(w http.ResponseWriter, r *http.Request, body []byte) {
	oauthErr := func(status int, code, desc string) {
		writeJSON(w, status, map[string]any{"error": code, "error_description": desc})
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		oauthErr(http.StatusBadRequest, "invalid_request", "Content-Type must be application/x-www-form-urlencoded")
		return
	}
	f, err := url.ParseQuery(string(body))
	if err != nil {
		oauthErr(http.StatusBadRequest, "invalid_request", "malformed form body")
		return
	}
	if f.Get("client_id") != s.opts.ClientID || f.Get("client_secret") != s.opts.ClientSecret {
		oauthErr(http.StatusUnauthorized, "invalid_client", "Client authentication failed")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Clock()
	var scope string
	var refresh string
	var grant refreshGrant
	switch f.Get("grant_type") {
	case "authorization_code":
		c, ok := s.oauth.codes[f.Get("code")]
		delete(s.oauth.codes, f.Get("code")) // single use
		switch {
		case !ok || !now.Before(c.expiry):
			oauthErr(http.StatusBadRequest, "invalid_request", "Unable to retrieve access token: authorization code not found")
			return
		case f.Get("redirect_uri") != c.redirectURI:
			oauthErr(http.StatusBadRequest, "invalid_request", "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code")
			return
		}
		scope = c.scope
		if !s.opts.NoRefreshTokens {
			refresh = randomToken("linkedintest-refresh-")
			grant = refreshGrant{scope: scope, expiry: now.Add(RefreshTokenTTL)}
			s.oauth.refresh[refresh] = grant
		}
	case "refresh_token":
		refresh = f.Get("refresh_token")
		g, ok := s.oauth.refresh[refresh]
		if !ok || !now.Before(g.expiry) {
			oauthErr(http.StatusBadRequest, "invalid_request", "The provided authorization grant or refresh token is invalid, expired or revoked")
			return
		}
		grant, scope = g, g.scope
	default:
		oauthErr(http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
		return
	}
	s.oauth.issued++
	access := randomToken("linkedintest-access-")
	s.oauth.access[access] = now.Add(AccessTokenTTL)
	resp := map[string]any{
		"access_token": access,
		"expires_in":   int64(AccessTokenTTL / time.Second),
		"scope":        strings.Join(strings.Fields(strings.ReplaceAll(scope, ",", " ")), ","),
	}
	if refresh != "" {
		resp["refresh_token"] = refresh
		// The refresh token keeps the lifetime of the first authorization.
		resp["refresh_token_expires_in"] = int64(grant.expiry.Sub(now) / time.Second)
	}
	writeJSON(w, http.StatusOK, resp)
}
