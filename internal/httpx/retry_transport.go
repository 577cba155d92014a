package httpx

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"
)

// RetryPolicy says when a RetryTransport resends a request and how long it
// waits first. The loop is the same for every connector; a policy holds what
// differs between the outside systems.
type RetryPolicy struct {
	// MaxRateLimitRetries bounds how often one call waits out a 429. These
	// waits are not failures and do not use up MaxTransientRetries.
	MaxRateLimitRetries int
	// MaxRateLimitWait bounds the total time one call spends waiting out
	// 429s; past it the 429 answer goes to the caller.
	MaxRateLimitWait time.Duration
	// MaxTransientRetries bounds resends of an idempotent request after 5xx,
	// 408, timeouts and connection errors.
	MaxTransientRetries int
	// BackoffBase and BackoffMax shape the wait before each transient retry
	// (see Backoff).
	BackoffBase, BackoffMax time.Duration
	// Idempotent reports whether req may be resent after a transient
	// failure. A 429 is resent whatever it says: the service did not process
	// the request. It must not be nil.
	Idempotent func(req *http.Request) bool
	// RateLimitDelay returns how long to wait before resending after the 429
	// resp; n is the number of 429s this call has already waited out. It
	// must not be nil and must leave resp's body readable.
	RateLimitDelay func(resp *http.Response, n int) time.Duration
	// GiveUp, when not nil, reports a 429 that no wait fixes (such as a
	// daily limit): resp then goes to the caller at once. It is asked only
	// when the bounds above allow another wait, and must leave resp's body
	// readable.
	GiveUp func(resp *http.Response) bool
	// RetryStatus, when not nil, reports whether an idempotent request is
	// resent after a 5xx or 408 answer with this status code; nil resends
	// after all of them.
	RetryStatus func(code int) bool
	// Permanent, when not nil, is a kind of transport error (matched with
	// errors.Is) that is never resent, such as a refused refresh token.
	Permanent error
	// ErrNotReplayable is returned when a retry is due after an error answer
	// but the request body cannot be replayed. It must not be nil.
	ErrNotReplayable error
}

// RetryTransport resends a request as its Policy allows: after 429 for any
// request, and for idempotent requests after 5xx, 408, timeouts and
// connection errors, with exponential backoff and jitter. It waits with
// Sleep, so tests control time, and logs each retry to Log.
//
// When the request's context is done it returns the context's error, having
// drained any answer. When the retries are used up it returns the last
// answer (whose body is unread) or transport error.
type RetryTransport struct {
	// Next sends one attempt; it must not be nil.
	Next http.RoundTripper
	// Policy says which attempts are resent.
	Policy RetryPolicy
	// Sleep waits between attempts and returns the context's error when it
	// ends first; nil means the package's Sleep.
	Sleep func(ctx context.Context, d time.Duration) error
	// Log receives a record per retry ("rate limited, waiting", "retrying
	// after server error", "retrying after transport error"); nil discards
	// them.
	Log *slog.Logger
}

// RoundTrip sends req through Next, resending it as the Policy allows.
func (t *RetryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	p := &t.Policy
	idem := p.Idempotent(req)
	log := t.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var rateRetries, transient int
	var rateWaited time.Duration
	r := req
	for {
		resp, err := t.Next.RoundTrip(r)
		if ctx.Err() != nil {
			if resp != nil {
				Drain(resp)
			}
			return nil, ctx.Err()
		}
		var delay time.Duration
		switch {
		case err != nil:
			if (p.Permanent != nil && errors.Is(err, p.Permanent)) || !idem || transient >= p.MaxTransientRetries {
				return nil, err
			}
			delay = Backoff(transient, p.BackoffBase, p.BackoffMax)
			transient++
			log.Warn("retrying after transport error", "method", req.Method, "endpoint", req.URL.Path,
				"error", err.Error(), "retry", transient, "delay", delay)
		case resp.StatusCode == http.StatusTooManyRequests:
			delay = p.RateLimitDelay(resp, rateRetries)
			if rateRetries >= p.MaxRateLimitRetries || rateWaited+delay > p.MaxRateLimitWait ||
				(p.GiveUp != nil && p.GiveUp(resp)) {
				return resp, nil
			}
			rateRetries++
			rateWaited += delay
			Drain(resp)
			log.Info("rate limited, waiting", "method", req.Method, "endpoint", req.URL.Path,
				"retry", rateRetries, "delay", delay)
		case resp.StatusCode >= 500 || resp.StatusCode == http.StatusRequestTimeout:
			if !idem || transient >= p.MaxTransientRetries || (p.RetryStatus != nil && !p.RetryStatus(resp.StatusCode)) {
				return resp, nil
			}
			delay = Backoff(transient, p.BackoffBase, p.BackoffMax)
			transient++
			Drain(resp)
			log.Warn("retrying after server error", "method", req.Method, "endpoint", req.URL.Path,
				"status", resp.StatusCode, "retry", transient, "delay", delay)
		default:
			return resp, nil
		}
		next, ok := Rewind(req)
		if !ok {
			// Not replayable: report what we have.
			if err != nil {
				return nil, err
			}
			return nil, p.ErrNotReplayable
		}
		if err := t.sleep(ctx, delay); err != nil {
			return nil, err
		}
		r = next
	}
}

func (t *RetryTransport) sleep(ctx context.Context, d time.Duration) error {
	if t.Sleep == nil {
		return Sleep(ctx, d)
	}
	return t.Sleep(ctx, d)
}
