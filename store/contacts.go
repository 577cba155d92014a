package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/abmsync/abmsync/crm"
)

// SetCandidates replaces the candidates source found for accountID.
func (s *Store) SetCandidates(ctx context.Context, accountID, source string, cands []crm.Candidate) error {
	b, err := json.Marshal(cands)
	if err != nil {
		return fmt.Errorf("store: encode candidates: %w", err)
	}
	pipe := s.rdb.Pipeline()
	pipe.HSet(ctx, s.keys.Candidates(accountID), source, b)
	pipe.SAdd(ctx, s.keys.CandidateAccounts(), accountID)
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("store: save %d %s candidates of account %s: %w", len(cands), source, accountID, err)
	}
	return nil
}

// Candidates returns every source's candidates for accountID.
func (s *Store) Candidates(ctx context.Context, accountID string) ([]crm.Candidate, error) {
	m, err := s.rdb.HGetAll(ctx, s.keys.Candidates(accountID)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read candidates of account %s: %w", accountID, err)
	}
	var out []crm.Candidate
	for source, v := range m {
		var cs []crm.Candidate
		if err := json.Unmarshal([]byte(v), &cs); err != nil {
			return nil, fmt.Errorf("store: decode %s candidates of account %s: %w", source, accountID, err)
		}
		out = append(out, cs...)
	}
	return out, nil
}

// DoNotContactFingerprints returns the suppression list as keyed
// fingerprints: of e-mail addresses (emails) and of account + normalised
// name (names), for merge.DoNotContact. An entry stored in the legacy
// unkeyed form is converted as it is read, so it keeps matching whether or
// not the store was migrated.
func (s *Store) DoNotContactFingerprints(ctx context.Context) (emails, names map[string]bool, err error) {
	fp, err := s.Fingerprinter(ctx)
	if err != nil {
		return nil, nil, err
	}
	members, err := s.rdb.SMembers(ctx, s.keys.DoNotContact()).Result()
	if err != nil {
		return nil, nil, fmt.Errorf("store: read do-not-contact list: %w", err)
	}
	emails, names = map[string]bool{}, map[string]bool{}
	for _, m := range members {
		if h, ok := strings.CutPrefix(m, "email:"); ok {
			emails[fp.Canon(h)] = true
		} else if h, ok := strings.CutPrefix(m, "name:"); ok {
			names[fp.Canon(h)] = true
		}
	}
	return emails, names, nil
}

// AddDoNotContactFingerprints puts keyed fingerprints on the suppression
// list: email of an e-mail address, name of a person at an account
// (campaign.AddDoNotContact makes both from the plain values). An empty one
// is left out; at least one is required.
func (s *Store) AddDoNotContactFingerprints(ctx context.Context, email, name string) error {
	var members []any
	if email != "" {
		members = append(members, "email:"+email)
	}
	if name != "" {
		members = append(members, "name:"+name)
	}
	if len(members) == 0 {
		return errors.New("store: do-not-contact needs an e-mail address or an account and a name")
	}
	if err := s.rdb.SAdd(ctx, s.keys.DoNotContact(), members...).Err(); err != nil {
		return fmt.Errorf("store: add to do-not-contact list: %w", err)
	}
	return nil
}

// ErasePerson erases a person from abmsync's own state: the key-contact
// candidates of every account for which isPerson is true, the pages
// remembered for conditional GET that named them (so they are read
// afresh), and the stored CRM contacts whose e-mail fingerprint is
// emailHash (a keyed fingerprint; contacts an older process stored
// unkeyed match too). It returns how many candidates and stored contacts
// were removed. The do-not-contact list and the CRM's own record are the
// caller's (campaign.Forget).
func (s *Store) ErasePerson(ctx context.Context, emailHash string, isPerson func(crm.Candidate) bool) (candidates, contacts int, err error) {
	if candidates, err = s.eraseCandidates(ctx, isPerson); err != nil {
		return candidates, 0, err
	}
	if err := s.forgetPages(ctx, isPerson); err != nil {
		return candidates, 0, err
	}
	fp, err := s.Fingerprinter(ctx)
	if err != nil {
		return candidates, 0, err
	}
	var gone []string
	ids, err := s.IDs(ctx, crm.Contacts)
	if err != nil {
		return candidates, 0, err
	}
	recs, err := s.Records(ctx, crm.Contacts, ids)
	if err != nil {
		return candidates, 0, err
	}
	for _, r := range recs {
		// Canon: a record an older process stored keeps matching.
		if fp.Canon(r.Properties["email_hash"]) == emailHash {
			gone = append(gone, r.ID)
		}
	}
	n, err := s.DeleteRecords(ctx, crm.Contacts, gone)
	return candidates, n, err
}

// eraseCandidates drops the candidates isPerson picks from every account
// and source and returns how many.
func (s *Store) eraseCandidates(ctx context.Context, isPerson func(crm.Candidate) bool) (int, error) {
	accounts, err := s.rdb.SMembers(ctx, s.keys.CandidateAccounts()).Result()
	if err != nil {
		return 0, fmt.Errorf("store: forget: %w", err)
	}
	removed := 0
	for _, acc := range accounts {
		m, err := s.rdb.HGetAll(ctx, s.keys.Candidates(acc)).Result()
		if err != nil {
			return removed, fmt.Errorf("store: forget: %w", err)
		}
		for source, v := range m {
			var cs, keep []crm.Candidate
			if err := json.Unmarshal([]byte(v), &cs); err != nil {
				return removed, fmt.Errorf("store: forget: decode %s candidates of %s: %w", source, acc, err)
			}
			for _, c := range cs {
				if isPerson(c) {
					removed++
					continue
				}
				keep = append(keep, c)
			}
			if len(keep) != len(cs) {
				if err := s.SetCandidates(ctx, acc, source, keep); err != nil {
					return removed, err
				}
			}
		}
	}
	return removed, nil
}

// forgetPages drops the remembered pages that named a person isPerson
// picks: they keep what was extracted from them, and without their
// validators they are read afresh.
func (s *Store) forgetPages(ctx context.Context, isPerson func(crm.Candidate) bool) error {
	pages, err := s.rdb.HGetAll(ctx, s.keys.Validators()).Result()
	if err != nil {
		return fmt.Errorf("store: forget: %w", err)
	}
	for url, v := range pages {
		var pc PageCache
		if json.Unmarshal([]byte(v), &pc) != nil {
			continue
		}
		if slices.ContainsFunc(pc.People, isPerson) {
			if err := s.rdb.HDel(ctx, s.keys.Validators(), url).Err(); err != nil {
				return fmt.Errorf("store: forget: %w", err)
			}
		}
	}
	return nil
}

// PushedContacts returns what was last written for each key contact of
// accountID (contact key -> property values).
func (s *Store) PushedContacts(ctx context.Context, accountID string) (map[string]map[string]string, error) {
	m, err := s.rdb.HGetAll(ctx, s.keys.PushedContacts(accountID)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read pushed contacts of %s: %w", accountID, err)
	}
	out := make(map[string]map[string]string, len(m))
	for k, v := range m {
		var props map[string]string
		if err := json.Unmarshal([]byte(v), &props); err != nil {
			return nil, fmt.Errorf("store: decode pushed contact %s: %w", k, err)
		}
		out[k] = props
	}
	return out, nil
}

// SetPushedContact records what was written for one key contact.
func (s *Store) SetPushedContact(ctx context.Context, accountID, key string, props map[string]string) error {
	b, err := json.Marshal(props)
	if err != nil {
		return err
	}
	if err := s.rdb.HSet(ctx, s.keys.PushedContacts(accountID), key, b).Err(); err != nil {
		return fmt.Errorf("store: save pushed contact: %w", err)
	}
	return nil
}

// SetKeyContacts saves an account's key-contact summary for the metrics.
func (s *Store) SetKeyContacts(ctx context.Context, accountID string, fields map[string]string) error {
	if err := s.rdb.HSet(ctx, s.keys.KeyContacts(accountID), fields).Err(); err != nil {
		return fmt.Errorf("store: save key contacts of %s: %w", accountID, err)
	}
	return nil
}

// KeyContacts returns an account's key-contact summary (empty when none).
func (s *Store) KeyContacts(ctx context.Context, accountID string) (map[string]string, error) {
	m, err := s.rdb.HGetAll(ctx, s.keys.KeyContacts(accountID)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read key contacts of %s: %w", accountID, err)
	}
	return m, nil
}

// PageCache is what abmsync remembers of a fetched page: its conditional-GET
// validators and the candidates extracted from it, reused when the site
// answers 304 Not Modified.
type PageCache struct {
	ETag         string          `json:"etag,omitempty"`
	LastModified string          `json:"last_modified,omitempty"`
	People       []crm.Candidate `json:"people,omitempty"`
}

// Page returns what is remembered of url (ok false when nothing).
func (s *Store) Page(ctx context.Context, url string) (pc PageCache, ok bool, err error) {
	v, err := s.rdb.HGet(ctx, s.keys.Validators(), url).Result()
	if errors.Is(err, redis.Nil) {
		return PageCache{}, false, nil
	}
	if err != nil {
		return PageCache{}, false, fmt.Errorf("store: read page cache: %w", err)
	}
	if err := json.Unmarshal([]byte(v), &pc); err != nil {
		return PageCache{}, false, nil // unreadable: fetch afresh
	}
	return pc, true, nil
}

// SetPage remembers url's validators and extracted candidates.
func (s *Store) SetPage(ctx context.Context, url string, pc PageCache) error {
	b, err := json.Marshal(pc)
	if err != nil {
		return err
	}
	if err := s.rdb.HSet(ctx, s.keys.Validators(), url, b).Err(); err != nil {
		return fmt.Errorf("store: save page cache: %w", err)
	}
	return nil
}

// ICPTiers returns the hs_ideal_customer_profile values abmsync wrote, by
// company id.
func (s *Store) ICPTiers(ctx context.Context) (map[string]string, error) {
	m, err := s.rdb.HGetAll(ctx, s.keys.ICPTiers()).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read ICP tiers: %w", err)
	}
	return m, nil
}

// SetICPTiers records tiers abmsync wrote.
func (s *Store) SetICPTiers(ctx context.Context, tiers map[string]string) error {
	if len(tiers) == 0 {
		return nil
	}
	if err := s.rdb.HSet(ctx, s.keys.ICPTiers(), tiers).Err(); err != nil {
		return fmt.Errorf("store: save ICP tiers: %w", err)
	}
	return nil
}
