package httpx

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// step is one scripted attempt: an error, or an answer with code.
type step struct {
	code int
	err  error
}

// retryFixture is a RetryTransport over a scripted Next, recording sleeps
// and log messages.
type retryFixture struct {
	rt     *RetryTransport
	mu     sync.Mutex
	calls  int
	sleeps []time.Duration
	logs   bytes.Buffer
}

var (
	errPermanentKind = errors.New("permanent")
	errNotReplayable = errors.New("acme: request body cannot be replayed for a retry")
)

func testPolicy() RetryPolicy {
	return RetryPolicy{
		MaxRateLimitRetries: 3,
		MaxRateLimitWait:    10 * time.Second,
		MaxTransientRetries: 2,
		BackoffBase:         100 * time.Millisecond,
		BackoffMax:          400 * time.Millisecond,
		Idempotent:          func(r *http.Request) bool { return r.Method == http.MethodGet },
		// The n-th wait lasts n+1 seconds, so the sleeps show n.
		RateLimitDelay:   func(_ *http.Response, n int) time.Duration { return time.Duration(n+1) * time.Second },
		GiveUp:           func(resp *http.Response) bool { return resp.Header.Get("X-Daily") != "" },
		RetryStatus:      func(code int) bool { return code != http.StatusNotImplemented },
		Permanent:        errPermanentKind,
		ErrNotReplayable: errNotReplayable,
	}
}

func newRetryFixture(t *testing.T, policy RetryPolicy, steps []step, header http.Header) *retryFixture {
	t.Helper()
	f := &retryFixture{}
	next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.calls >= len(steps) {
			t.Fatalf("attempt %d not scripted", f.calls+1)
		}
		s := steps[f.calls]
		f.calls++
		if r.Body != nil {
			_, _ = io.ReadAll(r.Body) // use up the body as a real send does
		}
		if s.err != nil {
			return nil, s.err
		}
		return &http.Response{StatusCode: s.code, Header: header.Clone(), Request: r,
			Body: io.NopCloser(strings.NewReader("answer"))}, nil
	})
	f.rt = &RetryTransport{
		Next:   next,
		Policy: policy,
		Sleep: func(ctx context.Context, d time.Duration) error {
			f.mu.Lock()
			f.sleeps = append(f.sleeps, d)
			f.mu.Unlock()
			return ctx.Err()
		},
		Log: slog.New(slog.NewTextHandler(&f.logs, &slog.HandlerOptions{
			ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
				if a.Key == slog.TimeKey || a.Key == "delay" {
					return slog.Attr{} // vary between runs
				}
				return a
			},
		})),
	}
	return f
}

func TestRetryTransport(t *testing.T) {
	t.Parallel()
	errConn := errors.New("connection reset")
	errRefused := errors.Join(errPermanentKind, errors.New("refresh token refused"))
	const transient = -1 // in wantSleeps: a backoff wait in [BackoffBase/2, BackoffMax)
	tests := []struct {
		name   string
		method string
		body   io.Reader // nil: none; replayable unless wrapped by io.NopCloser
		header http.Header
		// policy, when not nil, adjusts testPolicy.
		policy func(*RetryPolicy)
		steps  []step
		// wantCode is the status of the answer returned; 0 means an error.
		wantCode   int
		wantErr    error
		wantSleeps []time.Duration
		wantLogs   []string
	}{
		{name: "success", method: "GET", steps: []step{{code: 200}}, wantCode: 200},
		{name: "4xx is not retried", method: "GET", steps: []step{{code: 400}}, wantCode: 400},
		{name: "429 waited out", method: "GET", steps: []step{{code: 429}, {code: 429}, {code: 200}}, wantCode: 200,
			wantSleeps: []time.Duration{time.Second, 2 * time.Second},
			wantLogs:   []string{`level=INFO msg="rate limited, waiting" method=GET endpoint=/v1/x retry=1`, `retry=2`}},
		{name: "429 of a write is resent", method: "POST", body: strings.NewReader(`{"a":1}`),
			steps: []step{{code: 429}, {code: 201}}, wantCode: 201, wantSleeps: []time.Duration{time.Second}},
		{name: "429 retries bounded", method: "GET", policy: func(p *RetryPolicy) { p.MaxRateLimitWait = time.Hour },
			steps: []step{{code: 429}, {code: 429}, {code: 429}, {code: 429}}, wantCode: 429,
			wantSleeps: []time.Duration{time.Second, 2 * time.Second, 3 * time.Second}},
		// 1s + 2s fit the budget, a third wait of 3s does not.
		{name: "429 wait budget", method: "GET", policy: func(p *RetryPolicy) { p.MaxRateLimitRetries, p.MaxRateLimitWait = 10, 5*time.Second },
			steps: []step{{code: 429}, {code: 429}, {code: 429}}, wantCode: 429,
			wantSleeps: []time.Duration{time.Second, 2 * time.Second}},
		{name: "429 given up", method: "GET", header: http.Header{"X-Daily": {"1"}}, steps: []step{{code: 429}}, wantCode: 429},
		{name: "5xx of a read retried", method: "GET", steps: []step{{code: 500}, {code: 503}, {code: 200}}, wantCode: 200,
			wantSleeps: []time.Duration{transient, transient},
			wantLogs:   []string{`level=WARN msg="retrying after server error" method=GET endpoint=/v1/x status=500 retry=1`, `status=503 retry=2`}},
		{name: "408 of a read retried", method: "GET", steps: []step{{code: 408}, {code: 200}}, wantCode: 200,
			wantSleeps: []time.Duration{transient}},
		{name: "5xx retries bounded", method: "GET", steps: []step{{code: 502}, {code: 502}, {code: 502}}, wantCode: 502,
			wantSleeps: []time.Duration{transient, transient}},
		{name: "5xx of a write not retried", method: "POST", body: strings.NewReader("x"), steps: []step{{code: 500}}, wantCode: 500},
		{name: "status the policy refuses", method: "GET", steps: []step{{code: 501}}, wantCode: 501},
		{name: "transport error of a read retried", method: "GET", steps: []step{{err: errConn}, {code: 200}}, wantCode: 200,
			wantSleeps: []time.Duration{transient},
			wantLogs:   []string{`level=WARN msg="retrying after transport error" method=GET endpoint=/v1/x error="connection reset" retry=1`}},
		{name: "transport errors bounded", method: "GET", steps: []step{{err: errConn}, {err: errConn}, {err: errConn}},
			wantErr: errConn, wantSleeps: []time.Duration{transient, transient}},
		{name: "transport error of a write", method: "POST", steps: []step{{err: errConn}}, wantErr: errConn},
		{name: "permanent transport error", method: "GET", steps: []step{{err: errRefused}}, wantErr: errRefused},
		{name: "body not replayable after 429", method: "POST", body: io.NopCloser(strings.NewReader("x")),
			steps: []step{{code: 429}}, wantErr: errNotReplayable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			policy := testPolicy()
			if tt.policy != nil {
				tt.policy(&policy)
			}
			f := newRetryFixture(t, policy, tt.steps, tt.header)
			req, _ := http.NewRequest(tt.method, "http://api.test/v1/x?q=1", tt.body)
			resp, err := f.rt.RoundTrip(req)
			if tt.wantCode == 0 {
				if !errors.Is(err, tt.wantErr) || resp != nil {
					t.Fatalf("RoundTrip = %v, %v; want error %v", resp, err, tt.wantErr)
				}
			} else {
				if err != nil || resp.StatusCode != tt.wantCode {
					t.Fatalf("RoundTrip = %v, %v; want status %d", resp, err, tt.wantCode)
				}
				if data, _ := io.ReadAll(resp.Body); string(data) != "answer" {
					t.Errorf("the answer's body = %q, want it unread", data)
				}
			}
			if f.calls != len(tt.steps) {
				t.Errorf("%d attempts, want %d", f.calls, len(tt.steps))
			}
			if len(f.sleeps) != len(tt.wantSleeps) {
				t.Fatalf("sleeps %v, want %v", f.sleeps, tt.wantSleeps)
			}
			for i, want := range tt.wantSleeps {
				got := f.sleeps[i]
				if want == transient {
					if got < policy.BackoffBase/2 || got >= policy.BackoffMax {
						t.Errorf("sleep %d = %v, want a backoff in [%v, %v)", i, got, policy.BackoffBase/2, policy.BackoffMax)
					}
				} else if got != want {
					t.Errorf("sleep %d = %v, want %v", i, got, want)
				}
			}
			for _, want := range tt.wantLogs {
				if !strings.Contains(f.logs.String(), want) {
					t.Errorf("log\n%s\nlacks %q", f.logs.String(), want)
				}
			}
			if strings.Contains(f.logs.String(), "q=1") {
				t.Errorf("log quotes the query:\n%s", f.logs.String())
			}
		})
	}
}

func TestRetryTransportContext(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// cancelIn: "send" cancels during the attempt, "sleep" during the wait.
		cancelIn string
		steps    []step
		wantSent int
	}{
		{name: "cancelled during the attempt", cancelIn: "send", steps: []step{{code: 200}}, wantSent: 1},
		{name: "cancelled while waiting out a 429", cancelIn: "sleep", steps: []step{{code: 429}}, wantSent: 1},
		{name: "cancelled while backing off", cancelIn: "sleep", steps: []step{{code: 503}}, wantSent: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var sent int
			var body *closeRecorder
			rt := &RetryTransport{
				Next: roundTripFunc(func(r *http.Request) (*http.Response, error) {
					s := tt.steps[sent]
					sent++
					if tt.cancelIn == "send" {
						cancel()
					}
					body = &closeRecorder{Reader: strings.NewReader("answer")}
					return &http.Response{StatusCode: s.code, Header: http.Header{}, Body: body, Request: r}, nil
				}),
				Policy: testPolicy(),
				Sleep: func(ctx context.Context, d time.Duration) error {
					cancel()
					return Sleep(ctx, d)
				},
			}
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://api.test/v1/x", nil)
			resp, err := rt.RoundTrip(req)
			if resp != nil || !errors.Is(err, context.Canceled) {
				t.Fatalf("RoundTrip = %v, %v; want context.Canceled", resp, err)
			}
			if sent != tt.wantSent {
				t.Errorf("%d attempts, want %d", sent, tt.wantSent)
			}
			if !body.closed {
				t.Error("the answer's body was not closed")
			}
		})
	}
}

func TestRetryTransportDefaults(t *testing.T) {
	t.Parallel()
	// Without Sleep and Log it waits with the package's Sleep and logs
	// nowhere; without GiveUp, RetryStatus and Permanent it retries all.
	policy := testPolicy()
	policy.GiveUp, policy.RetryStatus, policy.Permanent = nil, nil, nil
	policy.RateLimitDelay = func(*http.Response, int) time.Duration { return time.Millisecond }
	policy.BackoffBase, policy.BackoffMax = 2*time.Millisecond, 2*time.Millisecond
	var codes []int
	script := []int{429, 501, 200}
	rt := &RetryTransport{
		Next: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			code := script[len(codes)]
			codes = append(codes, code)
			return &http.Response{StatusCode: code, Header: http.Header{"X-Daily": {"1"}}, Body: http.NoBody, Request: r}, nil
		}),
		Policy: policy,
	}
	req, _ := http.NewRequest(http.MethodGet, "http://api.test/v1/x", nil)
	resp, err := rt.RoundTrip(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("RoundTrip = %v, %v", resp, err)
	}
	if !slices.Equal(codes, script) {
		t.Errorf("answers %v, want %v", codes, script)
	}
}
