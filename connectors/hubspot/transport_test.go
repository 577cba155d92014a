package hubspot

import (
	"cmp"
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/clocktest"
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
	createPropertyCall = func(c *Client) error {
		_, _, err := c.CreateProperty(context.Background(), "companies", Property{Name: "abm_x", Label: "x", Type: "string", FieldType: "text"})
		return err
	}
	createGroupCall = func(c *Client) error {
		_, _, err := c.CreatePropertyGroup(context.Background(), "companies", PropertyGroup{Name: "abm", Label: "abm"})
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
		{name: "5xx on property creation retried", call: createPropertyCall,
			steps:    []func(http.ResponseWriter, *http.Request){status(500, `{"status":"error","message":"boom"}`), status(502, "<html>bad gateway</html>"), ok200},
			attempts: 3},
		{name: "5xx on property group creation retried", call: createGroupCall,
			steps:    []func(http.ResponseWriter, *http.Request){status(503, ""), ok200},
			attempts: 2},
		{name: "timeout on property creation retried", call: createPropertyCall, timeout: 50 * time.Millisecond,
			steps:    []func(http.ResponseWriter, *http.Request){hang, ok200},
			attempts: 2},
		{name: "4xx on property creation not retried", call: createPropertyCall,
			steps:    []func(http.ResponseWriter, *http.Request){status(409, `{"status":"error","message":"Property named 'abm_x' already exists.","category":"OBJECT_ALREADY_EXISTS"}`), ok200},
			attempts: 1,
			wantErr:  func(err error) bool { return isConflict(err) && errors.Is(err, crm.ErrPermanent) }},
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
				got := clk.Sleeps()
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

// TestRateLimitHeaders: an answer with X-HubSpot-RateLimit-Remaining: 0
// that the client's own calls do not explain (another process used the
// budget) holds the next call back for the interval.
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

// portalSetup starts a fake portal whose rate limits count in the client's
// fake time, so that budgets of many seconds run in no real time: the
// rolling limit allows portalMax calls per 10 s (0: none), the client
// caps itself at capPer10s (0: follow the portal) and keeps the default
// search budget.
func portalSetup(t *testing.T, portalMax, capPer10s int) *bundle {
	t.Helper()
	var clk *clocktest.Fake // the client's, set below before any request
	b := setup(t, hubspottest.GenOptions{Companies: 1, Contacts: 1}, func(cfg *Config, o *hubspottest.Options) {
		cfg.RequestsPer10s = capPer10s
		cfg.SearchPerSecond = 0
		o.RateLimitMax = portalMax
		o.RateLimitClock = func() time.Time { return clk.Now() }
	})
	clk = b.clk
	return b
}

// callsPerSecond makes calls until the fake clock reaches span from now
// and returns how many were sent per second of fake time.
func callsPerSecond(t *testing.T, b *bundle, span time.Duration, call func(*Client) error) float64 {
	t.Helper()
	end := b.clk.Now().Add(span)
	n := 0
	for {
		if err := call(b.c); err != nil {
			t.Fatal(err)
		}
		// Fake time stands still while a call is on the wire: the clock
		// after it is when it was sent.
		if !b.clk.Now().Before(end) {
			return float64(n) / span.Seconds()
		}
		n++
	}
}

// TestFollowPortalBudget: the client adopts the budget the portal announces
// (X-HubSpot-RateLimit-Max per -Interval-Milliseconds) unless its own cap
// is lower, and sends no request into a 429.
func TestFollowPortalBudget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		portalMax int
		capPer10s int
		want      float64 // calls per second of fake time
	}{
		{"Starter portal, no cap", hubspottest.RateLimitStarter, 0, 10},
		{"Professional portal: adopts the larger max", hubspottest.RateLimitProfessional, 0, 19},
		{"portal with a raised limit: adopts a much larger max", 1000, 0, 100},
		{"cap below the portal's max wins", hubspottest.RateLimitProfessional, 100, 10},
		{"cap above the portal's max changes nothing", hubspottest.RateLimitStarter, 190, 10},
		{"cap without a portal limit", 0, 50, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := portalSetup(t, tt.portalMax, tt.capPer10s)
			got := callsPerSecond(t, b, time.Minute, listCall)
			if got < 0.95*tt.want || got > tt.want {
				t.Errorf("%.2f calls/s, want %.0f (95-100 %%)", got, tt.want)
			}
			if n := b.srv.RateLimited(); n != 0 {
				t.Errorf("%d answers 429", n)
			}
		})
	}
}

// TestPortalBudgetChanges: the portal's max changes mid-run; the client
// follows within one answer, at most that answer being a 429.
func TestPortalBudgetChanges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		before, after int
		want          float64 // calls per second once the new max applies
		max429        int
	}{
		// The portal counts the 190 calls of the last interval against
		// the new max at once: the first answer after the change is
		// necessarily a 429 (carrying the new max).
		{"shrinks", hubspottest.RateLimitProfessional, hubspottest.RateLimitStarter, 10, 1},
		{"grows", hubspottest.RateLimitStarter, hubspottest.RateLimitProfessional, 19, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := portalSetup(t, tt.before, 0)
			callsPerSecond(t, b, 25*time.Second, listCall)
			b.srv.SetRateLimit(tt.after, 10*time.Second)
			callsPerSecond(t, b, 15*time.Second, listCall) // settle
			got := callsPerSecond(t, b, time.Minute, listCall)
			if got < 0.95*tt.want || got > tt.want {
				t.Errorf("%.2f calls/s after the change, want %.0f", got, tt.want)
			}
			if n := b.srv.RateLimited(); n > tt.max429 {
				t.Errorf("%d answers 429, want at most %d", n, tt.max429)
			}
			if got := b.c.limiter.general.portalBudget(); got.max != tt.after {
				t.Errorf("client follows %v, want max %d", got, tt.after)
			}
		})
	}
}

// TestPortalBudgetSharedByProcesses: several processes with the same
// token (a daemon and a CLI resync, or replicas) share the portal's
// budget. Each sees the others' calls in X-HubSpot-RateLimit-Remaining and
// leaves them room: together they use the budget with at most 1 % 429s.
func TestPortalBudgetSharedByProcesses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		portalMax int
		caps      []int // one client per entry, its RequestsPer10s
	}{
		{"two processes following the portal", hubspottest.RateLimitStarter, []int{0, 0}},
		{"three processes following the portal", hubspottest.RateLimitStarter, []int{0, 0, 0}},
		{"four processes, Professional portal", hubspottest.RateLimitProfessional, []int{0, 0, 0, 0}},
		{"one capped at 30, one following", hubspottest.RateLimitStarter, []int{30, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			const span = 2 * time.Minute
			clk := &simClock{now: testNow}
			srv := hubspottest.NewServer(hubspottest.Options{
				Data:         hubspottest.Generate(hubspottest.GenOptions{Companies: 1, Now: testNow}),
				RateLimitMax: tt.portalMax, RateLimitClock: clk.Now,
			})
			t.Cleanup(srv.Close)
			calls := make([]int, len(tt.caps))
			var wg sync.WaitGroup
			for i, capPer10s := range tt.caps {
				c, err := New(Config{BaseURL: srv.URL(), AccessToken: srv.AccessToken(), RequestsPer10s: capPer10s}, srv.Client())
				if err != nil {
					t.Fatal(err)
				}
				c.mono = clk.Now
				c.sleep = func(_ context.Context, d time.Duration) error { clk.Sleep(d); return nil }
				clk.Join()
				wg.Add(1)
				go func() {
					defer wg.Done()
					defer clk.Leave()
					for end := testNow.Add(span); clk.Now().Before(end); {
						if err := listCall(c); err != nil {
							t.Error(err)
							return
						}
						calls[i]++
						// The next call of this process comes a
						// moment later: processes interleave.
						clk.Sleep(time.Millisecond)
					}
				}()
			}
			wg.Wait()
			total := 0
			for _, n := range calls {
				total += n
			}
			n429 := srv.RateLimited()
			if n429*100 > total {
				t.Errorf("%d of %d calls answered 429, want at most 1 %%", n429, total)
			}
			// The portal itself enforces the upper bound.
			if got, want := float64(total-n429)/span.Seconds(), float64(tt.portalMax)/10; got < 0.9*want {
				t.Errorf("together %.2f calls/s served (%v), want about %.0f", got, calls, want)
			}
		})
	}
}

// simClock is virtual time shared by goroutines: Sleep blocks until every
// goroutine that joined sleeps too, then time jumps to the earliest wake-up.
// Unlike clocktest.Fake, concurrent sleepers do not add up their waits.
type simClock struct {
	mu       sync.Mutex
	now      time.Time
	awake    int
	sleepers []simSleeper
}

type simSleeper struct {
	at   time.Time
	wake chan struct{}
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Join counts a goroutine in; Leave counts it out.
func (c *simClock) Join() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.awake++
}

func (c *simClock) Leave() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.awake--
	c.advance()
}

func (c *simClock) Sleep(d time.Duration) {
	c.mu.Lock()
	wake := make(chan struct{})
	c.sleepers = append(c.sleepers, simSleeper{at: c.now.Add(d), wake: wake})
	c.awake--
	c.advance()
	c.mu.Unlock()
	<-wake
}

// advance moves time on once every goroutine sleeps. c.mu must be held.
func (c *simClock) advance() {
	if c.awake > 0 || len(c.sleepers) == 0 {
		return
	}
	slices.SortFunc(c.sleepers, func(a, b simSleeper) int { return a.at.Compare(b.at) })
	if c.sleepers[0].at.After(c.now) {
		c.now = c.sleepers[0].at
	}
	for len(c.sleepers) > 0 && !c.sleepers[0].at.After(c.now) {
		c.awake++
		close(c.sleepers[0].wake)
		c.sleepers = c.sleepers[1:]
	}
}

// TestWindowResize changes the portal's budget while eight callers send,
// each call 20 ms on the wire: no span of the interval ever holds more
// calls than the max in force, also right after a shrink (the calls
// already sent stay counted), and a larger max raises the rate at once.
func TestWindowResize(t *testing.T) {
	t.Parallel()
	const (
		per     = 10 * time.Second
		phase   = 30 * time.Second
		callers = 8
	)
	maxes := []int{190, 100, 250, 5}
	clk := &simClock{now: testNow}
	w := newWindow(budget{}, budget{max: maxes[0], per: per})
	end := testNow.Add(time.Duration(len(maxes)) * phase)
	var (
		mu    sync.Mutex
		sends []time.Time
		wg    sync.WaitGroup
	)
	clk.Join() // this goroutine, which changes the budget
	for range callers {
		clk.Join()
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer clk.Leave()
			for clk.Now().Before(end) {
				now, d := w.reserve(clk.Now)
				if d > 0 {
					clk.Sleep(d)
					continue
				}
				mu.Lock()
				sends = append(sends, now)
				mu.Unlock()
				clk.Sleep(20 * time.Millisecond)
				w.end(clk.Now)
			}
		}()
	}
	for _, m := range maxes[1:] {
		clk.Sleep(phase)
		// Time stands still while this goroutine is awake: callers
		// reserving at this instant may see either budget.
		w.adopt(m, per)
	}
	clk.Leave()
	wg.Wait()

	slices.SortFunc(sends, func(a, b time.Time) int { return a.Compare(b) })
	phaseOf := func(t time.Time) int { return min(int(t.Sub(testNow)/phase), len(maxes)-1) }
	perPhase := make([]int, len(maxes))
	for i, s := range sends {
		p := phaseOf(s)
		perPhase[p]++
		inForce := maxes[p]
		if p > 0 && s.Equal(testNow.Add(time.Duration(p)*phase)) {
			inForce = max(inForce, maxes[p-1])
		}
		lo := sort.Search(len(sends), func(j int) bool { return sends[j].After(s.Add(-per)) })
		if n := i - lo + 1; n > inForce {
			t.Fatalf("%d calls in the %v up to %v, max in force %d", n, per, s.Sub(testNow), inForce)
		}
	}
	// 30 s per phase: up to three intervals of the max in force; after a
	// shrink, the calls sent under the old max may hold the first one.
	want := []int{3 * 190, 2 * 100, 3 * 250, 2 * 5}
	for i, n := range perPhase {
		if n < want[i]*95/100 || n > 3*maxes[i] {
			t.Errorf("calls per phase %v for maxes %v: want about %v", perPhase, maxes, want)
			break
		}
	}
	if w.pending != 0 {
		t.Errorf("%d reservations left pending", w.pending)
	}
}

const secondlyBody = `{"status":"error","message":"You have reached your secondly limit.","errorType":"RATE_LIMIT","correlationId":"x","policyName":"SECONDLY"}`

// TestSecondlyRateLimit: a 429 under HubSpot's per-second policy (search)
// is waited out for Retry-After or one second, never for the ten-second
// interval header; the client's own search budget keeps clear of it.
func TestSecondlyRateLimit(t *testing.T) {
	t.Parallel()
	const search, list = "POST /crm/objects/{v}/contacts/search", "GET /crm/objects/{v}/contacts"
	tests := []struct {
		name string
		// clientSearch is the client's search budget (0: default 5).
		clientSearch int
		// portalSearch turns on the fake's search limit of 5 per second.
		portalSearch bool
		fault        *hubspottest.Fault
		call         func(*Client) error
		calls        int
		wantSleeps   []time.Duration
		want429      int
	}{
		{name: "the portal's search limit answers SECONDLY: wait 1s", clientSearch: 1 << 20, portalSearch: true,
			call: searchCall, calls: 6, wantSleeps: []time.Duration{time.Second}, want429: 1},
		{name: "SECONDLY with the interval header: wait 1s, not 10s",
			fault: &hubspottest.Fault{Pattern: search, Status: 429, Body: secondlyBody, Header: http.Header{
				"X-Hubspot-Ratelimit-Interval-Milliseconds": {"10000"}, "X-Hubspot-Ratelimit-Max": {"190"}, "X-Hubspot-Ratelimit-Remaining": {"0"}}},
			call: searchCall, calls: 1, wantSleeps: []time.Duration{time.Second}, want429: 1},
		{name: "SECONDLY with Retry-After: wait as asked",
			fault: &hubspottest.Fault{Pattern: search, Status: 429, Body: secondlyBody, Header: http.Header{
				"Retry-After": {"2"}, "X-Hubspot-Ratelimit-Interval-Milliseconds": {"10000"}}},
			call: searchCall, calls: 1, wantSleeps: []time.Duration{2 * time.Second}, want429: 1},
		{name: "TEN_SECONDLY_ROLLING with the interval header: wait the interval",
			fault: &hubspottest.Fault{Pattern: list, Status: 429, Header: http.Header{
				"X-Hubspot-Ratelimit-Interval-Milliseconds": {"10000"}, "X-Hubspot-Ratelimit-Max": {"100"}, "X-Hubspot-Ratelimit-Remaining": {"0"}}},
			call: listCall, calls: 1, wantSleeps: []time.Duration{10 * time.Second}, want429: 1},
		{name: "the default search budget stays under the portal's", portalSearch: true,
			call: searchCall, calls: 20, wantSleeps: []time.Duration{time.Second, time.Second, time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := portalSetup(t, 0, 0)
			b.c.limiter.search = newWindow(budget{}, budget{max: cmp.Or(tt.clientSearch, DefaultSearchPerSecond), per: time.Second})
			if tt.portalSearch {
				b.srv.SetSearchRateLimit(hubspottest.DefaultSearchPerSecond, time.Second)
			}
			if tt.fault != nil {
				b.srv.Inject(*tt.fault)
			}
			for range tt.calls {
				if err := tt.call(b.c); err != nil {
					t.Fatal(err)
				}
			}
			sleeps := b.clk.Sleeps()
			if !slices.Equal(sleeps, tt.wantSleeps) {
				t.Errorf("sleeps %v, want %v", sleeps, tt.wantSleeps)
			}
			if n := b.srv.RateLimited(); n != tt.want429 {
				t.Errorf("%d answers 429, want %d", n, tt.want429)
			}
		})
	}
}
