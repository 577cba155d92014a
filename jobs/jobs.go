package jobs

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hibiken/asynq"

	"github.com/abmsync/abmsync/crm"
)

// Task type names.
const (
	// TypeCRMPull pulls one object type from the CRM into the store, then
	// enqueues the next object's pull or TypeMetricsCompute.
	TypeCRMPull = "crm:pull"
	// TypeMetricsCompute computes the ABM metrics of the target accounts and
	// enqueues TypeCRMPush.
	TypeMetricsCompute = "metrics:compute"
	// TypeCRMPush writes changed metric values back to the CRM.
	TypeCRMPush = "crm:push"
	// TypeScheduleTick is what the scheduler enqueues on each cron tick; its
	// handler starts a sync run unless another process already did for this
	// tick.
	TypeScheduleTick = "schedule:tick"
)

// Queue names. Admin work is served before scheduled bulk work (see Queues).
const (
	QueueAdmin    = "admin"
	QueueSchedule = "scheduled"
)

// Queues is the asynq priority map: admin-triggered work gets 6 of 10 worker
// slots when both queues have tasks, scheduled work 4.
var Queues = map[string]int{QueueAdmin: 6, QueueSchedule: 4}

// Trigger says who started a run.
type Trigger string

// Triggers.
const (
	TriggerAdmin    Trigger = "admin"
	TriggerSchedule Trigger = "schedule"
	// TriggerStartup is the first sync of a store that has never synced,
	// started when the daemon comes up rather than a schedule interval later.
	TriggerStartup Trigger = "startup"
)

// Sources a run can sync from.
const (
	SourceCRM   = "crm"
	SourceWeb   = "web"
	SourcePress = "press"
	// SourceImport marks runs that push the candidates of an upload
	// (LinkedIn Connections); admins start them by importing, not by resync.
	SourceImport = "import"
	// SourceLinkedIn syncs the target accounts into the LinkedIn Matched
	// Audience and pulls LinkedIn ad engagement per account.
	SourceLinkedIn = "linkedin"
)

// Scope is what a sync run covers.
type Scope struct {
	// Source is SourceCRM (default, also "") or SourceWeb: key contacts
	// from the target accounts' websites.
	Source string `json:"source,omitempty"`
	// Objects to pull, in order; empty means all (crm.AllObjects).
	Objects []crm.ObjectType `json:"objects,omitempty"`
	// Full lists every record instead of reading changes since the cursor,
	// and removes records the CRM no longer has.
	Full bool `json:"full,omitempty"`
	// Account limits metric computation and push to one company id.
	Account string `json:"account,omitempty"`
	// AllowMassDelete lets a run delete more than the configured share of
	// an object's records (resync --full --allow-mass-delete).
	AllowMassDelete bool `json:"allow_mass_delete,omitempty"`
}

// Key is a stable string for the scope, used to refuse a second run of the
// same scope while one is queued or running.
func (s Scope) Key() string {
	if s.Source == SourceWeb || s.Source == SourcePress || s.Source == SourceImport || s.Source == SourceLinkedIn {
		k := s.Source
		if s.Account != "" {
			k += "|account=" + s.Account
		}
		return k
	}
	objs := s.Objects
	if len(objs) == 0 {
		objs = crm.AllObjects
	}
	k := ""
	for i, o := range objs {
		if i > 0 {
			k += ","
		}
		k += string(o)
	}
	if s.Full {
		k += "|full"
	}
	if s.Account != "" {
		k += "|account=" + s.Account
	}
	return k
}

// source is the scope's source with the default spelled out.
func (s Scope) source() string {
	if s.Source == "" {
		return SourceCRM
	}
	return s.Source
}

// objects is the scope's object list with the default spelled out.
func (s Scope) objects() []crm.ObjectType {
	if len(s.Objects) == 0 {
		return crm.AllObjects
	}
	return s.Objects
}

// Covers reports whether a run of s does all the work a run of o would:
// the same source, every object of o, a full sync when o is one, and every
// account of o (a scope without Account covers all accounts). A request
// whose work a queued or running run covers joins that run instead of
// starting another. Imports are never covered: each carries its own file.
func (s Scope) Covers(o Scope) bool {
	if s.source() != o.source() || o.source() == SourceImport {
		return false
	}
	if s.Account != "" && s.Account != o.Account {
		return false
	}
	if s.source() != SourceCRM {
		return true
	}
	if o.Full && !s.Full || o.AllowMassDelete && !s.AllowMassDelete {
		return false
	}
	for _, ob := range o.objects() {
		if !slices.Contains(s.objects(), ob) {
			return false
		}
	}
	return true
}

// Conflicts reports whether runs of s and o must not run at the same time.
// Every source writes CRM records of the accounts in its scope (metrics on
// companies, key contacts, LinkedIn engagement), so two runs conflict
// unless each is limited to one account and the accounts differ. A run
// that conflicts with an active one waits until that one has ended.
func (s Scope) Conflicts(o Scope) bool {
	return s.Account == "" || o.Account == "" || s.Account == o.Account
}

// Validate checks a scope from an admin request.
func (s Scope) Validate() error {
	switch s.Source {
	case "", SourceCRM, SourceWeb, SourcePress, SourceLinkedIn:
	default:
		return fmt.Errorf("unknown source %q (want crm, web, press or linkedin)", s.Source)
	}
	if s.Source == SourceLinkedIn && s.Account != "" {
		// The audience sync removes every company not in the scope.
		return fmt.Errorf("source linkedin takes no account: it syncs all target accounts")
	}
	if s.AllowMassDelete && !s.Full {
		return fmt.Errorf("allow_mass_delete goes with a full sync (--full)")
	}
	if (s.Source == SourceWeb || s.Source == SourcePress || s.Source == SourceLinkedIn) && (len(s.Objects) > 0 || s.Full) {
		return fmt.Errorf("source %s takes no object and no full flag", s.Source)
	}
	for _, o := range s.Objects {
		if _, err := crm.ParseObjectType(string(o)); err != nil {
			return err
		}
	}
	return nil
}

// PullPayload is the payload of TypeCRMPull.
type PullPayload struct {
	RunID  string         `json:"run_id"`
	Scope  Scope          `json:"scope"`
	Object crm.ObjectType `json:"object"`
	// Queue is where the run's tasks go (admin or scheduled).
	Queue string `json:"queue"`
}

// ComputePayload is the payload of TypeMetricsCompute.
type ComputePayload struct {
	RunID string `json:"run_id"`
	Scope Scope  `json:"scope"`
	Queue string `json:"queue"`
}

// PushPayload is the payload of TypeCRMPush.
type PushPayload struct {
	RunID string `json:"run_id"`
	Scope Scope  `json:"scope"`
	Queue string `json:"queue"`
}

// TickPayload is the payload of TypeScheduleTick.
type TickPayload struct {
	// Name is the schedule name from the config (config.ScheduleNames).
	Name string `json:"name"`
	// Interval is the shortest gap between two ticks of the schedule
	// (config.ScheduleGap), which the tick lease is measured against (see
	// workers.TickLease).
	Interval time.Duration `json:"interval"`
}

// Timeouts per task. A pull of 100,000 contacts at HubSpot's limits takes
// minutes; a retried pull resumes from the last stored page.
const (
	pullTimeout    = 2 * time.Hour
	computeTimeout = 30 * time.Minute
	pushTimeout    = 2 * time.Hour
	tickTimeout    = time.Minute
	// maxRetry applies to real failures; rate-limit waits do not count
	// (see workers.IsFailure).
	maxRetry = 10
	// retention keeps finished tasks so a duplicate enqueue with the same
	// TaskID is refused rather than run twice.
	retention = 24 * time.Hour
)

// NewPullTask returns the task that pulls p.Object for run p.RunID. The task
// ID is deterministic per run and object, so a double enqueue is harmless.
func NewPullTask(p PullPayload) (*asynq.Task, error) {
	return newTask(TypeCRMPull, p, p.Queue, pullTimeout, fmt.Sprintf("%s:%s:%s", TypeCRMPull, p.RunID, p.Object))
}

// NewComputeTask returns the task that computes metrics for run p.RunID.
func NewComputeTask(p ComputePayload) (*asynq.Task, error) {
	return newTask(TypeMetricsCompute, p, p.Queue, computeTimeout, fmt.Sprintf("%s:%s", TypeMetricsCompute, p.RunID))
}

// NewPushTask returns the task that pushes metrics for run p.RunID.
func NewPushTask(p PushPayload) (*asynq.Task, error) {
	return newTask(TypeCRMPush, p, p.Queue, pushTimeout, fmt.Sprintf("%s:%s", TypeCRMPush, p.RunID))
}

// NewTickTask returns the task the scheduler enqueues for schedule p.Name. It
// has no TaskID: each process's scheduler enqueues one per tick and the
// handler's Redis lease lets only the first start a run.
func NewTickTask(p TickPayload) (*asynq.Task, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("jobs: encode %s payload: %w", TypeScheduleTick, err)
	}
	return asynq.NewTask(TypeScheduleTick, b,
		asynq.Queue(QueueSchedule), asynq.MaxRetry(3), asynq.Timeout(tickTimeout)), nil
}

func newTask(typ string, payload any, queue string, timeout time.Duration, id string) (*asynq.Task, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("jobs: encode %s payload: %w", typ, err)
	}
	if queue == "" {
		queue = QueueSchedule
	}
	return asynq.NewTask(typ, b,
		asynq.Queue(queue),
		asynq.MaxRetry(maxRetry),
		asynq.Timeout(timeout),
		asynq.TaskID(id),
		asynq.Retention(retention),
	), nil
}

// Decode unmarshals a task payload into v, wrapping asynq.SkipRetry on
// failure: a payload that does not decode never will.
func Decode(t *asynq.Task, v any) error {
	if err := json.Unmarshal(t.Payload(), v); err != nil {
		return fmt.Errorf("jobs: decode %s payload: %v: %w", t.Type(), err, asynq.SkipRetry)
	}
	return nil
}

// TakeoverID is the TaskID of generation gen of the task whose first
// generation has TaskID base: a task taken over from a dead process runs
// again under a new TaskID (asynq keeps the old one leased to the dead
// process until its lease expires), and the old one, once recovered, sees
// that it was superseded.
func TakeoverID(base string, gen int) string {
	if gen <= 0 {
		return base
	}
	return fmt.Sprintf("%s%s%d", base, takeoverSep, gen)
}

// SplitTakeoverID is TakeoverID's inverse: base and generation (0 for a
// first generation) of a TaskID.
func SplitTakeoverID(id string) (base string, gen int) {
	i := strings.LastIndex(id, takeoverSep)
	if i < 0 {
		return id, 0
	}
	n, err := strconv.Atoi(id[i+len(takeoverSep):])
	if err != nil || n <= 0 {
		return id, 0
	}
	return id[:i], n
}

// takeoverSep separates a TaskID's base from its generation.
const takeoverSep = ":takeover-"
