package httpx

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ParseRetryAfter parses a Retry-After value: delay-seconds (fractions
// accepted) or an HTTP date, a date in the past giving 0. It reports false
// for an empty or unparsable value. It does not trim v.
func ParseRetryAfter(v string) (time.Duration, bool) {
	if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

// RetryAfter parses the Retry-After header of h, trimmed of surrounding
// white space, as ParseRetryAfter does.
func RetryAfter(h http.Header) (time.Duration, bool) {
	return ParseRetryAfter(strings.TrimSpace(h.Get("Retry-After")))
}

// Backoff returns the wait before retry n (0 for the first): base doubled n
// times, capped at ceil, with full jitter in [d/2, d). base and ceil must be
// positive, ceil at least 2ns.
func Backoff(n int, base, ceil time.Duration) time.Duration {
	d := base << n
	if d > ceil || d <= 0 {
		d = ceil
	}
	return d/2 + rand.N(d/2)
}

// Rewind returns a copy of req with a fresh body for a resend, or false when
// the body cannot be replayed (no GetBody, or GetBody failed).
func Rewind(req *http.Request) (*http.Request, bool) {
	r := req.Clone(req.Context())
	if req.Body == nil || req.Body == http.NoBody {
		return r, true
	}
	if req.GetBody == nil {
		return nil, false
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, false
	}
	r.Body = body
	return r, true
}

// Drain reads and discards up to 64 KiB of resp's body, so the connection
// can be reused, and closes it.
func Drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
}

// Sleep waits d or until ctx is done, returning ctx.Err() then. With d zero
// or less it returns ctx.Err() at once.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
