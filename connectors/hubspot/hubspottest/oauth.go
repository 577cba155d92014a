package hubspottest

import (
	"fmt"
	"net/http"
	"time"
)

type oauthState struct {
	clientID, secret, refresh string
	ttl                       time.Duration
	revoked                   bool
	access                    map[string]time.Time // access token -> expiry
	issued                    int
}

// EnableOAuth makes the token endpoint (TokenPath, form-encoded
// grant_type=refresh_token with client_id, client_secret and refresh_token
// in the body) issue access tokens that expire ttl after issue (on
// Options.Clock). API calls with an expired token answer 401 with category
// EXPIRED_AUTHENTICATION; unknown tokens answer 401 INVALID_AUTHENTICATION.
func (s *Server) EnableOAuth(clientID, clientSecret, refreshToken string, ttl time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.oauth = &oauthState{clientID: clientID, secret: clientSecret, refresh: refreshToken, ttl: ttl, access: map[string]time.Time{}}
}

// RevokeRefreshToken makes the token endpoint refuse the refresh token with
// 400 invalid_grant (HubSpot's BAD_REFRESH_TOKEN), as after an uninstall.
// Access tokens already issued keep working until they expire.
func (s *Server) RevokeRefreshToken() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.oauth != nil {
		s.oauth.revoked = true
	}
}

// TokensIssued returns how many access tokens the token endpoint issued.
func (s *Server) TokensIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.oauth == nil {
		return 0
	}
	return s.oauth.issued
}

func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	oauthErr := func(status int, code, hsStatus, msg string) {
		s.writeJSON(w, status, map[string]any{
			"error": code, "error_description": msg,
			"status": hsStatus, "message": msg, "correlationId": s.correlationID(),
		})
	}
	if s.oauth == nil {
		oauthErr(http.StatusBadRequest, "invalid_client", "BAD_CLIENT_ID", "OAuth is not enabled for this portal")
		return
	}
	if r.URL.RawQuery != "" {
		oauthErr(http.StatusBadRequest, "invalid_request", "BAD_REQUEST", "parameters must be sent in the request body")
		return
	}
	if err := r.ParseForm(); err != nil {
		oauthErr(http.StatusBadRequest, "invalid_request", "BAD_REQUEST", "body must be application/x-www-form-urlencoded")
		return
	}
	f := r.PostForm
	switch {
	case f.Get("grant_type") != "refresh_token":
		oauthErr(http.StatusBadRequest, "unsupported_grant_type", "BAD_GRANT_TYPE", "grant_type must be refresh_token")
	case f.Get("client_id") != s.oauth.clientID || f.Get("client_secret") != s.oauth.secret:
		oauthErr(http.StatusBadRequest, "invalid_client", "BAD_CLIENT_ID", "missing or unknown client_id or client_secret")
	case s.oauth.revoked || f.Get("refresh_token") != s.oauth.refresh:
		oauthErr(http.StatusBadRequest, "invalid_grant", "BAD_REFRESH_TOKEN", "missing or unknown refresh token")
	default:
		s.oauth.issued++
		tok := fmt.Sprintf("hubspottest-oauth-access-%d-%s", s.oauth.issued, s.correlationID())
		s.oauth.access[tok] = s.opts.Clock().Add(s.oauth.ttl)
		s.writeJSON(w, http.StatusOK, map[string]any{
			"access_token":  tok,
			"refresh_token": s.oauth.refresh,
			"expires_in":    max(1, int(s.oauth.ttl/time.Second)),
			"token_type":    "bearer",
		})
	}
}
