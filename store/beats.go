package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Beat marks the task with TaskID taskID as running in a live process for
// ttl; the process renews it well before it expires.
func (s *Store) Beat(ctx context.Context, taskID string, ttl time.Duration) error {
	if err := s.rdb.Set(ctx, s.keys.TaskBeat(taskID), "1", ttl).Err(); err != nil {
		return fmt.Errorf("store: task heartbeat %s: %w", taskID, err)
	}
	return nil
}

// EndBeat removes a task's heartbeat when it ends in its process.
func (s *Store) EndBeat(ctx context.Context, taskID string) error {
	if err := s.rdb.Del(ctx, s.keys.TaskBeat(taskID)).Err(); err != nil {
		return fmt.Errorf("store: end task heartbeat %s: %w", taskID, err)
	}
	return nil
}

// Beating reports which of the TaskIDs have a live heartbeat.
func (s *Store) Beating(ctx context.Context, taskIDs []string) (map[string]bool, error) {
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.IntCmd, len(taskIDs))
	for i, id := range taskIDs {
		cmds[i] = pipe.Exists(ctx, s.keys.TaskBeat(id))
	}
	if _, err := pipe.Exec(ctx); err != nil && len(taskIDs) > 0 {
		return nil, fmt.Errorf("store: read task heartbeats: %w", err)
	}
	out := make(map[string]bool, len(taskIDs))
	for i, id := range taskIDs {
		out[id] = cmds[i].Val() > 0
	}
	return out, nil
}

// TaskGeneration is the generation of the task with TaskID base that run
// runID currently runs (0 until the task is taken over from a dead process).
func (s *Store) TaskGeneration(ctx context.Context, runID, base string) (int, error) {
	f, err := s.RunFields(ctx, runID, generationField(base))
	if err != nil {
		return 0, err
	}
	n, _ := strconv.Atoi(f[generationField(base)])
	return n, nil
}

// RaiseTaskGeneration sets the generation of task base in run runID to at
// least gen and returns the generation now in force. The run must exist.
func (s *Store) RaiseTaskGeneration(ctx context.Context, runID, base string, gen int) (int, error) {
	n, err := raiseGeneration.Run(ctx, s.rdb, []string{s.keys.Run(runID)}, generationField(base), gen).Int()
	if err != nil {
		return 0, fmt.Errorf("store: take over %s of run %s: %w", base, runID, err)
	}
	if n < 0 {
		return 0, fmt.Errorf("take over %s of run %s: %w", base, runID, ErrNotFound)
	}
	return n, nil
}

func generationField(base string) string { return "gen:" + base }

var raiseGeneration = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') or 0
local want = tonumber(ARGV[2])
if want > cur then redis.call('HSET', KEYS[1], ARGV[1], want); cur = want end
return cur`)
