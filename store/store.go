package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/fingerprint"
)

// ErrNotFound is returned when a run or record does not exist.
var ErrNotFound = errors.New("store: not found")

// Store is abmsync's state in Redis. It only uses single-key commands and
// non-transactional pipelines, so it works unchanged on Redis Cluster, where a
// multi-key command across hash slots fails. Every write is idempotent: a
// retried task may write the same page again without harm.
type Store struct {
	rdb  redis.UniversalClient
	keys Keys

	fpMu sync.Mutex
	fp   *fingerprint.Fingerprinter // set by OpenFingerprints or on first use
}

// New returns a Store on rdb with every key under prefix.
func New(rdb redis.UniversalClient, prefix string) *Store {
	return &Store{rdb: rdb, keys: NewKeys(prefix)}
}

// Keys returns the key builder, for tests and tools that inspect Redis.
func (s *Store) Keys() Keys { return s.keys }

// Ping reports whether Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("store: redis ping: %w", err)
	}
	return nil
}

// chunk is how many commands go into one pipeline round trip.
const chunk = 500

// UpsertRecords stores recs and maintains the company membership indexes from
// their associations. A record older than the stored one (by UpdatedAt) is
// skipped, so an overlapping re-read never rolls data back. It returns how many
// records were written.
func (s *Store) UpsertRecords(ctx context.Context, recs []crm.Record) (int, error) {
	return s.upsert(ctx, recs, "")
}

// UpsertRecordsSeen is UpsertRecords for a full pull: it also marks every
// record's id seen by run runID (see MarkSeen), in the same round trip as
// the writes, older versions it does not write included.
func (s *Store) UpsertRecordsSeen(ctx context.Context, runID string, recs []crm.Record) (int, error) {
	return s.upsert(ctx, recs, runID)
}

func (s *Store) upsert(ctx context.Context, recs []crm.Record, seenBy string) (int, error) {
	written := 0
	for start := 0; start < len(recs); start += chunk {
		end := min(start+chunk, len(recs))
		n, err := s.upsertChunk(ctx, recs[start:end], seenBy)
		written += n
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

func (s *Store) upsertChunk(ctx context.Context, recs []crm.Record, seenBy string) (int, error) {
	old, err := s.getRecords(ctx, recs)
	if err != nil {
		return 0, err
	}
	pipe := s.rdb.Pipeline()
	if seenBy != "" {
		key := s.keys.Seen(seenBy, recs[0].Type)
		ids := make([]any, len(recs))
		for i, r := range recs {
			ids[i] = r.ID
		}
		pipe.SAdd(ctx, key, ids...)
		pipe.Expire(ctx, key, seenTTL)
	}
	written := 0
	// One SADD per type for the id sets: a page is one type.
	ids := map[crm.ObjectType][]any{}
	for i := range recs {
		r := &recs[i]
		prev := old[i]
		if prev != nil && prev.UpdatedAt.After(r.UpdatedAt) && !r.UpdatedAt.IsZero() {
			continue
		}
		b, err := appendRecord(nil, r)
		if err != nil {
			return 0, fmt.Errorf("store: encode %s %s: %w", r.Type, r.ID, err)
		}
		pipe.Set(ctx, s.keys.Record(r.Type, r.ID), b, 0)
		ids[r.Type] = append(ids[r.Type], r.ID)
		s.reindex(ctx, pipe, prev, r)
		written++
	}
	for t, list := range ids {
		pipe.SAdd(ctx, s.keys.IDs(t), list...)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return 0, fmt.Errorf("store: write %d %s records: %w", len(recs), recs[0].Type, err)
	}
	return written, nil
}

// reindex moves a contact or deal between company membership sets when its
// company associations change (prev nil: new record; cur nil: deleted).
func (s *Store) reindex(ctx context.Context, pipe redis.Pipeliner, prev, cur *crm.Record) {
	var t crm.ObjectType
	var before, after []string
	if prev != nil {
		t = prev.Type
		before = prev.Associations[crm.Companies]
	}
	if cur != nil {
		t = cur.Type
		after = cur.Associations[crm.Companies]
	}
	if t == crm.Companies {
		return
	}
	id := ""
	if cur != nil {
		id = cur.ID
	} else {
		id = prev.ID
	}
	for _, c := range before {
		if !slices.Contains(after, c) {
			pipe.SRem(ctx, s.keys.Members(c, t), id)
		}
	}
	for _, c := range after {
		pipe.SAdd(ctx, s.keys.Members(c, t), id)
	}
}

// stubs returns records carrying only type and id, to look the stored
// versions up with getRecords.
func stubs(t crm.ObjectType, ids []string) []crm.Record {
	out := make([]crm.Record, len(ids))
	for i, id := range ids {
		out[i] = crm.Record{Type: t, ID: id}
	}
	return out
}

// getRecords reads the stored versions of recs (nil where absent).
func (s *Store) getRecords(ctx context.Context, recs []crm.Record) ([]*crm.Record, error) {
	pipe := s.rdb.Pipeline()
	cmds := make([]*redis.StringCmd, len(recs))
	for i, r := range recs {
		cmds[i] = pipe.Get(ctx, s.keys.Record(r.Type, r.ID))
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("store: read %d %s records: %w", len(recs), recs[0].Type, err)
	}
	out := make([]*crm.Record, len(recs))
	for i, c := range cmds {
		b, err := c.Bytes()
		if errors.Is(err, redis.Nil) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("store: read %s %s: %w", recs[i].Type, recs[i].ID, err)
		}
		var r crm.Record
		if err := json.Unmarshal(b, &r); err != nil {
			return nil, fmt.Errorf("store: decode %s %s: %w", recs[i].Type, recs[i].ID, err)
		}
		out[i] = &r
	}
	return out, nil
}

// Records returns the stored records of type t with the given ids; ids that
// are not stored are left out.
func (s *Store) Records(ctx context.Context, t crm.ObjectType, ids []string) ([]crm.Record, error) {
	out := make([]crm.Record, 0, len(ids))
	for start := 0; start < len(ids); start += chunk {
		end := min(start+chunk, len(ids))
		probe := stubs(t, ids[start:end])
		got, err := s.getRecords(ctx, probe)
		if err != nil {
			return nil, err
		}
		for _, r := range got {
			if r != nil {
				out = append(out, *r)
			}
		}
	}
	return out, nil
}

// Record returns one stored record or ErrNotFound.
func (s *Store) Record(ctx context.Context, t crm.ObjectType, id string) (crm.Record, error) {
	recs, err := s.Records(ctx, t, []string{id})
	if err != nil {
		return crm.Record{}, err
	}
	if len(recs) == 0 {
		return crm.Record{}, fmt.Errorf("%s %s: %w", t, id, ErrNotFound)
	}
	return recs[0], nil
}

// IDs returns the ids of all stored records of type t, sorted.
func (s *Store) IDs(ctx context.Context, t crm.ObjectType) ([]string, error) {
	ids, err := s.rdb.SMembers(ctx, s.keys.IDs(t)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: list %s ids: %w", t, err)
	}
	slices.Sort(ids)
	return ids, nil
}

// Count returns how many records of type t are stored.
func (s *Store) Count(ctx context.Context, t crm.ObjectType) (int64, error) {
	n, err := s.rdb.SCard(ctx, s.keys.IDs(t)).Result()
	if err != nil {
		return 0, fmt.Errorf("store: count %s: %w", t, err)
	}
	return n, nil
}

// Members returns the ids of the records of type t associated with company id.
func (s *Store) Members(ctx context.Context, companyID string, t crm.ObjectType) ([]string, error) {
	ids, err := s.rdb.SMembers(ctx, s.keys.Members(companyID, t)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: list %s of company %s: %w", t, companyID, err)
	}
	slices.Sort(ids)
	return ids, nil
}

// DeleteRecords removes records (deleted or archived in the CRM) and their
// index entries. Unknown ids are ignored. It returns how many were removed.
func (s *Store) DeleteRecords(ctx context.Context, t crm.ObjectType, ids []string) (int, error) {
	removed := 0
	for start := 0; start < len(ids); start += chunk {
		end := min(start+chunk, len(ids))
		probe := stubs(t, ids[start:end])
		old, err := s.getRecords(ctx, probe)
		if err != nil {
			return removed, err
		}
		pipe := s.rdb.Pipeline()
		for i, prev := range old {
			if prev == nil {
				continue
			}
			pipe.Del(ctx, s.keys.Record(t, probe[i].ID))
			pipe.SRem(ctx, s.keys.IDs(t), probe[i].ID)
			s.reindex(ctx, pipe, prev, nil)
			if t == crm.Companies {
				// One key per DEL: the two sets hash to different Cluster slots.
				pipe.Del(ctx, s.keys.Members(prev.ID, crm.Contacts))
				pipe.Del(ctx, s.keys.Members(prev.ID, crm.Deals))
			}
			removed++
		}
		if _, err := pipe.Exec(ctx); err != nil {
			return removed, fmt.Errorf("store: delete %s records: %w", t, err)
		}
	}
	return removed, nil
}

// seenTTL keeps a run's seen set past any retry of its pull.
const seenTTL = 48 * time.Hour

// MarkSeen records ids a full pull of run runID saw, for Sweep.
func (s *Store) MarkSeen(ctx context.Context, runID string, t crm.ObjectType, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	key := s.keys.Seen(runID, t)
	pipe := s.rdb.Pipeline()
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	pipe.SAdd(ctx, key, args...)
	pipe.Expire(ctx, key, seenTTL)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("store: mark %d %s seen: %w", len(ids), t, err)
	}
	return nil
}

// MassDeleteError is returned by Sweep when a full pull would delete more
// records than the caller allows: a CRM (or a proxy in front of it) that
// answers a listing with too few records must not empty the store.
type MassDeleteError struct {
	Object crm.ObjectType
	Gone   int // records the pull did not see
	Stored int // records stored before the sweep
	Max    int // the most the caller allowed
}

func (e *MassDeleteError) Error() string {
	return fmt.Sprintf("sync would delete %d of %d stored %s (at most %d allowed): nothing deleted; if the CRM really lost them, run resync --full --allow-mass-delete",
		e.Gone, e.Stored, e.Object, e.Max)
}

// Sweep deletes stored records of type t that the full pull of run runID did
// not see (they were deleted in the CRM) and returns their ids. With
// maxDelete >= 0 it deletes nothing and returns a *MassDeleteError when more
// than maxDelete records would go.
func (s *Store) Sweep(ctx context.Context, runID string, t crm.ObjectType, maxDelete int) ([]string, error) {
	seen, err := s.rdb.SMembers(ctx, s.keys.Seen(runID, t)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read seen %s: %w", t, err)
	}
	stored, err := s.IDs(ctx, t)
	if err != nil {
		return nil, err
	}
	seenSet := make(map[string]struct{}, len(seen))
	for _, id := range seen {
		seenSet[id] = struct{}{}
	}
	var gone []string
	for _, id := range stored {
		if _, ok := seenSet[id]; !ok {
			gone = append(gone, id)
		}
	}
	if maxDelete >= 0 && len(gone) > maxDelete {
		return nil, &MassDeleteError{Object: t, Gone: len(gone), Stored: len(stored), Max: maxDelete}
	}
	if _, err := s.DeleteRecords(ctx, t, gone); err != nil {
		return nil, err
	}
	if err := s.rdb.Del(ctx, s.keys.Seen(runID, t)).Err(); err != nil {
		return gone, fmt.Errorf("store: drop seen %s: %w", t, err)
	}
	return gone, nil
}

// Cursor is the position of an incremental pull: every record modified before
// Since is stored.
type Cursor struct {
	Since     time.Time `json:"since"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Cursor returns the cursor of t (zero when none: the next pull is full).
func (s *Store) Cursor(ctx context.Context, t crm.ObjectType) (Cursor, error) {
	m, err := s.rdb.HGetAll(ctx, s.keys.Cursor(t)).Result()
	if err != nil {
		return Cursor{}, fmt.Errorf("store: read %s cursor: %w", t, err)
	}
	var c Cursor
	if v := m["since"]; v != "" {
		if c.Since, err = time.Parse(time.RFC3339Nano, v); err != nil {
			return Cursor{}, fmt.Errorf("store: bad %s cursor %q: %w", t, v, err)
		}
	}
	if v := m["updated_at"]; v != "" {
		c.UpdatedAt, _ = time.Parse(time.RFC3339Nano, v)
	}
	return c, nil
}

// advanceCursor moves the cursor forward only: a late or retried page can
// never move it back.
var advanceCursor = redis.NewScript(`
local cur = redis.call('HGET', KEYS[1], 'since')
if cur == false or cur < ARGV[1] then
  redis.call('HSET', KEYS[1], 'since', ARGV[1], 'updated_at', ARGV[2])
  return 1
end
return 0`)

// AdvanceCursor moves the cursor of t to since if that is later than the
// stored one. Call it only after the records up to since are stored.
func (s *Store) AdvanceCursor(ctx context.Context, t crm.ObjectType, since, now time.Time) error {
	// Fixed-width UTC timestamps compare correctly as strings in the script.
	if err := advanceCursor.Run(ctx, s.rdb, []string{s.keys.Cursor(t)},
		since.UTC().Format(cursorLayout), now.UTC().Format(time.RFC3339Nano)).Err(); err != nil {
		return fmt.Errorf("store: advance %s cursor: %w", t, err)
	}
	return nil
}

// cursorLayout is RFC 3339 with fixed-width nanoseconds, so that string order
// is time order.
const cursorLayout = "2006-01-02T15:04:05.000000000Z07:00"

// ResetCursor forgets the cursor of t.
func (s *Store) ResetCursor(ctx context.Context, t crm.ObjectType) error {
	return s.rdb.Del(ctx, s.keys.Cursor(t)).Err()
}

// SetStatus merges fields into the status hash of t.
func (s *Store) SetStatus(ctx context.Context, t crm.ObjectType, fields map[string]string) error {
	if len(fields) == 0 {
		return nil
	}
	if err := s.rdb.HSet(ctx, s.keys.Status(t), fields).Err(); err != nil {
		return fmt.Errorf("store: write %s status: %w", t, err)
	}
	return nil
}

// Status returns the status hash of t.
func (s *Store) Status(ctx context.Context, t crm.ObjectType) (map[string]string, error) {
	m, err := s.rdb.HGetAll(ctx, s.keys.Status(t)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read %s status: %w", t, err)
	}
	return m, nil
}

// AcquireLease takes the lease key for owner for ttl if it is free or already
// owner's. It returns the current holder when it is someone else's.
func (s *Store) AcquireLease(ctx context.Context, key, owner string, ttl time.Duration) (ok bool, holder string, err error) {
	res, err := acquireLease.Run(ctx, s.rdb, []string{key}, owner, ttl.Milliseconds()).Text()
	if err != nil {
		return false, "", fmt.Errorf("store: acquire lease %s: %w", key, err)
	}
	return res == owner, res, nil
}

var acquireLease = redis.NewScript(`
local cur = redis.call('GET', KEYS[1])
if cur == false or cur == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return ARGV[1]
end
return cur`)

var releaseLease = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`)

// ReleaseLease frees key if owner holds it.
func (s *Store) ReleaseLease(ctx context.Context, key, owner string) error {
	if err := releaseLease.Run(ctx, s.rdb, []string{key}, owner).Err(); err != nil {
		return fmt.Errorf("store: release lease %s: %w", key, err)
	}
	return nil
}

// LeaseHolder returns who holds key ("" when free).
func (s *Store) LeaseHolder(ctx context.Context, key string) (string, error) {
	v, err := s.rdb.Get(ctx, key).Result()
	if errors.Is(err, redis.Nil) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: read lease %s: %w", key, err)
	}
	return v, nil
}

// HasFlag reports whether flag key is set.
func (s *Store) HasFlag(ctx context.Context, key string) (bool, error) {
	n, err := s.rdb.Exists(ctx, key).Result()
	if err != nil {
		return false, fmt.Errorf("store: read flag %s: %w", key, err)
	}
	return n == 1, nil
}

// SetFlag sets flag key for ttl.
func (s *Store) SetFlag(ctx context.Context, key string, ttl time.Duration) error {
	if err := s.rdb.Set(ctx, key, "1", ttl).Err(); err != nil {
		return fmt.Errorf("store: set flag %s: %w", key, err)
	}
	return nil
}

// MemberRecords returns the stored records of type t associated with
// company id (Members, then Records).
func (s *Store) MemberRecords(ctx context.Context, companyID string, t crm.ObjectType) ([]crm.Record, error) {
	ids, err := s.Members(ctx, companyID, t)
	if err != nil {
		return nil, err
	}
	return s.Records(ctx, t, ids)
}
