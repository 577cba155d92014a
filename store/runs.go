package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Run states.
const (
	RunQueued    = "queued"
	RunRunning   = "running"
	RunSucceeded = "succeeded"
	RunFailed    = "failed"
)

// Run is one sync run as the admin API reports it.
type Run struct {
	ID       string `json:"id"`
	Trigger  string `json:"trigger"`
	ScopeKey string `json:"scope"`
	// ScopeJSON is the jobs.Scope the run was started with.
	ScopeJSON string `json:"-"`
	State     string `json:"state"`
	Step      string `json:"step"`
	Pulled    int64  `json:"pulled"`
	Deleted   int64  `json:"deleted"`
	Computed  int64  `json:"computed"`
	Pushed    int64  `json:"pushed"`
	Failed    int64  `json:"failed_records"`
	APICalls  int64  `json:"api_calls"`
	Writes    int64  `json:"write_calls"`
	// WaitingFor names the runs a queued run waits for: runs that write the
	// same CRM records must not run at the same time.
	WaitingFor string `json:"waiting_for,omitempty"`
	// PagesRead and PagesEmpty count the web pages a discovery run read
	// and those of them on which no person was found: a page that yields
	// nothing is counted, never an error.
	PagesRead  int64  `json:"pages_read,omitempty"`
	PagesEmpty int64  `json:"pages_without_people,omitempty"`
	Error      string `json:"error,omitempty"`
	// Warning is the last problem that did not fail the run (an account
	// without a website, a site that could not be read).
	Warning    string    `json:"warning,omitempty"`
	Retrying   string    `json:"retrying,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
}

// Done reports whether the run has finished, well or not.
func (r Run) Done() bool { return r.State == RunSucceeded || r.State == RunFailed }

// runTTL is how long a run's record is kept after its last update.
const runTTL = 7 * 24 * time.Hour

// Run counters that tasks increment.
const (
	CounterPulled   = "pulled"
	CounterDeleted  = "deleted"
	CounterComputed = "computed"
	CounterPushed   = "pushed"
	CounterFailed   = "failed_records"
	CounterAPICalls = "api_calls"
	CounterWrites   = "write_calls"
	// CounterPagesRead and CounterPagesEmpty count web pages read and those
	// that named nobody.
	CounterPagesRead  = "pages_read"
	CounterPagesEmpty = "pages_without_people"
)

// CreateRun stores a new run in state queued (with r.WaitingFor when it
// waits for other runs).
func (s *Store) CreateRun(ctx context.Context, r Run) error {
	key := s.keys.Run(r.ID)
	pipe := s.rdb.Pipeline()
	fields := map[string]any{
		"id": r.ID, "trigger": r.Trigger, "scope": r.ScopeKey, "scope_json": r.ScopeJSON,
		"state": RunQueued, "created_at": r.CreatedAt.UTC().Format(time.RFC3339Nano),
	}
	if r.WaitingFor != "" {
		fields["waiting_for"] = r.WaitingFor
	}
	pipe.HSet(ctx, key, fields)
	pipe.Expire(ctx, key, runTTL)
	pipe.ZAdd(ctx, s.keys.Runs(), redis.Z{Score: float64(r.CreatedAt.UnixMilli()), Member: r.ID})
	// Keep the index bounded: the newest 1,000 runs.
	pipe.ZRemRangeByRank(ctx, s.keys.Runs(), 0, -1001)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("store: create run %s: %w", r.ID, err)
	}
	return nil
}

// UpdateRun merges fields (state, step, error, retrying, finished_at) into
// run id. A run whose record is gone (Redis lost its data, or the record
// expired) is not re-created as an empty shell: UpdateRun returns
// ErrNotFound and writes nothing.
func (s *Store) UpdateRun(ctx context.Context, id string, fields map[string]string) error {
	if len(fields) == 0 {
		return nil
	}
	return s.UpdateRunCounting(ctx, id, fields, nil)
}

// UpdateRunCounting is UpdateRun and AddRunCounters in one round trip: it
// sets fields and increments counters of an existing run, or does nothing
// and returns an error wrapping ErrNotFound when the run is gone.
func (s *Store) UpdateRunCounting(ctx context.Context, id string, fields map[string]string, add map[string]int64) error {
	args := make([]any, 0, 2+2*len(fields)+2*len(add))
	args = append(args, runTTL.Milliseconds(), len(fields))
	for k, v := range fields {
		args = append(args, k, v)
	}
	for f, n := range add {
		if n != 0 {
			args = append(args, f, n)
		}
	}
	n, err := updateRunCounting.Run(ctx, s.rdb, []string{s.keys.Run(id)}, args...).Int()
	if err != nil {
		return fmt.Errorf("store: update run %s: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("update run %s: %w", id, ErrNotFound)
	}
	return nil
}

// updateRunCounting sets fields of an existing run hash, increments its
// counters and refreshes its TTL: ARGV[1] the TTL, ARGV[2] how many field
// pairs follow before the counter pairs.
var updateRunCounting = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local last = 2 + 2 * tonumber(ARGV[2])
for i = 3, last, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i+1]) end
for i = last + 1, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i+1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`)

// StartRunStep marks run id running at step unless it has already ended,
// in one script, so a task that raced with the task that ended the run
// cannot make a finished run look running again. It returns the run's end
// state ("succeeded" or "failed") when it had ended and nothing was
// written, "" when the step was recorded, and an error wrapping ErrNotFound
// when the run is gone.
func (s *Store) StartRunStep(ctx context.Context, id, step string) (ended string, err error) {
	res, err := startRunStep.Run(ctx, s.rdb, []string{s.keys.Run(id)}, runTTL.Milliseconds(), step, RunRunning, RunSucceeded, RunFailed).Text()
	if err != nil {
		return "", fmt.Errorf("store: start step %s of run %s: %w", step, id, err)
	}
	switch res {
	case "gone":
		return "", fmt.Errorf("start step %s of run %s: %w", step, id, ErrNotFound)
	case "ok":
		return "", nil
	}
	return res, nil
}

// startRunStep: ARGV[1] the TTL, ARGV[2] the step, ARGV[3] the running
// state, ARGV[4..] the end states.
var startRunStep = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 'gone' end
local st = redis.call('HGET', KEYS[1], 'state')
for i = 4, #ARGV do if st == ARGV[i] then return st end end
redis.call('HSET', KEYS[1], 'state', ARGV[3], 'step', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 'ok'`)

// AddRunWarning adds w to the run's warning, after the warnings already
// there ("; " between them) unless it is one of them: the concurrent pulls
// of a run each add theirs without overwriting the others'. Like
// UpdateRun it never re-creates a vanished run.
func (s *Store) AddRunWarning(ctx context.Context, id, w string) error {
	if w == "" {
		return nil
	}
	n, err := addRunWarning.Run(ctx, s.rdb, []string{s.keys.Run(id)}, w).Int()
	if err != nil {
		return fmt.Errorf("store: add warning to run %s: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("add warning to run %s: %w", id, ErrNotFound)
	}
	return nil
}

var addRunWarning = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local cur = redis.call('HGET', KEYS[1], 'warning')
if not cur or cur == '' then
  redis.call('HSET', KEYS[1], 'warning', ARGV[1])
  return 1
end
local sep = '; '
if cur == ARGV[1] or string.find(sep .. cur .. sep, sep .. ARGV[1] .. sep, 1, true) then return 1 end
redis.call('HSET', KEYS[1], 'warning', cur .. sep .. ARGV[1])
return 1`)

// AddRunCounters increments the run's counters (CounterPulled ...). Like
// UpdateRun it never re-creates a vanished run.
func (s *Store) AddRunCounters(ctx context.Context, id string, add map[string]int64) error {
	args := make([]any, 0, 2*len(add))
	for f, n := range add {
		if n != 0 {
			args = append(args, f, n)
		}
	}
	if len(args) == 0 {
		return nil
	}
	n, err := addRunCounters.Run(ctx, s.rdb, []string{s.keys.Run(id)}, args...).Int()
	if err != nil {
		return fmt.Errorf("store: count run %s: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("count run %s: %w", id, ErrNotFound)
	}
	return nil
}

var addRunCounters = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
for i = 1, #ARGV, 2 do redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i+1]) end
return 1`)

// RunToken returns the saved continuation of run id's pull of object.
func (s *Store) RunToken(ctx context.Context, id, object string) (string, error) {
	v, err := s.rdb.HGet(ctx, s.keys.Run(id), "token:"+object).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: read run %s token: %w", id, err)
	}
	return v, nil
}

// GetRun returns run id or ErrNotFound.
func (s *Store) GetRun(ctx context.Context, id string) (Run, error) {
	m, err := s.rdb.HGetAll(ctx, s.keys.Run(id)).Result()
	if err != nil {
		return Run{}, fmt.Errorf("store: read run %s: %w", id, err)
	}
	if len(m) == 0 {
		return Run{}, fmt.Errorf("run %s: %w", id, ErrNotFound)
	}
	n := func(k string) int64 { v, _ := strconv.ParseInt(m[k], 10, 64); return v }
	t := func(k string) time.Time { v, _ := time.Parse(time.RFC3339Nano, m[k]); return v }
	return Run{
		ID: m["id"], Trigger: m["trigger"], ScopeKey: m["scope"], ScopeJSON: m["scope_json"],
		State: m["state"], Step: m["step"], Error: m["error"], Warning: m["warning"], Retrying: m["retrying"],
		WaitingFor: m["waiting_for"],
		Pulled:     n(CounterPulled), Deleted: n(CounterDeleted), Computed: n(CounterComputed),
		Pushed: n(CounterPushed), Failed: n(CounterFailed), APICalls: n(CounterAPICalls),
		Writes: n(CounterWrites), PagesRead: n(CounterPagesRead), PagesEmpty: n(CounterPagesEmpty),
		CreatedAt: t("created_at"), FinishedAt: t("finished_at"),
	}, nil
}

// RunSlots returns the run slots (run id -> slot JSON).
func (s *Store) RunSlots(ctx context.Context) (map[string]string, error) {
	m, err := s.rdb.HGetAll(ctx, s.keys.RunSlots()).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read run slots: %w", err)
	}
	return m, nil
}

// ErrSlotContention is returned when the run slots changed under
// UpdateRunSlots too often to commit.
var ErrSlotContention = errors.New("store: run slots changed concurrently too often")

// UpdateRunSlots reads the run slots, calls fn with them and writes what it
// returns (fields to set, fields to delete) in one optimistic transaction
// (WATCH/MULTI): when another process changed the slots in between, it
// reads again and calls fn again, so fn must only decide, not act. An error
// from fn aborts without writing and is returned.
func (s *Store) UpdateRunSlots(ctx context.Context, fn func(slots map[string]string) (set map[string]string, del []string, err error)) error {
	key := s.keys.RunSlots()
	for attempt := 0; attempt < 100; attempt++ {
		err := s.rdb.Watch(ctx, func(tx *redis.Tx) error {
			cur, err := tx.HGetAll(ctx, key).Result()
			if err != nil {
				return fmt.Errorf("store: read run slots: %w", err)
			}
			set, del, err := fn(cur)
			if err != nil {
				return err
			}
			if len(set) == 0 && len(del) == 0 {
				return nil
			}
			_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
				if len(set) > 0 {
					p.HSet(ctx, key, set)
				}
				if len(del) > 0 {
					p.HDel(ctx, key, del...)
				}
				return nil
			})
			return err
		}, key)
		if errors.Is(err, redis.TxFailedErr) {
			continue
		}
		return err
	}
	return ErrSlotContention
}

// RecentRuns returns up to n run ids, newest first.
func (s *Store) RecentRuns(ctx context.Context, n int64) ([]string, error) {
	ids, err := s.rdb.ZRevRange(ctx, s.keys.Runs(), 0, n-1).Result()
	if err != nil {
		return nil, fmt.Errorf("store: list runs: %w", err)
	}
	return ids, nil
}

// RunFields returns the named fields of run id's hash ("" where unset).
func (s *Store) RunFields(ctx context.Context, id string, fields ...string) (map[string]string, error) {
	vals, err := s.rdb.HMGet(ctx, s.keys.Run(id), fields...).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read run %s: %w", id, err)
	}
	out := make(map[string]string, len(fields))
	for i, f := range fields {
		if v, ok := vals[i].(string); ok {
			out[f] = v
		}
	}
	return out, nil
}

// IncrRunField adds n to an integer field of run id and returns the new value.
func (s *Store) IncrRunField(ctx context.Context, id, field string, n int64) (int64, error) {
	v, err := s.rdb.HIncrBy(ctx, s.keys.Run(id), field, n).Result()
	if err != nil {
		return 0, fmt.Errorf("store: count run %s %s: %w", id, field, err)
	}
	return v, nil
}
