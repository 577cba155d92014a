package hubspot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/httpx"
)

// authTransport sets the bearer token, only for the API host so that a
// redirect elsewhere never carries it.
type authTransport struct {
	c      *Client
	next   http.RoundTripper
	host   string
	static string
	tokens *tokenSource
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host != t.host {
		return t.next.RoundTrip(req)
	}
	if t.tokens == nil {
		r := req.Clone(req.Context())
		r.Header.Set("Authorization", "Bearer "+t.static)
		return t.next.RoundTrip(r)
	}
	tok, err := t.tokens.token(req.Context())
	if err != nil {
		return nil, err
	}
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+tok)
	resp, err := t.next.RoundTrip(r)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	// HubSpot says a 401 is no signal to refresh, and we refresh ahead of
	// expiry; but a token revoked or expired early (clock skew) would
	// otherwise fail every call until the next scheduled refresh. Refresh
	// once and resend if the body can be replayed.
	r2, ok := httpx.Rewind(req)
	if !ok {
		return resp, nil
	}
	t.tokens.invalidate(tok)
	tok2, err := t.tokens.token(req.Context())
	if err != nil {
		httpx.Drain(resp)
		return nil, err
	}
	if tok2 == tok {
		return resp, nil
	}
	httpx.Drain(resp)
	r2.Header.Set("Authorization", "Bearer "+tok2)
	return t.next.RoundTrip(r2)
}

// rateLimitTransport waits for room in the client-side windows before each
// attempt and pauses everyone when HubSpot reports the budget spent.
type rateLimitTransport struct {
	c    *Client
	next http.RoundTripper
}

func (t *rateLimitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.c.limiter.wait(req.Context(), kindOf(req)&kindSearch != 0, t.c.mono, t.c.sleep); err != nil {
		return nil, err
	}
	resp, err := t.next.RoundTrip(req)
	if err == nil {
		t.c.limiter.observe(resp.Header, t.c.mono())
	}
	return resp, err
}

// retryPolicy resends after 429 (any request: HubSpot did not process it,
// unless it is for the daily limit) and, for reads only, after 5xx, 408,
// timeouts and connection errors.
var retryPolicy = httpx.RetryPolicy{
	Idempotent:     func(req *http.Request) bool { return kindOf(req)&kindRead != 0 },
	RateLimitDelay: func(resp *http.Response, _ int) time.Duration { return rateLimitDelay(resp.Header) },
	GiveUp:         dailyLimit,
	// How often, and how long in all, one call waits out 429s; past that
	// the *RateLimitError goes to the caller (a worker re-enqueues).
	MaxRateLimitRetries: 10,
	MaxRateLimitWait:    2 * time.Minute,
	// Resends of a read after 5xx, 408, timeouts and connection errors.
	MaxTransientRetries: 4,
	BackoffBase:         250 * time.Millisecond,
	BackoffMax:          8 * time.Second,
	Permanent:           crm.ErrPermanent,
	ErrNotReplayable:    errors.New("request body cannot be replayed for a retry"),
}

// dailyLimit reports whether a 429 is for the daily limit, which no short
// wait fixes. It keeps the body readable for checkResponse.
func dailyLimit(resp *http.Response) bool {
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	var b struct {
		PolicyName string `json:"policyName"`
	}
	return json.Unmarshal(data, &b) == nil && b.PolicyName == "DAILY"
}

// limiter holds the client-side budgets.
type limiter struct {
	general *window
	search  *window

	mu          sync.Mutex
	pausedUntil time.Time
}

func newLimiter(per10s, searchPerSecond int) *limiter {
	return &limiter{
		general: newWindow(per10s, 10*time.Second),
		search:  newWindow(searchPerSecond, time.Second),
	}
}

// wait blocks until a call may be sent: after any pause HubSpot's headers
// imposed, with room in the search window (for search calls) and in the
// general window.
func (l *limiter) wait(ctx context.Context, search bool, now func() time.Time, sleep func(context.Context, time.Duration) error) error {
	for {
		l.mu.Lock()
		d := l.pausedUntil.Sub(now())
		l.mu.Unlock()
		if d <= 0 {
			break
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
	if search {
		if err := l.search.wait(ctx, now, sleep); err != nil {
			return err
		}
	}
	return l.general.wait(ctx, now, sleep)
}

// observe pauses all calls for one interval when HubSpot reports no
// remaining calls in its rolling window.
func (l *limiter) observe(h http.Header, now time.Time) {
	rem, err := strconv.Atoi(h.Get("X-HubSpot-RateLimit-Remaining"))
	if err != nil || rem > 0 {
		return
	}
	ms, err := strconv.Atoi(h.Get("X-HubSpot-RateLimit-Interval-Milliseconds"))
	if err != nil || ms <= 0 {
		return
	}
	until := now.Add(time.Duration(ms) * time.Millisecond)
	l.mu.Lock()
	if until.After(l.pausedUntil) {
		l.pausedUntil = until
	}
	l.mu.Unlock()
}

// window is a sliding-window log: at most max sends in any span of per.
// Unlike a token bucket it never lets a burst exceed max within per, which
// is how HubSpot counts (TEN_SECONDLY_ROLLING).
type window struct {
	mu   sync.Mutex
	per  time.Duration
	ring []time.Time // send times; when full, ring[next] is the oldest
	next int
	n    int
}

func newWindow(max int, per time.Duration) *window {
	return &window{per: per, ring: make([]time.Time, max)}
}

// reserve records a send at now and returns 0, or returns how long to wait.
func (w *window) reserve(now time.Time) time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.n == len(w.ring) {
		if d := w.ring[w.next].Add(w.per).Sub(now); d > 0 {
			return d
		}
	} else {
		w.n++
	}
	w.ring[w.next] = now
	w.next = (w.next + 1) % len(w.ring)
	return 0
}

func (w *window) wait(ctx context.Context, now func() time.Time, sleep func(context.Context, time.Duration) error) error {
	for {
		d := w.reserve(now())
		if d == 0 {
			return nil
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}
