package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/redis/go-redis/v9"
)

// NPSSource is the key of the survey answers imported under one source name.
func (k Keys) NPSSource(source string) string { return k.base + "nps:" + source }

// NPSSources is the set of imported survey sources.
func (k Keys) NPSSources() string { return k.base + "nps-sources" }

// KPISnapshots is the hash of daily KPI values (day -> JSON), the previous
// periods a report's trend compares with.
func (k Keys) KPISnapshots() string { return k.base + "kpi-snapshots" }

// snapshotDays is how long daily KPI snapshots are kept: a year plus a
// month, enough for a year-on-year trend.
const snapshotDays = 400

// SetNPSAnswers replaces every answer imported under source with answers:
// a re-import of the same survey export does not count its answers twice,
// and a reader never sees half an import, because one SET replaces the
// source's whole list. The source joins the index after its answers are
// stored (two commands, not one transaction: the keys are in different
// Cluster slots, and a source listed before its answers exist reads as
// none). Answers carry a company id or domain, a score and a date, nothing
// about the respondent.
func (s *Store) SetNPSAnswers(ctx context.Context, source string, answers []crm.NPSAnswer) error {
	b, err := json.Marshal(answers)
	if err != nil {
		return err
	}
	if err := s.rdb.Set(ctx, s.keys.NPSSource(source), b, 0).Err(); err != nil {
		return fmt.Errorf("store: save NPS answers of %s: %w", source, err)
	}
	if err := s.rdb.SAdd(ctx, s.keys.NPSSources(), source).Err(); err != nil {
		return fmt.Errorf("store: index NPS source %s: %w", source, err)
	}
	return nil
}

// NPSAnswersOf returns the answers imported under source (none when it was
// never imported).
func (s *Store) NPSAnswersOf(ctx context.Context, source string) ([]crm.NPSAnswer, error) {
	b, err := s.rdb.Get(ctx, s.keys.NPSSource(source)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: read NPS answers of %s: %w", source, err)
	}
	var answers []crm.NPSAnswer
	if err := json.Unmarshal(b, &answers); err != nil {
		return nil, fmt.Errorf("store: decode NPS answers of %s: %w", source, err)
	}
	return answers, nil
}

// NPSAnswers returns the answers of every imported source.
func (s *Store) NPSAnswers(ctx context.Context) ([]crm.NPSAnswer, error) {
	sources, err := s.rdb.SMembers(ctx, s.keys.NPSSources()).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read NPS sources: %w", err)
	}
	slices.Sort(sources)
	var out []crm.NPSAnswer
	for _, src := range sources {
		answers, err := s.NPSAnswersOf(ctx, src)
		if err != nil {
			return nil, err
		}
		out = append(out, answers...)
	}
	return out, nil
}

// SaveKPISnapshot stores the KPI values of day (UTC date), replacing an
// earlier snapshot of the same day, and, when the day is new, drops
// snapshots older than snapshotDays.
func (s *Store) SaveKPISnapshot(ctx context.Context, day time.Time, values map[string]float64) error {
	b, err := json.Marshal(values)
	if err != nil {
		return err
	}
	key := s.keys.KPISnapshots()
	added, err := s.rdb.HSet(ctx, key, day.UTC().Format(time.DateOnly), b).Result()
	if err != nil {
		return fmt.Errorf("store: save KPI snapshot: %w", err)
	}
	if added == 0 {
		// The day had a snapshot already: nothing can have aged out since
		// it was added, so every report of the day saves one write.
		return nil
	}
	days, err := s.rdb.HKeys(ctx, key).Result()
	if err != nil {
		return fmt.Errorf("store: list KPI snapshots: %w", err)
	}
	oldest := day.UTC().AddDate(0, 0, -snapshotDays).Format(time.DateOnly)
	var drop []string
	for _, d := range days {
		if d < oldest {
			drop = append(drop, d)
		}
	}
	if len(drop) > 0 {
		return s.rdb.HDel(ctx, key, drop...).Err()
	}
	return nil
}

// KPISnapshot returns the latest snapshot taken on or before day (UTC
// date) and its date; ok is false when there is none.
func (s *Store) KPISnapshot(ctx context.Context, day time.Time) (values map[string]float64, at time.Time, ok bool, err error) {
	m, err := s.rdb.HGetAll(ctx, s.keys.KPISnapshots()).Result()
	if err != nil {
		return nil, time.Time{}, false, fmt.Errorf("store: read KPI snapshots: %w", err)
	}
	limit := day.UTC().Format(time.DateOnly)
	best := ""
	for d := range m {
		if d <= limit && d > best {
			best = d
		}
	}
	if best == "" {
		return nil, time.Time{}, false, nil
	}
	if err := json.Unmarshal([]byte(m[best]), &values); err != nil {
		return nil, time.Time{}, false, fmt.Errorf("store: decode KPI snapshot %s: %w", best, err)
	}
	at, _ = time.Parse(time.DateOnly, best)
	return values, at, true, nil
}

// HasKPISnapshot reports whether a snapshot of day (UTC date) exists.
func (s *Store) HasKPISnapshot(ctx context.Context, day time.Time) (bool, error) {
	ok, err := s.rdb.HExists(ctx, s.keys.KPISnapshots(), day.UTC().Format(time.DateOnly)).Result()
	if err != nil {
		return false, fmt.Errorf("store: read KPI snapshots: %w", err)
	}
	return ok, nil
}
