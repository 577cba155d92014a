package workers

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/connectors/hubspot"
	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/jobs"
)

const dailyLimitBody = `{"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","correlationId":"c0ffee00-5ca1-4e00-8000-000000000001","policyName":"DAILY","groupName":"api-calls-daily"}`

// TestErrorPolicy: permanent errors stop retries (asynq.SkipRetry), a rate
// limit is no failure and waits as long as HubSpot asked, anything else is
// a failure retried with asynq's backoff.
func TestErrorPolicy(t *testing.T) {
	t.Parallel()
	firstPull := func(t *testing.T, b *bundle) *asynq.Task {
		b.start(t, jobs.Scope{})
		return b.q.take()[0]
	}
	push := func(t *testing.T, b *bundle) *asynq.Task {
		b.start(t, jobs.Scope{})
		return b.drain(t, jobs.TypeCRMPush)
	}
	raw := func(typ string) func(*testing.T, *bundle) *asynq.Task {
		return func(*testing.T, *bundle) *asynq.Task { return asynq.NewTask(typ, []byte(`{"run_id": 42`)) }
	}
	tests := []struct {
		name  string
		mod   func(*setupConfig)
		task  func(*testing.T, *bundle) *asynq.Task
		fault *hubspottest.Fault
		// want
		skipRetry  bool
		rateLimit  time.Duration // > 0: not a failure, retried after this
		errContain string
	}{
		{name: "bad pull payload", task: raw(jobs.TypeCRMPull), skipRetry: true, errContain: "decode crm:pull payload"},
		{name: "bad compute payload", task: raw(jobs.TypeMetricsCompute), skipRetry: true, errContain: "decode metrics:compute payload"},
		{name: "bad push payload", task: raw(jobs.TypeCRMPush), skipRetry: true, errContain: "decode crm:push payload"},
		{name: "bad tick payload", task: raw(jobs.TypeScheduleTick), skipRetry: true, errContain: "decode schedule:tick payload"},
		{
			name: "unknown schedule",
			task: func(t *testing.T, _ *bundle) *asynq.Task {
				task, _ := jobs.NewTickTask(jobs.TickPayload{Name: "hourly_nonsense", Interval: time.Hour})
				return task
			},
			skipRetry: true, errContain: "hourly_nonsense",
		},
		{
			// Redis lost its data (or the record expired): the task stops
			// and says so, and no empty run record is re-created.
			name: "run record gone",
			task: func(t *testing.T, b *bundle) *asynq.Task {
				return pullTask(t, jobs.PullPayload{RunID: "r-gone", Object: crm.Companies})
			},
			skipRetry: true, errContain: "run r-gone no longer exists",
		},
		{
			name: "unknown object type",
			task: func(t *testing.T, b *bundle) *asynq.Task {
				b.createRun(t, "r1")
				return pullTask(t, jobs.PullPayload{RunID: "r1", Object: "widgets"})
			},
			skipRetry: true, errContain: "widgets",
		},
		{
			name: "account not stored",
			task: func(t *testing.T, b *bundle) *asynq.Task {
				b.createRun(t, "r1")
				task, _ := jobs.NewComputeTask(jobs.ComputePayload{RunID: "r1", Scope: jobs.Scope{Account: "4711"}})
				return task
			},
			skipRetry: true, errContain: "account 4711",
		},
		{
			name:      "invalid or revoked private-app token",
			mod:       func(c *setupConfig) { c.client.AccessToken = "pat-eu1-revoked" },
			task:      firstPull,
			skipRetry: true, errContain: "401",
		},
		{
			name: "OAuth refresh token revoked",
			mod: func(c *setupConfig) {
				c.client = hubspot.Config{ClientID: "cid", ClientSecret: "secret", RefreshToken: "refresh", RequestsPer10s: 10000, SearchPerSecond: 1000}
				c.server = func(s *hubspottest.Server) {
					s.EnableOAuth("cid", "secret", "refresh", time.Hour)
					s.RevokeRefreshToken()
				}
			},
			task:      firstPull,
			skipRetry: true, errContain: "reconnect",
		},
		{
			name:      "400 on a page",
			task:      firstPull,
			fault:     &hubspottest.Fault{Pattern: "GET /crm/objects/{v}/companies", Status: http.StatusBadRequest},
			skipRetry: true, errContain: "400",
		},
		{
			name:  "daily rate limit on a pull",
			task:  firstPull,
			fault: &hubspottest.Fault{Pattern: "GET /crm/objects/{v}/companies", Status: http.StatusTooManyRequests, Body: dailyLimitBody, Header: http.Header{"Retry-After": {"3600"}}},
			// HubSpot's Retry-After wins over asynq's backoff.
			rateLimit: time.Hour, errContain: "429",
		},
		{
			name:      "daily rate limit on a push",
			task:      push,
			fault:     &hubspottest.Fault{Pattern: batchUpdateCompanies, Status: http.StatusTooManyRequests, Body: dailyLimitBody, Header: http.Header{"Retry-After": {"90"}}},
			rateLimit: 90 * time.Second, errContain: "DAILY",
		},
		{
			name:       "garbage answer",
			task:       firstPull,
			fault:      &hubspottest.Fault{Pattern: "GET /crm/objects/{v}/companies", Status: http.StatusOK, Body: "<html>maintenance</html>"},
			errContain: "not valid JSON",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var mods []func(*setupConfig)
			if tt.mod != nil {
				mods = append(mods, tt.mod)
			}
			b := setup(t, mods...)
			task := tt.task(t, b)
			if tt.fault != nil {
				b.srv.Inject(*tt.fault)
			}
			err := b.handle(ctxT(t), task)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.errContain) {
				t.Errorf("error %q does not say %q", err, tt.errContain)
			}
			if got := errors.Is(err, asynq.SkipRetry); got != tt.skipRetry {
				t.Errorf("errors.Is(%q, SkipRetry) = %v, want %v", err, got, tt.skipRetry)
			}
			if got := IsFailure(err); got != (tt.rateLimit == 0) {
				t.Errorf("IsFailure(%q) = %v, want %v", err, got, tt.rateLimit == 0)
			}
			delay := RetryDelay(3, err, task)
			if tt.rateLimit > 0 {
				var rle *hubspot.RateLimitError
				if !errors.As(err, &rle) || rle.RetryAfter != tt.rateLimit {
					t.Errorf("error %q: RateLimitError %+v, want RetryAfter %v", err, rle, tt.rateLimit)
				}
				if delay != tt.rateLimit {
					t.Errorf("RetryDelay = %v, want HubSpot's Retry-After %v", delay, tt.rateLimit)
				}
			} else if min, max := asynqBackoff(3); delay < min || delay > max {
				t.Errorf("RetryDelay = %v, want asynq's backoff in [%v, %v]", delay, min, max)
			}
		})
	}
}

// asynqBackoff is the range of asynq.DefaultRetryDelayFunc after n retries:
// n^4 + 15 + rand(30)·(n+1) seconds.
func asynqBackoff(n int) (time.Duration, time.Duration) {
	base := n*n*n*n + 15
	return time.Duration(base) * time.Second, time.Duration(base+29*(n+1)) * time.Second
}

// TestRetryDelay covers crm.Temporary errors without a delay of their own.
func TestRetryDelay(t *testing.T) {
	t.Parallel()
	task := asynq.NewTask(jobs.TypeCRMPull, nil)
	tests := []struct {
		name string
		err  error
		want time.Duration // 0: asynq's backoff
	}{
		{"rate limit", fmt.Errorf("pull companies: %w", &hubspot.RateLimitError{RetryAfter: 7 * time.Second, Response: &hubspot.ErrorResponse{StatusCode: 429}}), 7 * time.Second},
		{"temporary without delay", &hubspot.DecodeError{Method: "GET", Endpoint: "/x", StatusCode: 200, Err: errors.New("bad")}, 0},
		{"plain", errors.New("boom"), 0},
		{"permanent", fmt.Errorf("x: %w (%w)", crm.ErrPermanent, asynq.SkipRetry), 0},
	}
	for _, tt := range tests {
		got := RetryDelay(1, tt.err, task)
		if tt.want > 0 {
			if got != tt.want {
				t.Errorf("%s: RetryDelay = %v, want %v", tt.name, got, tt.want)
			}
			continue
		}
		if min, max := asynqBackoff(1); got < min || got > max {
			t.Errorf("%s: RetryDelay = %v, want asynq's backoff", tt.name, got)
		}
	}
}

// TestLeaseExpired: a task asynq recovers from a dead worker is retried
// at once and does not count as a failure (it never ran to an end).
func TestLeaseExpired(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("recovered: %w", asynq.ErrLeaseExpired)
	if IsFailure(err) {
		t.Error("a lease-expired task counts as a failure")
	}
	if d := RetryDelay(3, err, asynq.NewTask(jobs.TypeCRMPull, nil)); d > time.Second {
		t.Errorf("lease-expired retry delay %v, want at most 1s", d)
	}
	if !IsFailure(errors.New("hubspot: 500")) {
		t.Error("an ordinary error no longer counts as a failure")
	}
}
