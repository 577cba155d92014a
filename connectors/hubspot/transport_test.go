package hubspot

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/httpx"
)

const rateLimitBody = `{"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT","correlationId":"x","policyName":"TEN_SECONDLY_ROLLING"}`

// scripted answers the i-th request with steps[i] (the last step repeats).
func scripted(attempts *atomic.Int32, steps ...func(w http.ResponseWriter, r *http.Request)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		i := int(attempts.Add(1)) - 1
		steps[min(i, len(steps)-1)](w, r)
	}
}

func status(code int, body string, hdr ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(hdr); i += 2 {
			w.Header().Set(hdr[i], hdr[i+1])
		}
		w.WriteHeader(code)
		w.Write([]byte(body))
	}
}

var ok200 = status(200, `{"results":[],"status":"COMPLETE"}`)

// call kinds used below.
var (
	listCall = func(c *Client) error {
		_, _, err := c.List(context.Background(), "contacts", nil)
		return err
	}
	searchCall = func(c *Client) error {
		_, _, err := c.Search(context.Background(), "contacts", &SearchRequest{})
		return err
	}
	assocCall = func(c *Client) error {
		_, err := c.BatchReadAssociations(context.Background(), "contacts", "companies", []string{"1"})
		return err
	}
	updateCall = func(c *Client) error {
		_, err := c.BatchUpdate(context.Background(), crm.Companies, []crm.Update{{ID: "1", Properties: map[string]string{"a": "b"}}})
		return err
	}
)

func TestRetry(t *testing.T) {
	t.Parallel()
	hang := func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // the server notices a closed connection only after the body
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}
	tests := []struct {
		name     string
		call     func(*Client) error
		steps    []func(http.ResponseWriter, *http.Request)
		timeout  time.Duration
		attempts int32
		wantErr  func(error) bool
		sleeps   []time.Duration // exact waits, when deterministic
	}{
		{name: "429 Retry-After then success", call: listCall,
			steps:    []func(http.ResponseWriter, *http.Request){status(429, rateLimitBody, "Retry-After", "1"), ok200},
			attempts: 2, sleeps: []time.Duration{time.Second}},
		{name: "429 interval header then success", call: updateCall,
			steps:    []func(http.ResponseWriter, *http.Request){status(429, rateLimitBody, "X-HubSpot-RateLimit-Interval-Milliseconds", "250", "X-HubSpot-RateLimit-Remaining", "0"), ok200},
			attempts: 2},
		{name: "429 on a write is resent", call: updateCall,
			steps:    []func(http.ResponseWriter, *http.Request){status(429, rateLimitBody), status(429, rateLimitBody), ok200},
			attempts: 3, sleeps: []time.Duration{time.Second, time.Second}},
		{name: "429 forever gives up with RateLimitError", call: listCall,
			steps:    []func(http.ResponseWriter, *http.Request){status(429, rateLimitBody, "Retry-After", "2")},
			attempts: int32(retryPolicy.MaxRateLimitRetries + 1),
			wantErr: func(err error) bool {
				var rl *RateLimitError
				return errors.As(err, &rl) && rl.RetryAfter == 2*time.Second && errors.Is(err, crm.ErrRateLimited) && !errors.Is(err, crm.ErrPermanent)
			}},
		{name: "429 daily is not waited out", call: listCall,
			steps:    []func(http.ResponseWriter, *http.Request){status(429, `{"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","policyName":"DAILY"}`)},
			attempts: 1,
			wantErr: func(err error) bool {
				var rl *RateLimitError
				return errors.As(err, &rl) && rl.Policy == "DAILY"
			}},
		{name: "5xx on GET retried", call: listCall,
			steps:    []func(http.ResponseWriter, *http.Request){status(502, "<html>bad gateway</html>"), status(503, ""), ok200},
			attempts: 3},
		{name: "5xx on search retried", call: searchCall,
			steps:    []func(http.ResponseWriter, *http.Request){status(500, `{"status":"error","message":"boom"}`), ok200},
			attempts: 2},
		{name: "5xx on associations batch read retried", call: assocCall,
			steps:    []func(http.ResponseWriter, *http.Request){status(500, `{}`), ok200},
			attempts: 2},
		{name: "5xx on batch update not retried", call: updateCall,
			steps:    []func(http.ResponseWriter, *http.Request){status(500, `{"status":"error","message":"boom"}`), ok200},
			attempts: 1,
			wantErr: func(err error) bool {
				var er *ErrorResponse
				return errors.As(err, &er) && er.StatusCode == 500 && !errors.Is(err, crm.ErrPermanent)
			}},
		{name: "5xx on GET gives up", call: listCall,
			steps:    []func(http.ResponseWriter, *http.Request){status(500, `{}`)},
			attempts: int32(retryPolicy.MaxTransientRetries + 1),
			wantErr:  func(err error) bool { var er *ErrorResponse; return errors.As(err, &er) && er.StatusCode == 500 }},
		{name: "4xx not retried", call: listCall,
			steps:    []func(http.ResponseWriter, *http.Request){status(400, `{"status":"error","message":"bad","category":"VALIDATION_ERROR"}`)},
			attempts: 1,
			wantErr:  func(err error) bool { return errors.Is(err, crm.ErrPermanent) }},
		{name: "timeout on GET retried", call: listCall, timeout: 50 * time.Millisecond,
			steps:    []func(http.ResponseWriter, *http.Request){hang, ok200},
			attempts: 2},
		{name: "timeout on batch update not retried", call: updateCall, timeout: 50 * time.Millisecond,
			steps:    []func(http.ResponseWriter, *http.Request){hang, ok200},
			attempts: 1,
			wantErr:  func(err error) bool { return err != nil && !errors.Is(err, crm.ErrPermanent) }},
		{name: "connection reset on GET retried", call: listCall,
			steps: []func(http.ResponseWriter, *http.Request){func(w http.ResponseWriter, r *http.Request) {
				conn, _, _ := w.(http.Hijacker).Hijack()
				conn.Close()
			}, ok200},
			attempts: 2},
		{name: "garbage 200 body", call: listCall,
			steps:    []func(http.ResponseWriter, *http.Request){status(200, "<html>maintenance</html>")},
			attempts: 1,
			wantErr: func(err error) bool {
				var de *DecodeError
				var tmp crm.Temporary
				return errors.As(err, &de) && errors.As(err, &tmp) && !errors.Is(err, crm.ErrPermanent) &&
					strings.Contains(err.Error(), "GET /crm/objects/2026-03/contacts")
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var attempts atomic.Int32
			c, clk := handlerClient(t, scripted(&attempts, tt.steps...))
			if tt.timeout > 0 {
				setAttemptTimeout(c, tt.timeout)
			}
			err := tt.call(c)
			if tt.wantErr == nil && err != nil {
				t.Fatalf("err = %v", err)
			}
			if tt.wantErr != nil && !tt.wantErr(err) {
				t.Fatalf("unexpected err = %v", err)
			}
			if got := attempts.Load(); got != tt.attempts {
				t.Errorf("attempts = %d, want %d", got, tt.attempts)
			}
			if got := c.Calls(); got != int64(tt.attempts) {
				t.Errorf("Calls = %d, want %d", got, tt.attempts)
			}
			if tt.sleeps != nil {
				clk.mu.Lock()
				got := clk.sleeps
				clk.mu.Unlock()
				if len(got) != len(tt.sleeps) {
					t.Fatalf("sleeps = %v, want %v", got, tt.sleeps)
				}
				for i := range got {
					if got[i] != tt.sleeps[i] {
						t.Errorf("sleeps = %v, want %v", got, tt.sleeps)
					}
				}
			}
			if err != nil && strings.Contains(err.Error(), "pat-test-secret-token") {
				t.Errorf("error %q contains the token", err)
			}
		})
	}
}

// TestRetryAfterRealTime waits out a real (short) 429 interval without a
// fake clock.
func TestRetryAfterRealTime(t *testing.T) {
	t.Parallel()
	var attempts atomic.Int32
	c, _ := handlerClient(t, scripted(&attempts,
		status(429, rateLimitBody, "X-HubSpot-RateLimit-Interval-Milliseconds", "30"), ok200))
	c.mono, c.sleep = time.Now, httpx.Sleep
	start := time.Now()
	if err := listCall(c); err != nil {
		t.Fatal(err)
	}
	if attempts.Load() != 2 || time.Since(start) < 30*time.Millisecond {
		t.Errorf("attempts %d after %v", attempts.Load(), time.Since(start))
	}
}

func TestRetryRespectsContext(t *testing.T) {
	t.Parallel()
	var attempts atomic.Int32
	c, _ := handlerClient(t, scripted(&attempts, status(429, rateLimitBody, "Retry-After", "60")))
	c.mono, c.sleep = time.Now, httpx.Sleep
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, err := c.List(ctx, "contacts", nil)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("err = %v after %v", err, time.Since(start))
	}
}

func TestRateLimiter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		per10s    int
		perSecond int
		calls     int
		call      func(*Client) error
		minWait   time.Duration
		maxWait   time.Duration
	}{
		{"under the budget", 5, 5, 5, listCall, 0, 0},
		{"general window", 3, 100, 7, listCall, 20 * time.Second, 20 * time.Second},
		{"search window", 100, 2, 5, searchCall, 2 * time.Second, 2 * time.Second},
		{"search counts in general window", 2, 100, 3, searchCall, 10 * time.Second, 10 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var attempts atomic.Int32
			c, clk := handlerClient(t, scripted(&attempts, ok200), func(cfg *Config) {
				cfg.RequestsPer10s, cfg.SearchPerSecond = tt.per10s, tt.perSecond
			})
			for range tt.calls {
				if err := tt.call(c); err != nil {
					t.Fatal(err)
				}
			}
			_, waited := clk.Slept()
			if waited < tt.minWait || waited > tt.maxWait {
				t.Errorf("waited %v, want %v..%v", waited, tt.minWait, tt.maxWait)
			}
		})
	}
}

// TestRateLimitHeaders pauses when HubSpot says the budget is spent.
func TestRateLimitHeaders(t *testing.T) {
	t.Parallel()
	var attempts atomic.Int32
	c, clk := handlerClient(t, scripted(&attempts,
		status(200, `{"results":[]}`, "X-HubSpot-RateLimit-Remaining", "0", "X-HubSpot-RateLimit-Interval-Milliseconds", "10000", "X-HubSpot-RateLimit-Max", "100"),
		status(200, `{"results":[]}`, "X-HubSpot-RateLimit-Remaining", "99", "X-HubSpot-RateLimit-Interval-Milliseconds", "10000")))
	for range 3 {
		if err := listCall(c); err != nil {
			t.Fatal(err)
		}
	}
	if n, waited := clk.Slept(); n != 1 || waited != 10*time.Second {
		t.Errorf("slept %d times, %v; want once, 10s", n, waited)
	}
}

func TestAuthHeaderOnlyForAPIHost(t *testing.T) {
	t.Parallel()
	var leaked atomic.Value
	var elsewhereURL string
	elsewhere, _ := handlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		leaked.Store(r.Header.Get("Authorization"))
		w.Write([]byte(`{"results":[]}`))
	})
	elsewhereURL = elsewhere.base.String()
	c, _ := handlerClient(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhereURL+r.URL.Path, http.StatusTemporaryRedirect)
	})
	if err := listCall(c); err != nil {
		t.Fatal(err)
	}
	if v, _ := leaked.Load().(string); v != "" {
		t.Errorf("redirect target got Authorization %q", v)
	}
}
