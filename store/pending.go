package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/abmsync/abmsync/crm"
)

// pendingTTL bounds how long an unpushed update survives a run that died.
const pendingTTL = 48 * time.Hour

// SetPending replaces run id's pending updates with updates.
func (s *Store) SetPending(ctx context.Context, runID string, updates []crm.Update) error {
	key := s.keys.Pending(runID)
	pipe := s.rdb.Pipeline()
	pipe.Del(ctx, key)
	for start := 0; start < len(updates); start += chunk {
		fields := make(map[string]any, chunk)
		for _, u := range updates[start:min(start+chunk, len(updates))] {
			b, err := json.Marshal(u.Properties)
			if err != nil {
				return fmt.Errorf("store: encode pending update %s: %w", u.ID, err)
			}
			fields[u.ID] = b
		}
		pipe.HSet(ctx, key, fields)
	}
	pipe.Expire(ctx, key, pendingTTL)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("store: save %d pending updates: %w", len(updates), err)
	}
	return nil
}

// Pending returns run id's pending updates sorted by record id.
func (s *Store) Pending(ctx context.Context, runID string) ([]crm.Update, error) {
	m, err := s.rdb.HGetAll(ctx, s.keys.Pending(runID)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read pending updates: %w", err)
	}
	out := make([]crm.Update, 0, len(m))
	for id, v := range m {
		var props map[string]string
		if err := json.Unmarshal([]byte(v), &props); err != nil {
			return nil, fmt.Errorf("store: decode pending update %s: %w", id, err)
		}
		out = append(out, crm.Update{ID: id, Properties: props})
	}
	slices.SortFunc(out, func(a, b crm.Update) int {
		if len(a.ID) != len(b.ID) {
			return len(a.ID) - len(b.ID)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// ApplyPushed records that updates were written to the CRM: their values are
// merged into the stored records (so the next computation compares against
// them and writes nothing when nothing changed) and dropped from run id's
// pending set.
func (s *Store) ApplyPushed(ctx context.Context, runID string, t crm.ObjectType, updates []crm.Update) error {
	if len(updates) == 0 {
		return nil
	}
	ids := make([]string, len(updates))
	for i, u := range updates {
		ids[i] = u.ID
	}
	recs, err := s.Records(ctx, t, ids)
	if err != nil {
		return err
	}
	byID := make(map[string]crm.Update, len(updates))
	for _, u := range updates {
		byID[u.ID] = u
	}
	pipe := s.rdb.Pipeline()
	for _, r := range recs {
		if r.Properties == nil {
			r.Properties = map[string]string{}
		}
		for k, v := range byID[r.ID].Properties {
			if v == "" {
				delete(r.Properties, k)
			} else {
				r.Properties[k] = v
			}
		}
		b, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("store: encode %s %s: %w", t, r.ID, err)
		}
		pipe.Set(ctx, s.keys.Record(t, r.ID), b, 0)
	}
	args := make([]string, len(ids))
	copy(args, ids)
	pipe.HDel(ctx, s.keys.Pending(runID), args...)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("store: apply %d pushed updates: %w", len(updates), err)
	}
	return nil
}

// DropPending removes run id's remaining pending updates.
func (s *Store) DropPending(ctx context.Context, runID string) error {
	return s.rdb.Del(ctx, s.keys.Pending(runID)).Err()
}
