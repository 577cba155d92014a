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

// Retry policy.
const (
	// maxRateLimitRetries bounds how often one call waits out a 429. These
	// waits are not failures and do not use up maxTransientRetries.
	maxRateLimitRetries = 5
	// maxRateLimitWait bounds the total time one call spends waiting out
	// 429s; past it the *RateLimitError goes to the caller (a worker
	// re-enqueues with its RetryDelay).
	maxRateLimitWait = 2 * time.Minute
	// rateLimitBackoffBase is the first wait after a 429 without
	// Retry-After.
	rateLimitBackoffBase = 2 * time.Second
	// maxTransientRetries bounds resends of an idempotent call after 5xx,
	// 408, timeouts and connection errors.
	maxTransientRetries = 4
	backoffBase         = 500 * time.Millisecond
	backoffMax          = 30 * time.Second
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
	case isPermanentStatus(status):
		return permanentf("refresh access token: token endpoint answered %d %s", status, code)
	}
	return fmt.Errorf("linkedin: refresh access token: token endpoint answered %d", status)
}

// retryTransport resends after 429 (any request: LinkedIn did not process
// it) and, for idempotent requests only, after 5xx, 408, timeouts and
// connection errors, with exponential backoff and full jitter. Waits run on
// the client's Clock.
type retryTransport struct {
	c    *Client
	next http.RoundTripper
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	idem := isIdempotent(req)
	var rateRetries, transient int
	var rateWaited time.Duration
	r := req
	for {
		resp, err := t.next.RoundTrip(r)
		if ctx.Err() != nil {
			if resp != nil {
				httpx.Drain(resp)
			}
			return nil, ctx.Err()
		}
		var delay time.Duration
		switch {
		case err != nil:
			if errors.Is(err, crm.ErrPermanent) || !idem || transient >= maxTransientRetries {
				return nil, err
			}
			delay = httpx.Backoff(transient, backoffBase, backoffMax)
			transient++
			t.c.log.Warn("retrying after transport error", "method", req.Method, "endpoint", req.URL.Path,
				"error", err.Error(), "retry", transient, "delay", delay)
		case resp.StatusCode == http.StatusTooManyRequests:
			d, ok := httpx.RetryAfter(resp.Header)
			if !ok {
				d = httpx.Backoff(rateRetries, rateLimitBackoffBase, backoffMax)
			}
			if rateRetries >= maxRateLimitRetries || rateWaited+d > maxRateLimitWait {
				return resp, nil
			}
			delay = d
			rateRetries++
			rateWaited += d
			httpx.Drain(resp)
			t.c.log.Info("rate limited, waiting", "method", req.Method, "endpoint", req.URL.Path,
				"retry", rateRetries, "delay", delay)
		case resp.StatusCode >= 500 || resp.StatusCode == http.StatusRequestTimeout:
			if !idem || transient >= maxTransientRetries || resp.StatusCode == http.StatusNotImplemented {
				return resp, nil
			}
			delay = httpx.Backoff(transient, backoffBase, backoffMax)
			transient++
			httpx.Drain(resp)
			t.c.log.Warn("retrying after server error", "method", req.Method, "endpoint", req.URL.Path,
				"status", resp.StatusCode, "retry", transient, "delay", delay)
		default:
			return resp, nil
		}
		next, ok := httpx.Rewind(req)
		if !ok {
			if err != nil {
				return nil, err
			}
			return nil, errors.New("linkedin: request body cannot be replayed for a retry")
		}
		if err := t.c.clock.Sleep(ctx, delay); err != nil {
			return nil, err
		}
		r = next
	}
}
