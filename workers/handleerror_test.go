package workers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/connectors/hubspot"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/store"
)

// quietLogger discards asynq's logs.
type quietLogger struct{}

func (quietLogger) Debug(...any) {}
func (quietLogger) Info(...any)  {}
func (quietLogger) Warn(...any)  {}
func (quietLogger) Error(...any) {}
func (quietLogger) Fatal(...any) {}

// TestHandleErrorAgreesWithAsynq runs tasks through a real asynq server
// wired as the daemon wires it (IsFailure, RetryDelay, HandleError) and
// checks that HandleError fails the run exactly when asynq archives the
// task, and otherwise leaves it running with the error as "retrying". A rate
// limit does not use up retries, but once they are used up asynq archives
// the task whatever the error, and the run must not stay "running".
func TestHandleErrorAgreesWithAsynq(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	queue, inspector := tempQueue(t, b.rdb)

	rateLimited := fmt.Errorf("pull contacts: %w", &hubspot.RateLimitError{
		RetryAfter: time.Hour, Policy: "DAILY",
		Response: &hubspot.ErrorResponse{StatusCode: 429, Status: "429 Too Many Requests", Method: "GET", Endpoint: "/crm/objects/2026-03/contacts"},
	})
	tests := []struct {
		name     string
		maxRetry int
		err      error
		archived bool // asynq's decision, and so: the run fails
	}{
		{name: "rate limited, retries left", maxRetry: 3, err: rateLimited},
		{name: "rate limited, retries used up", maxRetry: 0, err: rateLimited, archived: true},
		{name: "failure, retries left", maxRetry: 3, err: errors.New("hubspot: GET /x: 503 Service Unavailable")},
		{name: "failure, retries used up", maxRetry: 0, err: errors.New("hubspot: GET /x: 503 Service Unavailable"), archived: true},
		{name: "permanent, retries left", maxRetry: 3, err: fmt.Errorf("hubspot: 403: %w", asynq.SkipRetry), archived: true},
	}
	client := asynq.NewClientFromRedisClient(b.rdb)
	errByRun := map[string]error{}
	taskIDs := make([]string, len(tests))
	runIDs := make([]string, len(tests))
	for i, tt := range tests {
		scope := jobs.Scope{Account: fmt.Sprint(i)}
		runIDs[i] = b.start(t, scope)
		errByRun[runIDs[i]] = tt.err
		pull := b.q.take()[0]
		info, err := client.EnqueueContext(ctx, asynq.NewTask(jobs.TypeCRMPull, pull.Payload()), asynq.Queue(queue), asynq.MaxRetry(tt.maxRetry))
		if err != nil {
			t.Fatal(err)
		}
		taskIDs[i] = info.ID
	}

	handled := make(chan string, len(tests))
	srv := asynq.NewServerFromRedisClient(b.rdb, asynq.Config{
		Concurrency:     len(tests),
		Queues:          map[string]int{queue: 1},
		IsFailure:       IsFailure,
		RetryDelayFunc:  RetryDelay,
		Logger:          quietLogger{},
		LogLevel:        asynq.FatalLevel,
		ShutdownTimeout: 5 * time.Second,
		ErrorHandler: asynq.ErrorHandlerFunc(func(ctx context.Context, task *asynq.Task, err error) {
			b.deps.HandleError(ctx, task, err)
			var p jobs.PullPayload
			_ = json.Unmarshal(task.Payload(), &p)
			handled <- p.RunID
		}),
	})
	err := srv.Start(asynq.HandlerFunc(func(_ context.Context, task *asynq.Task) error {
		var p jobs.PullPayload
		_ = json.Unmarshal(task.Payload(), &p)
		return errByRun[p.RunID]
	}))
	if err != nil {
		t.Fatal(err)
	}
	for range tests {
		select {
		case <-handled:
		case <-ctx.Done():
			srv.Shutdown()
			t.Fatal("asynq did not process the tasks")
		}
	}
	// Shutdown waits for the workers, so asynq's own retry-or-archive
	// decision is recorded when it returns.
	srv.Shutdown()

	for i, tt := range tests {
		info, err := inspector.GetTaskInfo(queue, taskIDs[i])
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := info.State == asynq.TaskStateArchived; got != tt.archived {
			t.Fatalf("%s: asynq state %v, test expects archived=%v", tt.name, info.State, tt.archived)
		}
		run := b.run(t, runIDs[i])
		holder := b.leaseHolder(t, jobs.Scope{Account: fmt.Sprint(i)})
		if tt.archived {
			if run.State != store.RunFailed || holder != "" {
				t.Errorf("%s: asynq archived the task but the run is %s (scope held by %q); want failed and free", tt.name, run.State, holder)
			}
			continue
		}
		if run.State == store.RunFailed || holder != runIDs[i] || !strings.Contains(run.Retrying, strings.TrimPrefix(tt.err.Error(), "pull contacts: ")) {
			t.Errorf("%s: asynq will retry but the run is %s (retrying %q, scope held by %q)", tt.name, run.State, run.Retrying, holder)
		}
	}
}
