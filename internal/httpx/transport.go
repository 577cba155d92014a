package httpx

import (
	"context"
	"io"
	"net/http"
	"sync/atomic"
	"time"
)

// CountTransport is the innermost layer of a connector's transport stack:
// it counts every HTTP attempt, in Calls and in the Counter the request's
// context carries (see WithCounter), and bounds each attempt with Timeout.
//
// The timeout covers the whole attempt, reading the body included: its
// context is released when the response body is closed, so callers must
// close it (as they must anyway).
type CountTransport struct {
	// Next sends the request; it must not be nil.
	Next http.RoundTripper
	// Calls, when not nil, is incremented once per attempt.
	Calls *atomic.Int64
	// Timeout bounds one attempt (typically the caller's
	// http.Client.Timeout); zero or less means no bound of its own.
	Timeout time.Duration
}

// RoundTrip counts the attempt and sends req through Next under Timeout.
func (t *CountTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.Calls != nil {
		t.Calls.Add(1)
	}
	if cc, _ := req.Context().Value(counterKey{}).(*Counter); cc != nil {
		cc.add()
	}
	if t.Timeout <= 0 {
		return t.Next.RoundTrip(req)
	}
	ctx, cancel := context.WithTimeout(req.Context(), t.Timeout)
	resp, err := t.Next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cancel()
		return nil, err
	}
	resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelBody releases the attempt's timeout context when the body is closed.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// Counter counts the HTTP attempts made under one context (one page pull,
// one batch update) and everything nested in it. CountTransport does the
// counting; a Counter is safe for concurrent use.
type Counter struct {
	n      atomic.Int64
	parent *Counter
}

type counterKey struct{}

// WithCounter returns a context carrying a new Counter, and the Counter.
// Attempts made under the returned context count in the new Counter and in
// every Counter of the contexts it derives from.
func WithCounter(ctx context.Context) (context.Context, *Counter) {
	parent, _ := ctx.Value(counterKey{}).(*Counter)
	cc := &Counter{parent: parent}
	return context.WithValue(ctx, counterKey{}, cc), cc
}

func (cc *Counter) add() {
	for ; cc != nil; cc = cc.parent {
		cc.n.Add(1)
	}
}

// Count returns the number of attempts counted so far.
func (cc *Counter) Count() int { return int(cc.n.Load()) }

// NoRedirect is an http.Client.CheckRedirect that hands a redirect back to
// the caller instead of following it.
func NoRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
