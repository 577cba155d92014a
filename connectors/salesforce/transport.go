package salesforce

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/httpx"
)

// authTransport points a request at the token's instance and sets the
// bearer token. A 401 INVALID_SESSION_ID (the session timed out or was
// revoked) gets one new token and one resend; a second 401 goes to the
// caller, whose error says to reconnect.
type authTransport struct {
	c    *Client
	next http.RoundTripper
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	tok, inst, err := t.c.tokens.token(req.Context())
	if err != nil {
		return nil, err
	}
	resp, err := t.next.RoundTrip(t.prepare(req, tok, inst.Scheme, inst.Host))
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	r2, ok := httpx.Rewind(req)
	if !ok {
		return resp, nil
	}
	t.c.tokens.invalidate(tok)
	tok2, inst2, err := t.c.tokens.token(req.Context())
	if err != nil {
		httpx.Drain(resp)
		return nil, err
	}
	httpx.Drain(resp)
	return t.next.RoundTrip(t.prepare(r2, tok2, inst2.Scheme, inst2.Host))
}

// prepare returns a copy of req on the instance with the token. Only a
// request for the placeholder host (built by the client) or the instance
// itself carries the token.
func (t *authTransport) prepare(req *http.Request, tok, scheme, host string) *http.Request {
	r := req.Clone(req.Context())
	if r.URL.Host == placeholderHost {
		r.URL.Scheme, r.URL.Host, r.Host = scheme, host, ""
	}
	if r.URL.Host == host {
		r.Header.Set("Authorization", "Bearer "+tok)
	}
	return r
}

// requestLockRetries is how often a request Salesforce refused as a whole with
// UNABLE_TO_LOCK_ROW is sent again, lockBackoff the first wait (doubled
// each time): another transaction holds a row the request touches, for a
// moment.
const (
	requestLockRetries = 3
	lockBackoff        = 500 * time.Millisecond
)

// lockTransport resends a request refused as a whole (a non-2xx answer)
// with UNABLE_TO_LOCK_ROW, at most requestLockRetries times with growing waits.
// The connector's writes set absolute values, so a resend is safe; the
// last refusal goes to the caller (a temporary error, see
// ErrorResponse.RetryDelay).
type lockTransport struct {
	c    *Client
	next http.RoundTripper
}

func (t *lockTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req
	for attempt := 0; ; attempt++ {
		resp, err := t.next.RoundTrip(r)
		if err != nil || resp.StatusCode < 400 || resp.StatusCode >= 500 || attempt >= requestLockRetries {
			return resp, err
		}
		locked, err := peekCode(resp, codeUnableToLockRow)
		if err != nil || !locked {
			return resp, err
		}
		next, ok := httpx.Rewind(req)
		if !ok {
			return resp, nil
		}
		httpx.Drain(resp)
		delay := lockBackoff << attempt
		t.c.log.Info("row locked by another transaction; sending the request again", "method", req.Method,
			"endpoint", req.URL.Path, "retry", attempt+1, "delay", delay)
		if err := t.c.sleep(req.Context(), delay); err != nil {
			return nil, err
		}
		r = next
	}
}

// peekCode reports whether resp's error body names code, leaving the body
// readable from its start.
func peekCode(resp *http.Response, code string) (bool, error) {
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	if err != nil {
		return false, err
	}
	var errs []APIError
	if json.Unmarshal(data, &errs) != nil {
		var one APIError
		if json.Unmarshal(data, &one) != nil {
			return false, nil
		}
		errs = []APIError{one}
	}
	for _, e := range errs {
		if e.Code() == code {
			return true, nil
		}
	}
	return false, nil
}

// limitTransport reads Sforce-Limit-Info from every answer.
type limitTransport struct {
	c    *Client
	next http.RoundTripper
}

func (t *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err == nil {
		if used, limit, ok := parseLimitInfo(resp.Header.Get("Sforce-Limit-Info")); ok {
			t.c.usage.observe(used, limit, t.c.log)
		}
	}
	return resp, err
}

// parseLimitInfo reads "api-usage=N/M" from a Sforce-Limit-Info value
// ("api-usage=18/5000; per-app-api-usage=17/250(appName=x)").
func parseLimitInfo(v string) (used, limit int, ok bool) {
	for part := range strings.SplitSeq(v, ";") {
		k, val, found := strings.Cut(strings.TrimSpace(part), "=")
		if !found || k != "api-usage" {
			continue
		}
		a, b, found := strings.Cut(val, "/")
		if !found {
			return 0, 0, false
		}
		u, err1 := strconv.Atoi(strings.TrimSpace(a))
		m, err2 := strconv.Atoi(strings.TrimSpace(b))
		if err1 != nil || err2 != nil || m <= 0 || u < 0 {
			return 0, 0, false
		}
		return u, m, true
	}
	return 0, 0, false
}

// usage is the org's daily API usage as last announced.
type usage struct {
	mu             sync.Mutex
	used, limit    int
	warned         bool
	warnAt, stopAt float64
}

func (u *usage) observe(used, limit int, log interface {
	Warn(msg string, args ...any)
}) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.used, u.limit = used, limit
	share := float64(used) / float64(limit)
	if share >= u.warnAt && !u.warned {
		u.warned = true
		log.Warn("Salesforce daily API usage is high", "used", used, "limit", limit, "share", fmt.Sprintf("%.0f%%", share*100))
	} else if share < u.warnAt {
		u.warned = false // a new day's allowance
	}
}

// APIUsage returns the org's daily API calls used and allowed as last
// announced in Sforce-Limit-Info (0, 0 before the first answer).
func (c *Client) APIUsage() (used, limit int) {
	c.usage.mu.Lock()
	defer c.usage.mu.Unlock()
	return c.usage.used, c.usage.limit
}

// retryPolicy resends every request after 5xx, 408, timeouts and
// connection errors: the connector's reads are GETs, its updates and
// upserts set absolute values (a resend writes the same values again), and
// creating a field that exists answers DUPLICATE_DEVELOPER_NAME, which
// counts as done.
var retryPolicy = httpx.RetryPolicy{
	Idempotent: func(*http.Request) bool { return true },
	RateLimitDelay: func(resp *http.Response, _ int) time.Duration {
		if d, ok := httpx.RetryAfter(resp.Header); ok {
			return d
		}
		return time.Second
	},
	MaxRateLimitRetries: 5,
	MaxRateLimitWait:    time.Minute,
	MaxTransientRetries: 4,
	BackoffBase:         250 * time.Millisecond,
	BackoffMax:          8 * time.Second,
	Permanent:           crm.ErrPermanent,
	ErrNotReplayable:    errors.New("request body cannot be replayed for a retry"),
}

// sleepCtx is the client's wait, replaced in tests.
func (c *Client) wait(ctx context.Context, d time.Duration) error { return c.sleep(ctx, d) }
