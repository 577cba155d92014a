package jobs

import (
	"errors"
	"testing"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/redistest"
)

func TestScopeKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		scope Scope
		want  string
	}{
		{Scope{}, "companies,contacts,deals"},
		{Scope{Objects: crm.AllObjects}, "companies,contacts,deals"},
		{Scope{Objects: []crm.ObjectType{crm.Contacts}, Full: true}, "contacts|full"},
		{Scope{Account: "42"}, "companies,contacts,deals|account=42"},
	}
	for _, tc := range tests {
		if got := tc.scope.Key(); got != tc.want {
			t.Errorf("%+v.Key() = %q, want %q", tc.scope, got, tc.want)
		}
	}
	if err := (Scope{Objects: []crm.ObjectType{"leads"}}).Validate(); err == nil {
		t.Error("scope with object leads validated")
	}
}

func TestTaskOptions(t *testing.T) {
	t.Parallel()
	p := PullPayload{RunID: "r1", Object: crm.Contacts, Queue: QueueAdmin}
	task, err := NewPullTask(p)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := NewPullTask(p)
	if task.Type() != "crm:pull" || string(task.Payload()) != string(again.Payload()) {
		t.Errorf("pull task not deterministic: %s %s", task.Payload(), again.Payload())
	}
	// Enqueue on the real Redis: a double enqueue is refused, the task lands
	// in the admin queue and is kept after completion.
	rdb := redistest.Client(t, 9, true)
	client := asynq.NewClientFromRedisClient(rdb)
	info, err := client.Enqueue(task)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Enqueue(again); !errors.Is(err, asynq.ErrTaskIDConflict) {
		t.Errorf("second enqueue: %v, want ErrTaskIDConflict", err)
	}
	if info.ID != "crm:pull:r1:contacts" || info.Queue != QueueAdmin || info.Retention != 24*time.Hour || info.MaxRetry != maxRetry {
		t.Errorf("task info = id %s queue %s retention %v retry %d", info.ID, info.Queue, info.Retention, info.MaxRetry)
	}
	if Queues[QueueAdmin] <= Queues[QueueSchedule] {
		t.Errorf("admin queue priority %d not above scheduled %d", Queues[QueueAdmin], Queues[QueueSchedule])
	}
}

func TestDecodeBadPayloadSkipsRetry(t *testing.T) {
	t.Parallel()
	var p PullPayload
	err := Decode(asynq.NewTask(TypeCRMPull, []byte("{not json")), &p)
	if !errors.Is(err, asynq.SkipRetry) {
		t.Fatalf("Decode(bad) = %v, want SkipRetry", err)
	}
	if err := Decode(asynq.NewTask(TypeCRMPull, []byte(`{"run_id":"x","object":"deals"}`)), &p); err != nil || p.Object != crm.Deals {
		t.Fatalf("Decode(good) = %v, %+v", err, p)
	}
}
