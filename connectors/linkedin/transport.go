package linkedin

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/httpx"
)

const (
	// rateLimitBackoffBase is the first wait after a 429 without
	// Retry-After.
	rateLimitBackoffBase = 2 * time.Second
	// backoffMax caps every backoff wait.
	backoffMax = 30 * time.Second
)

// headerTransport puts LinkedIn-Version and X-Restli-Protocol-Version on
// every request to the API host.
type headerTransport struct {
	next    http.RoundTripper
	host    string
	version string
}

func (t *headerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != t.host {
		return t.next.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	r.Header.Set(headerVersion, t.version)
	r.Header.Set(headerProtocol, RestliProtocolVersion)
	return t.next.RoundTrip(r)
}

// authTransport sets the bearer token, only for the API host so that a
// redirect elsewhere never carries it, and scrubs the token from error
// bodies before anything can quote them.
type authTransport struct {
	next http.RoundTripper
	host string
	ts   oauth2.TokenSource
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != t.host {
		return t.next.RoundTrip(req)
	}
	tok, err := t.ts.Token()
	if err != nil {
		return nil, tokenError(err)
	}
	if tok.AccessToken == "" {
		return nil, &kindError{msg: "linkedin: the token source returned an empty access token: " + reconnectHint, kind: ErrUnauthorized}
	}
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err := t.next.RoundTrip(r)
	if err != nil || resp.StatusCode < 400 {
		return resp, err
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	data = bytes.ReplaceAll(data, []byte(tok.AccessToken), []byte("[REDACTED]"))
	resp.Body = io.NopCloser(bytes.NewReader(data))
	return resp, nil
}

// tokenError maps a token source failure. A refresh LinkedIn refused (400
// invalid_request / invalid_grant, 401) means the authorization is gone and
// matches ErrUnauthorized; other answers may pass. The body of the token
// endpoint's answer is left out: it could echo a credential.
func tokenError(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.Response == nil {
		// A transport failure; x/oauth2 names the token URL, never the form.
		return fmt.Errorf("linkedin: refresh access token: %w", err)
	}
	status, code := re.Response.StatusCode, re.ErrorCode
	switch {
	case code == "invalid_client":
		return permanentf("refresh access token: token endpoint answered %d invalid_client: check ABMSYNC_LINKEDIN_CLIENT_ID and ABMSYNC_LINKEDIN_CLIENT_SECRET", status)
	case status == http.StatusUnauthorized, status == http.StatusBadRequest:
		return &kindError{
			msg:  fmt.Sprintf("linkedin: refresh access token: LinkedIn refused the refresh token (%d %s): %s", status, code, reconnectHint),
			kind: ErrUnauthorized,
		}
	case httpx.PermanentStatus(status):
		return permanentf("refresh access token: token endpoint answered %d %s", status, code)
	}
	return fmt.Errorf("linkedin: refresh access token: token endpoint answered %d", status)
}

// retryPolicy resends after 429 (any request: LinkedIn did not process it)
// and, for idempotent requests only, after 5xx other than 501, 408, timeouts
// and connection errors, with exponential backoff and full jitter. A 429
// without Retry-After waits a backoff of its own, from rateLimitBackoffBase.
var retryPolicy = httpx.RetryPolicy{
	Idempotent: isIdempotent,
	RateLimitDelay: func(resp *http.Response, n int) time.Duration {
		if d, ok := httpx.RetryAfter(resp.Header); ok {
			return d
		}
		return httpx.Backoff(n, rateLimitBackoffBase, backoffMax)
	},
	// How often, and how long in all, one call waits out 429s; past that
	// the *RateLimitError goes to the caller (a worker re-enqueues with its
	// RetryDelay).
	MaxRateLimitRetries: 5,
	MaxRateLimitWait:    2 * time.Minute,
	// Resends of an idempotent call after 5xx, 408, timeouts and connection
	// errors.
	MaxTransientRetries: 4,
	BackoffBase:         500 * time.Millisecond,
	BackoffMax:          backoffMax,
	// 501: the endpoint does not do this; a resend will not change that.
	RetryStatus:      func(code int) bool { return code != http.StatusNotImplemented },
	Permanent:        crm.ErrPermanent,
	ErrNotReplayable: errors.New("linkedin: request body cannot be replayed for a retry"),
}
