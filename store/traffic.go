package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/abmsync/abmsync/crm"
)

// trafficTTL keeps daily aggregates for a year (a full comparison period).
const trafficTTL = 400 * 24 * time.Hour

// AddTraffic adds daily aggregates to what is stored per account and day:
// visits and page views add up, unique visitors add up too (visitor keys
// are not kept, so two imports of the same day cannot be deduplicated), the
// last visit is the latest. Only aggregates are stored, never an address.
func (s *Store) AddTraffic(ctx context.Context, days []crm.TrafficDay) error {
	for _, d := range days {
		key := s.keys.Traffic(d.AccountID)
		field := d.Day.UTC().Format(time.DateOnly)
		var cur crm.TrafficDay
		if v, err := s.rdb.HGet(ctx, key, field).Result(); err == nil {
			_ = json.Unmarshal([]byte(v), &cur)
		}
		cur.AccountID, cur.Day = d.AccountID, d.Day
		cur.Visits += d.Visits
		cur.PageViews += d.PageViews
		cur.UniqueVisitors += d.UniqueVisitors
		if d.LastVisit.After(cur.LastVisit) {
			cur.LastVisit = d.LastVisit
		}
		if len(d.TopPages) > 0 {
			cur.TopPages = d.TopPages
		}
		b, err := json.Marshal(cur)
		if err != nil {
			return err
		}
		pipe := s.rdb.Pipeline()
		pipe.HSet(ctx, key, field, b)
		pipe.Expire(ctx, key, trafficTTL)
		if _, err := pipe.Exec(ctx); err != nil {
			return fmt.Errorf("store: save traffic of %s: %w", d.AccountID, err)
		}
	}
	return nil
}

// Traffic returns an account's daily aggregates from since (inclusive).
func (s *Store) Traffic(ctx context.Context, accountID string, since time.Time) ([]crm.TrafficDay, error) {
	m, err := s.rdb.HGetAll(ctx, s.keys.Traffic(accountID)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read traffic of %s: %w", accountID, err)
	}
	from := since.UTC().Format(time.DateOnly)
	var out []crm.TrafficDay
	for day, v := range m {
		if day < from {
			continue
		}
		var d crm.TrafficDay
		if err := json.Unmarshal([]byte(v), &d); err != nil {
			return nil, fmt.Errorf("store: decode traffic of %s %s: %w", accountID, day, err)
		}
		out = append(out, d)
	}
	return out, nil
}
