package store

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/fingerprint"
	"github.com/abmsync/abmsync/internal/secretbox"
)

// ErrFingerprintKey is returned (wrapped) when the fingerprint key this
// process would use is not the one the stored fingerprints were made under:
// ABMSYNC_SECRET_KEY was changed or removed since. Starting anyway would let
// the do-not-contact list and erasures stop matching, so the process stops
// instead; the error says what to restore.
var ErrFingerprintKey = errors.New("store: the stored fingerprints were made under another key")

// ErrBadSecretKey is returned (wrapped) for an ABMSYNC_SECRET_KEY that is
// not 32 bytes in hex or base64; the error never repeats the value.
var ErrBadSecretKey = errors.New("store: malformed ABMSYNC_SECRET_KEY")

// fingerprintInfo derives the fingerprint key from ABMSYNC_SECRET_KEY, so
// the key used for sealing tokens is never used for anything else.
const fingerprintInfo = "abmsync fingerprint v1"

// OpenFingerprints sets up the store's fingerprinter (fingerprint.Fingerprinter)
// and returns it. The key is, in this order: a random key already stored in
// Redis (FingerprintKey: it stays, because fingerprints made under it cannot
// be converted to another key); HMAC-SHA-256(ABMSYNC_SECRET_KEY, "abmsync
// fingerprint v1") when secretKey is set; otherwise a new random key,
// stored with SET NX so processes starting at once agree on one. The key's
// id is recorded once (SET NX) and compared on every start: a different key
// is ErrFingerprintKey. secretKey is the ABMSYNC_SECRET_KEY value ("" when
// unset); errors never repeat it.
func (s *Store) OpenFingerprints(ctx context.Context, secretKey string) (*fingerprint.Fingerprinter, error) {
	var secret []byte
	if strings.TrimSpace(secretKey) != "" {
		var err error
		if secret, err = secretbox.ParseKey(secretKey); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrBadSecretKey, err)
		}
	}
	s.fpMu.Lock()
	defer s.fpMu.Unlock()
	fp, err := s.loadFingerprinter(ctx, secret)
	if err != nil {
		return nil, err
	}
	s.fp = fp
	return fp, nil
}

// Fingerprinter returns the store's fingerprinter; when OpenFingerprints
// was not called it is set up on first use as OpenFingerprints does
// without a secret key.
func (s *Store) Fingerprinter(ctx context.Context) (*fingerprint.Fingerprinter, error) {
	s.fpMu.Lock()
	defer s.fpMu.Unlock()
	if s.fp != nil {
		return s.fp, nil
	}
	fp, err := s.loadFingerprinter(ctx, nil)
	if err != nil {
		return nil, err
	}
	s.fp = fp
	return fp, nil
}

func (s *Store) loadFingerprinter(ctx context.Context, secret []byte) (*fingerprint.Fingerprinter, error) {
	stored, err := s.rdb.Get(ctx, s.keys.FingerprintKey()).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("store: read fingerprint key: %w", err)
	}
	var key []byte
	switch {
	case stored != "":
		if key, err = hex.DecodeString(stored); err != nil || len(key) != fingerprint.KeySize {
			return nil, fmt.Errorf("store: fingerprint key in %s is malformed", s.keys.FingerprintKey())
		}
	case secret != nil:
		m := hmac.New(sha256.New, secret)
		m.Write([]byte(fingerprintInfo))
		key = m.Sum(nil)
	default:
		// Fingerprints made under a secret key must not get a random key
		// now: they would stop matching.
		n, err := s.rdb.Exists(ctx, s.keys.FingerprintKeyID()).Result()
		if err != nil {
			return nil, fmt.Errorf("store: read fingerprint key id: %w", err)
		}
		if n > 0 {
			// Another process may have stored a random key (and then its
			// id) since the read above: use it. Only an id without a stored
			// key means a secret key made the fingerprints.
			if again, err := s.rdb.Get(ctx, s.keys.FingerprintKey()).Result(); err == nil && again != "" {
				return s.loadFingerprinter(ctx, secret)
			}
			return nil, fmt.Errorf("%w: they were made under ABMSYNC_SECRET_KEY, which is not set now: set it to the same value again", ErrFingerprintKey)
		}
		fresh := make([]byte, fingerprint.KeySize)
		if _, err := rand.Read(fresh); err != nil {
			return nil, fmt.Errorf("store: make fingerprint key: %w", err)
		}
		if err := s.rdb.SetNX(ctx, s.keys.FingerprintKey(), hex.EncodeToString(fresh), 0).Err(); err != nil {
			return nil, fmt.Errorf("store: save fingerprint key: %w", err)
		}
		// Whoever set it first wins; every process uses that one.
		won, err := s.rdb.Get(ctx, s.keys.FingerprintKey()).Result()
		if err != nil {
			return nil, fmt.Errorf("store: read fingerprint key: %w", err)
		}
		if key, err = hex.DecodeString(won); err != nil || len(key) != fingerprint.KeySize {
			return nil, fmt.Errorf("store: fingerprint key in %s is malformed", s.keys.FingerprintKey())
		}
	}
	fp, err := fingerprint.New(key)
	if err != nil {
		return nil, err
	}
	if err := s.rdb.SetNX(ctx, s.keys.FingerprintKeyID(), fp.KeyID(), 0).Err(); err != nil {
		return nil, fmt.Errorf("store: save fingerprint key id: %w", err)
	}
	id, err := s.rdb.Get(ctx, s.keys.FingerprintKeyID()).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read fingerprint key id: %w", err)
	}
	if id != fp.KeyID() {
		return nil, fmt.Errorf("%w: ABMSYNC_SECRET_KEY differs from the value they were made under: restore it "+
			"(a new key orphans the do-not-contact list; see README \"Personal data\")", ErrFingerprintKey)
	}
	return fp, nil
}

// FingerprintMigration says what MigrateFingerprints did.
type FingerprintMigration struct {
	// Done is false when the store was migrated already, or another process
	// holds the migration (reads convert legacy values meanwhile).
	Done bool
	// DoNotContact and Contacts count the entries and records rewritten;
	// Raced counts records changed by someone else meanwhile and left (a
	// later pull rewrites them; reads convert them until then).
	DoNotContact, Contacts, Raced int
}

// fingerprintLease is the lease name of the migration.
const fingerprintLease = "fingerprint-migration"

// MigrateFingerprints rewrites what an older version stored with unkeyed
// fingerprints or in plain text, once per key (FingerprintMigrated): every
// do-not-contact entry is converted with fp.Canon (the new entry is added
// before the old one is removed, so a suppressed person is never
// unsuppressed), and every stored contact is replaced by minimize(contact)
// (merge.MinimizeContact under fp, which converts the fingerprints and
// replaces hs_linkedin_url by its fingerprint). A record is replaced only if
// it is unchanged since it was read. One process migrates at a time (a
// lease); the others go on, since every read converts legacy values anyway.
// Running it again, or after a crash half-way, is harmless.
func (s *Store) MigrateFingerprints(ctx context.Context, fp *fingerprint.Fingerprinter, minimize func(crm.Record) crm.Record) (FingerprintMigration, error) {
	var res FingerprintMigration
	done, err := s.rdb.Get(ctx, s.keys.FingerprintMigrated()).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return res, fmt.Errorf("store: fingerprint migration: %w", err)
	}
	if done == fp.KeyID() {
		return res, nil
	}
	m := fingerprintMigrator{s: s, fp: fp, minimize: minimize, owner: newOwner(), lease: s.keys.Lease(fingerprintLease)}
	ok, _, err := s.AcquireLease(ctx, m.lease, m.owner, 5*time.Minute)
	if err != nil || !ok {
		return res, err
	}
	defer func() { _ = s.ReleaseLease(context.WithoutCancel(ctx), m.lease, m.owner) }()
	// Another process may have finished between the first look and the lease.
	if done, err := s.rdb.Get(ctx, s.keys.FingerprintMigrated()).Result(); err == nil && done == fp.KeyID() {
		return res, nil
	}
	if res.DoNotContact, err = m.doNotContact(ctx); err != nil {
		return res, err
	}
	if res.Contacts, res.Raced, err = m.contacts(ctx); err != nil {
		return res, err
	}
	if err := s.rdb.Set(ctx, s.keys.FingerprintMigrated(), fp.KeyID(), 0).Err(); err != nil {
		return res, fmt.Errorf("store: fingerprint migration: %w", err)
	}
	res.Done = true
	return res, nil
}

// fingerprintMigrator is one MigrateFingerprints run, holding the lease.
type fingerprintMigrator struct {
	s            *Store
	fp           *fingerprint.Fingerprinter
	minimize     func(crm.Record) crm.Record
	owner, lease string
}

// doNotContact converts the legacy do-not-contact entries and returns how
// many.
func (m *fingerprintMigrator) doNotContact(ctx context.Context) (int, error) {
	s := m.s
	members, err := s.rdb.SMembers(ctx, s.keys.DoNotContact()).Result()
	if err != nil {
		return 0, fmt.Errorf("store: fingerprint migration: read do-not-contact list: %w", err)
	}
	converted := 0
	for _, member := range members {
		kind, h, ok := strings.Cut(member, ":")
		if !ok || !fingerprint.IsLegacyHash(h) {
			continue
		}
		pipe := s.rdb.Pipeline() // in order: added before removed
		pipe.SAdd(ctx, s.keys.DoNotContact(), kind+":"+m.fp.Canon(h))
		pipe.SRem(ctx, s.keys.DoNotContact(), member)
		if _, err := pipe.Exec(ctx); err != nil {
			return converted, fmt.Errorf("store: fingerprint migration: do-not-contact list: %w", err)
		}
		converted++
	}
	return converted, nil
}

// contacts replaces every stored contact by its minimized form, chunk by
// chunk, renewing the lease before each: rewritten counts the records
// replaced, raced those changed by someone else meanwhile and left.
func (m *fingerprintMigrator) contacts(ctx context.Context) (rewritten, raced int, err error) {
	s := m.s
	ids, err := s.IDs(ctx, crm.Contacts)
	if err != nil {
		return 0, 0, err
	}
	for start := 0; start < len(ids); start += chunk {
		if _, _, err := s.AcquireLease(ctx, m.lease, m.owner, 5*time.Minute); err != nil {
			return rewritten, raced, err
		}
		keys := make([]string, 0, chunk)
		for _, id := range ids[start:min(start+chunk, len(ids))] {
			keys = append(keys, s.keys.Record(crm.Contacts, id))
		}
		swaps, err := m.minimized(ctx, keys)
		if err != nil {
			return rewritten, raced, err
		}
		pipe := s.rdb.Pipeline()
		results := make([]*redis.Cmd, len(swaps))
		for i, w := range swaps {
			results[i] = swapIfUnchanged.Eval(ctx, pipe, []string{w.key}, w.old, w.new)
		}
		if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
			return rewritten, raced, fmt.Errorf("store: fingerprint migration: rewrite contacts: %w", err)
		}
		for _, r := range results {
			if n, _ := r.Int(); n == 1 {
				rewritten++
			} else {
				raced++
			}
		}
	}
	return rewritten, raced, nil
}

// recordSwap replaces the record at key by new if it still holds old.
type recordSwap struct {
	key      string
	old, new []byte
}

// minimized reads the contacts at keys and returns the swaps for those
// minimize changes; records gone meanwhile or unreadable are left.
func (m *fingerprintMigrator) minimized(ctx context.Context, keys []string) ([]recordSwap, error) {
	// One GET per key (not MGET), so it works on Redis Cluster.
	pipe := m.s.rdb.Pipeline()
	cmds := make([]*redis.StringCmd, len(keys))
	for i, k := range keys {
		cmds[i] = pipe.Get(ctx, k)
	}
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("store: fingerprint migration: read contacts: %w", err)
	}
	var swaps []recordSwap
	for i, c := range cmds {
		old, err := c.Bytes()
		if err != nil {
			continue // gone meanwhile
		}
		var r crm.Record
		if json.Unmarshal(old, &r) != nil {
			continue
		}
		small := m.minimize(r)
		if maps.Equal(small.Properties, r.Properties) {
			continue
		}
		b, err := json.Marshal(small)
		if err != nil || bytes.Equal(b, old) {
			continue
		}
		swaps = append(swaps, recordSwap{keys[i], old, b})
	}
	return swaps, nil
}

// swapIfUnchanged replaces KEYS[1] by ARGV[2] only if it still holds
// ARGV[1]: a record a pull rewrote meanwhile is not rolled back.
var swapIfUnchanged = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2])
  return 1
end
return 0`)

// newOwner returns a random lease owner id.
func newOwner() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
