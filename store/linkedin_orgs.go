package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// How a target account's LinkedIn organization was settled (OrgResolution
// Status).
const (
	// OrgFound: the employers typeahead named exactly one organization
	// with the account's name.
	OrgFound = "found"
	// OrgConfirmed: an admin confirmed or entered the URN.
	OrgConfirmed = "confirmed"
	// OrgAmbiguous: several organizations carry the account's name.
	OrgAmbiguous = "ambiguous"
	// OrgNone: LinkedIn named no organization with the account's name.
	OrgNone = "none"
)

// OrgCandidate is an organization LinkedIn offered for an account.
type OrgCandidate struct {
	URN  string `json:"urn"`
	Name string `json:"name"`
}

// OrgResolution is what abmsync knows about one target account's LinkedIn
// organization beyond the CRM: a URN found or confirmed (kept until it is
// in the CRM and after), or why there is none yet.
type OrgResolution struct {
	// Status is OrgFound, OrgConfirmed, OrgAmbiguous or OrgNone.
	Status string `json:"status"`
	// URN is the organization, urn:li:organization:N (found, confirmed).
	URN string `json:"urn,omitempty"`
	// Name is LinkedIn's name of URN, when LinkedIn named it.
	Name string `json:"name,omitempty"`
	// Candidates are the organizations a person may choose from: those
	// carrying the account's name (ambiguous) or look-alikes (none).
	Candidates []OrgCandidate `json:"candidates,omitempty"`
	// Query is the account's names as asked (normalised); when they change,
	// a miss is asked again at once.
	Query string `json:"query,omitempty"`
	// CheckedAt is when LinkedIn was last asked (or the admin confirmed).
	CheckedAt time.Time `json:"checked_at,omitzero"`
	// WrittenAt is when URN was written to the CRM's abm_linkedin_org_urn
	// (taken before the write); zero while not written.
	WrittenAt time.Time `json:"written_at,omitzero"`
	// Rejected are URNs people cleared from the CRM after abmsync wrote
	// them: never accepted again for this account.
	Rejected []string `json:"rejected,omitempty"`
}

// LinkedInOrgs is the hash of target accounts' organization resolutions:
// company id -> JSON OrgResolution.
func (k Keys) LinkedInOrgs() string { return k.base + "linkedin:orgs" }

// LinkedInTypeahead is the cached answer of one employers typeahead query
// (keyed by the SHA-256 of the lower-cased query).
func (k Keys) LinkedInTypeahead(query string) string {
	sum := sha256.Sum256([]byte(query))
	return k.base + "linkedin:typeahead:" + hex.EncodeToString(sum[:16])
}

// OrgResolutions returns every stored resolution by company id.
func (s *Store) OrgResolutions(ctx context.Context) (map[string]OrgResolution, error) {
	m, err := s.rdb.HGetAll(ctx, s.keys.LinkedInOrgs()).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read linkedin organizations: %w", err)
	}
	out := make(map[string]OrgResolution, len(m))
	for id, v := range m {
		var r OrgResolution
		if err := json.Unmarshal([]byte(v), &r); err != nil {
			return nil, fmt.Errorf("store: decode linkedin organization of %s: %w", id, err)
		}
		out[id] = r
	}
	return out, nil
}

// OrgResolution returns one account's resolution, or ErrNotFound.
func (s *Store) OrgResolution(ctx context.Context, id string) (OrgResolution, error) {
	v, err := s.rdb.HGet(ctx, s.keys.LinkedInOrgs(), id).Result()
	if errors.Is(err, redis.Nil) {
		return OrgResolution{}, ErrNotFound
	}
	if err != nil {
		return OrgResolution{}, fmt.Errorf("store: read linkedin organization of %s: %w", id, err)
	}
	var r OrgResolution
	if err := json.Unmarshal([]byte(v), &r); err != nil {
		return OrgResolution{}, fmt.Errorf("store: decode linkedin organization of %s: %w", id, err)
	}
	return r, nil
}

// SetOrgResolutions saves resolutions by company id (one round trip).
func (s *Store) SetOrgResolutions(ctx context.Context, rs map[string]OrgResolution) error {
	if len(rs) == 0 {
		return nil
	}
	args := make([]any, 0, 2*len(rs))
	for id, r := range rs {
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		args = append(args, id, b)
	}
	if err := s.rdb.HSet(ctx, s.keys.LinkedInOrgs(), args...).Err(); err != nil {
		return fmt.Errorf("store: save %d linkedin organizations: %w", len(rs), err)
	}
	return nil
}

// DeleteOrgResolutions forgets the resolutions of ids, so that the next
// LinkedIn sync asks again for those without a URN in the CRM.
func (s *Store) DeleteOrgResolutions(ctx context.Context, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	if err := s.rdb.HDel(ctx, s.keys.LinkedInOrgs(), ids...).Err(); err != nil {
		return fmt.Errorf("store: delete linkedin organizations: %w", err)
	}
	return nil
}

// typeaheadEntry is a cached typeahead answer with the time it was asked.
type typeaheadEntry struct {
	At     time.Time      `json:"at"`
	Answer []OrgCandidate `json:"answer"`
}

// CachedTypeahead returns the answer to query cached less than ttl before
// now, and whether there was one.
func (s *Store) CachedTypeahead(ctx context.Context, query string, now time.Time, ttl time.Duration) ([]OrgCandidate, bool, error) {
	v, err := s.rdb.Get(ctx, s.keys.LinkedInTypeahead(query)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: read cached typeahead: %w", err)
	}
	var e typeaheadEntry
	// A damaged entry is a miss: asking again repairs it.
	if err := json.Unmarshal(v, &e); err != nil || now.Sub(e.At) >= ttl {
		return nil, false, nil
	}
	return e.Answer, true, nil
}

// CacheTypeahead keeps the answer to query, asked at at, for ttl.
func (s *Store) CacheTypeahead(ctx context.Context, query string, answer []OrgCandidate, at time.Time, ttl time.Duration) error {
	if answer == nil {
		answer = []OrgCandidate{}
	}
	b, err := json.Marshal(typeaheadEntry{At: at, Answer: answer})
	if err != nil {
		return err
	}
	if err := s.rdb.Set(ctx, s.keys.LinkedInTypeahead(query), b, ttl).Err(); err != nil {
		return fmt.Errorf("store: cache typeahead: %w", err)
	}
	return nil
}
