package salesforce

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/httpx"
)

// tokenSource hands out an access token and the instance it belongs to.
// Salesforce tokens carry no expiry (the session times out by the org's
// policy), so a token is kept until the API answers 401 INVALID_SESSION_ID;
// the auth transport then invalidates it and asks once more. One request
// to the token endpoint runs at a time.
type tokenSource struct {
	c        *Client
	refresh  *oauth2.Config            // refresh-token grant, or nil
	clientCr *clientcredentials.Config // client-credentials grant, or nil
	refTok   string
	hc       *http.Client

	sem    chan struct{} // guards the fields below
	access string
	inst   *url.URL // the instance_url of the token, else the configured one
	err    error    // sticky once the grant is refused
}

func newTokenSource(c *Client, cfg Config, login, inst *url.URL, hc *http.Client) *tokenSource {
	s := &tokenSource{c: c, hc: hc, sem: make(chan struct{}, 1), inst: inst, refTok: cfg.RefreshToken}
	if cfg.RefreshToken != "" {
		s.refresh = &oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret,
			Endpoint: oauth2.Endpoint{TokenURL: login.String() + TokenPath, AuthStyle: oauth2.AuthStyleInParams}}
	} else {
		// Salesforce serves the client-credentials flow on the org's My
		// Domain, not on the shared login host.
		s.clientCr = &clientcredentials.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret,
			TokenURL: inst.String() + TokenPath, AuthStyle: oauth2.AuthStyleInParams}
	}
	return s
}

// token returns the current access token and instance, fetching a token
// first when there is none.
func (s *tokenSource) token(ctx context.Context) (string, *url.URL, error) {
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return "", nil, ctx.Err()
	}
	defer func() { <-s.sem }()
	if s.err != nil {
		return "", nil, s.err
	}
	if s.access != "" {
		return s.access, s.inst, nil
	}
	tctx := context.WithValue(ctx, oauth2.HTTPClient, s.hc)
	var tok *oauth2.Token
	var err error
	if s.refresh != nil {
		tok, err = s.refresh.TokenSource(tctx, &oauth2.Token{RefreshToken: s.refTok}).Token()
	} else {
		tok, err = s.clientCr.Token(tctx)
	}
	if err != nil {
		err = grantError(err)
		if errors.Is(err, ErrAuthExpired) {
			s.err = err
		}
		return "", nil, err
	}
	if raw, _ := tok.Extra("instance_url").(string); raw != "" {
		u, err := absURL(raw)
		if err != nil {
			return "", nil, fmt.Errorf("salesforce: token endpoint returned an unusable instance_url: %w", err)
		}
		if s.inst == nil || s.inst.String() != u.String() {
			s.c.log.Info("using the instance the token endpoint named", "instance_url", u.String())
		}
		s.inst = u
	}
	if s.inst == nil {
		return "", nil, permanentf("salesforce: token endpoint returned no instance_url and none is configured")
	}
	if tok.RefreshToken != "" {
		s.refTok = tok.RefreshToken
	}
	s.access = tok.AccessToken
	s.c.log.Debug("fetched OAuth access token")
	return s.access, s.inst, nil
}

// invalidate drops the cached token if it is still tok.
func (s *tokenSource) invalidate(tok string) {
	s.sem <- struct{}{}
	if s.access == tok {
		s.access = ""
	}
	<-s.sem
}

// authExpiredError reports a refused grant without repeating the token
// endpoint's body, which could echo a credential.
type authExpiredError struct {
	status int
	code   string
}

func (e *authExpiredError) Error() string {
	detail := fmt.Sprintf("token endpoint answered %d", e.status)
	if e.code != "" {
		detail += " " + e.code
	}
	return "salesforce: get access token: Salesforce authorization expired: reconnect (" + detail + ")"
}

func (e *authExpiredError) Is(target error) bool {
	return target == ErrAuthExpired || target == crm.ErrPermanent
}

// grantError maps a failed token request: a 400 or 401 (invalid_grant,
// invalid_client, inactive user) means the authorization is gone; other
// answers may pass.
func grantError(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.Response == nil {
		return fmt.Errorf("salesforce: get access token: %w", err)
	}
	status := re.Response.StatusCode
	if status == http.StatusBadRequest || status == http.StatusUnauthorized || (httpx.PermanentStatus(status) && status != http.StatusNotFound) {
		return &authExpiredError{status: status, code: re.ErrorCode}
	}
	return fmt.Errorf("salesforce: get access token: token endpoint answered %d", status)
}
