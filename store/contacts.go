package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/keycontacts/merge"
)

// SetCandidates replaces the candidates source found for accountID.
func (s *Store) SetCandidates(ctx context.Context, accountID, source string, cands []merge.Candidate) error {
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
func (s *Store) Candidates(ctx context.Context, accountID string) ([]merge.Candidate, error) {
	m, err := s.rdb.HGetAll(ctx, s.keys.Candidates(accountID)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read candidates of account %s: %w", accountID, err)
	}
	var out []merge.Candidate
	for source, v := range m {
		var cs []merge.Candidate
		if err := json.Unmarshal([]byte(v), &cs); err != nil {
			return nil, fmt.Errorf("store: decode %s candidates of account %s: %w", source, accountID, err)
		}
		out = append(out, cs...)
	}
	return out, nil
}

// DoNotContact returns the suppression list, its fingerprints keyed (an
// entry stored in the legacy unkeyed form is converted as it is read, so it
// keeps matching whether or not the store was migrated).
func (s *Store) DoNotContact(ctx context.Context) (merge.DoNotContact, error) {
	fp, err := s.Fingerprinter(ctx)
	if err != nil {
		return merge.DoNotContact{}, err
	}
	members, err := s.rdb.SMembers(ctx, s.keys.DoNotContact()).Result()
	if err != nil {
		return merge.DoNotContact{}, fmt.Errorf("store: read do-not-contact list: %w", err)
	}
	d := merge.DoNotContact{Emails: map[string]bool{}, Names: map[string]bool{}, FP: fp}
	for _, m := range members {
		if h, ok := strings.CutPrefix(m, "email:"); ok {
			d.Emails[fp.Canon(h)] = true
		} else if h, ok := strings.CutPrefix(m, "name:"); ok {
			d.Names[fp.Canon(h)] = true
		}
	}
	return d, nil
}

// AddDoNotContact puts an e-mail address, or a name at an account, on the
// suppression list (as keyed fingerprints only).
func (s *Store) AddDoNotContact(ctx context.Context, email, accountID, name string) error {
	fp, err := s.Fingerprinter(ctx)
	if err != nil {
		return err
	}
	var members []any
	if e := merge.NormalizeEmail(email); e != "" {
		members = append(members, "email:"+fp.Of("email", e))
	}
	if accountID != "" && merge.NormalizeName(name) != "" {
		members = append(members, "name:"+merge.NameEntry(fp, accountID, name))
	}
	if len(members) == 0 {
		return errors.New("store: do-not-contact needs an e-mail address or an account and a name")
	}
	if err := s.rdb.SAdd(ctx, s.keys.DoNotContact(), members...).Err(); err != nil {
		return fmt.Errorf("store: add to do-not-contact list: %w", err)
	}
	return nil
}

// Forget erases a person from abmsync's own state — key-contact candidates
// of every account and stored CRM contacts carrying that e-mail's
// fingerprint — and puts the address on the do-not-contact list. It returns
// how many candidates and stored contacts were removed. The CRM's own record
// is not touched: erasure there is the CRM's process.
func (s *Store) Forget(ctx context.Context, email string) (candidates, contacts int, err error) {
	e := merge.NormalizeEmail(email)
	if e == "" {
		return 0, 0, fmt.Errorf("store: forget: %q is not an e-mail address", email)
	}
	if err := s.AddDoNotContact(ctx, e, "", ""); err != nil {
		return 0, 0, err
	}
	fp, err := s.Fingerprinter(ctx)
	if err != nil {
		return 0, 0, err
	}
	hash := fp.Of("email", e)
	accounts, err := s.rdb.SMembers(ctx, s.keys.CandidateAccounts()).Result()
	if err != nil {
		return 0, 0, fmt.Errorf("store: forget: %w", err)
	}
	for _, acc := range accounts {
		m, err := s.rdb.HGetAll(ctx, s.keys.Candidates(acc)).Result()
		if err != nil {
			return candidates, contacts, fmt.Errorf("store: forget: %w", err)
		}
		for source, v := range m {
			var cs, keep []merge.Candidate
			if err := json.Unmarshal([]byte(v), &cs); err != nil {
				return candidates, contacts, fmt.Errorf("store: forget: decode %s candidates of %s: %w", source, acc, err)
			}
			for _, c := range cs {
				if merge.NormalizeEmail(c.Email) == e {
					candidates++
					continue
				}
				keep = append(keep, c)
			}
			if len(keep) != len(cs) {
				if err := s.SetCandidates(ctx, acc, source, keep); err != nil {
					return candidates, contacts, err
				}
			}
		}
	}
	// Pages remembered for conditional GET keep what was extracted from them.
	pages, err := s.rdb.HGetAll(ctx, s.keys.Validators()).Result()
	if err != nil {
		return candidates, contacts, fmt.Errorf("store: forget: %w", err)
	}
	for url, v := range pages {
		var pc PageCache
		if json.Unmarshal([]byte(v), &pc) != nil {
			continue
		}
		keep := pc.People[:0:0]
		for _, c := range pc.People {
			if merge.NormalizeEmail(c.Email) != e {
				keep = append(keep, c)
			}
		}
		if len(keep) != len(pc.People) {
			// Drop the validators too, so the page is read afresh.
			if err := s.rdb.HDel(ctx, s.keys.Validators(), url).Err(); err != nil {
				return candidates, contacts, fmt.Errorf("store: forget: %w", err)
			}
		}
	}
	n, err := s.forgetContacts(ctx, hash, fp.Canon)
	return candidates, n, err
}

// forgetContacts deletes the stored contacts whose e-mail fingerprint,
// made canonical by canon, is hash, and returns how many it deleted.
func (s *Store) forgetContacts(ctx context.Context, hash string, canon func(string) string) (int, error) {
	var gone []string
	ids, err := s.IDs(ctx, crm.Contacts)
	if err != nil {
		return 0, err
	}
	recs, err := s.Records(ctx, crm.Contacts, ids)
	if err != nil {
		return 0, err
	}
	for _, r := range recs {
		// Canon: a record an older process stored keeps matching.
		if canon(r.Properties["email_hash"]) == hash {
			gone = append(gone, r.ID)
		}
	}
	return s.DeleteRecords(ctx, crm.Contacts, gone)
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
	ETag         string            `json:"etag,omitempty"`
	LastModified string            `json:"last_modified,omitempty"`
	People       []merge.Candidate `json:"people,omitempty"`
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
