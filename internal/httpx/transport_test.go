package httpx

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// roundTripFunc adapts a function to http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// closeRecorder is a body that records whether it was closed.
type closeRecorder struct {
	io.Reader
	closed bool
}

func (b *closeRecorder) Close() error { b.closed = true; return nil }

func TestCountTransport(t *testing.T) {
	t.Parallel()
	errSend := errors.New("connection reset")
	tests := []struct {
		name    string
		calls   bool
		timeout time.Duration
		err     error
		// wantDeadline: the attempt's context has a deadline of its own.
		wantDeadline bool
	}{
		{name: "no timeout", calls: true},
		{name: "negative timeout", calls: true, timeout: -time.Second},
		{name: "timeout", calls: true, timeout: time.Hour, wantDeadline: true},
		{name: "timeout, send fails", calls: true, timeout: time.Hour, err: errSend, wantDeadline: true},
		{name: "nil Calls", timeout: time.Hour, wantDeadline: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var attemptCtx context.Context
			body := &closeRecorder{Reader: strings.NewReader("ok")}
			next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				attemptCtx = r.Context()
				if tt.err != nil {
					return nil, tt.err
				}
				return &http.Response{StatusCode: 200, Body: body, Request: r}, nil
			})
			var calls atomic.Int64
			ct := &CountTransport{Next: next, Timeout: tt.timeout}
			if tt.calls {
				ct.Calls = &calls
			}
			ctx, outer := WithCounter(context.Background())
			ctx, inner := WithCounter(ctx)
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://api.test/x", nil)

			resp, err := ct.RoundTrip(req)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if _, ok := attemptCtx.Deadline(); ok != tt.wantDeadline {
				t.Errorf("attempt deadline set = %v, want %v", ok, tt.wantDeadline)
			}
			if tt.calls && calls.Load() != 1 {
				t.Errorf("Calls = %d, want 1", calls.Load())
			}
			if inner.Count() != 1 || outer.Count() != 1 {
				t.Errorf("counters inner %d outer %d, want 1 and 1", inner.Count(), outer.Count())
			}
			if tt.err != nil {
				if resp != nil {
					t.Errorf("resp = %v, want nil", resp)
				}
				if attemptCtx.Err() == nil {
					t.Error("the attempt's context was not released after a failed send")
				}
				return
			}
			if tt.wantDeadline && attemptCtx.Err() != nil {
				t.Fatal("the attempt's context was released before the body was closed")
			}
			if err := resp.Body.Close(); err != nil {
				t.Fatal(err)
			}
			if !body.closed {
				t.Error("the underlying body was not closed")
			}
			if tt.wantDeadline && !errors.Is(attemptCtx.Err(), context.Canceled) {
				t.Errorf("after Close the attempt's context err = %v, want context.Canceled", attemptCtx.Err())
			}
		})
	}
}

func TestCountTransportTimeout(t *testing.T) {
	t.Parallel()
	next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		<-r.Context().Done()
		return nil, r.Context().Err()
	})
	ct := &CountTransport{Next: next, Timeout: time.Millisecond}
	req, _ := http.NewRequest(http.MethodGet, "http://api.test/slow", nil)
	if _, err := ct.RoundTrip(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestWithCounter(t *testing.T) {
	t.Parallel()
	ct := &CountTransport{Next: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Body: http.NoBody}, nil
	})}
	send := func(ctx context.Context, n int) {
		for range n {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://api.test/", nil)
			if _, err := ct.RoundTrip(req); err != nil {
				t.Fatal(err)
			}
		}
	}
	root, top := WithCounter(context.Background())
	a, childA := WithCounter(root)
	b, childB := WithCounter(root)
	aa, grandchild := WithCounter(a)
	send(root, 1)
	send(a, 2)
	send(b, 3)
	send(aa, 4)
	send(context.Background(), 5) // counted by no Counter

	tests := []struct {
		name string
		cc   *Counter
		want int
	}{
		{"top counts everything beneath it", top, 1 + 2 + 3 + 4},
		{"child A and its grandchild", childA, 2 + 4},
		{"child B alone", childB, 3},
		{"grandchild", grandchild, 4},
	}
	for _, tt := range tests {
		if got := tt.cc.Count(); got != tt.want {
			t.Errorf("%s: Count = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestNoRedirect(t *testing.T) {
	t.Parallel()
	if err := NoRedirect(nil, nil); !errors.Is(err, http.ErrUseLastResponse) {
		t.Fatalf("NoRedirect = %v, want http.ErrUseLastResponse", err)
	}
}
