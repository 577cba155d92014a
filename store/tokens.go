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

	"github.com/abmsync/abmsync/crm"
)

// This file holds abmsync's LinkedIn state: the sealed OAuth token, the
// one-time OAuth state values, the companies last synced into the Matched
// Audience, the engagement per organization and day, and the values last
// written to the CRM.

// LinkedInTokenName is the Secret name of the LinkedIn token.
const LinkedInTokenName = "linkedin-token"

// OAuthState is the one-time value of an OAuth connect flow. The raw state
// never reaches Redis: the key holds its SHA-256.
func (k Keys) OAuthState(state string) string {
	sum := sha256.Sum256([]byte(state))
	return k.base + "oauth-state:" + hex.EncodeToString(sum[:])
}

// LinkedInAudience is the hash of the companies last synced into DMP
// segment segmentID: company id -> JSON AudienceMember.
func (k Keys) LinkedInAudience(segmentID string) string {
	return k.base + "linkedin:audience:" + segmentID
}

// LinkedInEngagement is the hash of one UTC day's engagement:
// organization URN -> JSON EngagementCounts.
func (k Keys) LinkedInEngagement(day time.Time) string {
	return k.base + "linkedin:engagement:" + day.UTC().Format(time.DateOnly)
}

// LinkedInPushed is the hash of the LinkedIn values last written to each
// company: company id -> JSON object of property values.
func (k Keys) LinkedInPushed() string { return k.base + "linkedin:pushed" }

// LinkedInToken returns the sealed LinkedIn token as it was saved (ok
// false when none is). The store never sees the token: connectors/linkedin
// seals it (internal/secretbox) before SaveLinkedInToken and opens what
// this returns.
func (s *Store) LinkedInToken(ctx context.Context) (sealed []byte, ok bool, err error) {
	sealed, err = s.rdb.Get(ctx, s.keys.Secret(LinkedInTokenName)).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: read linkedin token: %w", err)
	}
	return sealed, true, nil
}

// SaveLinkedInToken stores the sealed LinkedIn token, replacing the one
// stored.
func (s *Store) SaveLinkedInToken(ctx context.Context, sealed []byte) error {
	if err := s.rdb.Set(ctx, s.keys.Secret(LinkedInTokenName), sealed, 0).Err(); err != nil {
		return fmt.Errorf("store: save linkedin token: %w", err)
	}
	return nil
}

// DeleteLinkedInToken forgets the stored LinkedIn token.
func (s *Store) DeleteLinkedInToken(ctx context.Context) error {
	if err := s.rdb.Del(ctx, s.keys.Secret(LinkedInTokenName)).Err(); err != nil {
		return fmt.Errorf("store: delete linkedin token: %w", err)
	}
	return nil
}

// SaveOAuthState remembers a one-time OAuth state value for ttl.
func (s *Store) SaveOAuthState(ctx context.Context, state string, ttl time.Duration) error {
	if err := s.rdb.Set(ctx, s.keys.OAuthState(state), "1", ttl).Err(); err != nil {
		return fmt.Errorf("store: save oauth state: %w", err)
	}
	return nil
}

// TakeOAuthState consumes a state value: true when it was saved, has not
// expired and was not taken before. DEL is atomic, so of two callbacks with
// the same state only one gets true.
func (s *Store) TakeOAuthState(ctx context.Context, state string) (bool, error) {
	if state == "" {
		return false, nil
	}
	n, err := s.rdb.Del(ctx, s.keys.OAuthState(state)).Result()
	if err != nil {
		return false, fmt.Errorf("store: take oauth state: %w", err)
	}
	return n == 1, nil
}

// AudienceMember is how a company was identified to LinkedIn when it was
// added to a DMP segment: by organization URN, else by domain and name. A
// REMOVE must name it the same way.
type AudienceMember struct {
	OrganizationURN string `json:"org_urn,omitempty"`
	Domain          string `json:"domain,omitempty"`
	Name            string `json:"name,omitempty"`
}

// AudienceMembers returns the companies last synced into segmentID by
// company id.
func (s *Store) AudienceMembers(ctx context.Context, segmentID string) (map[string]AudienceMember, error) {
	m, err := s.rdb.HGetAll(ctx, s.keys.LinkedInAudience(segmentID)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read linkedin audience %s: %w", segmentID, err)
	}
	out := make(map[string]AudienceMember, len(m))
	for id, v := range m {
		var am AudienceMember
		if err := json.Unmarshal([]byte(v), &am); err != nil {
			return nil, fmt.Errorf("store: decode linkedin audience member %s: %w", id, err)
		}
		out[id] = am
	}
	return out, nil
}

// UpdateAudience records what LinkedIn accepted: add (company id -> how it
// was identified) joined segmentID, remove left it.
func (s *Store) UpdateAudience(ctx context.Context, segmentID string, add map[string]AudienceMember, remove []string) error {
	if len(add) == 0 && len(remove) == 0 {
		return nil
	}
	key := s.keys.LinkedInAudience(segmentID)
	pipe := s.rdb.Pipeline()
	if len(remove) > 0 {
		pipe.HDel(ctx, key, remove...)
	}
	if len(add) > 0 {
		vals := make(map[string]any, len(add))
		for id, am := range add {
			b, err := json.Marshal(am)
			if err != nil {
				return fmt.Errorf("store: encode linkedin audience member %s: %w", id, err)
			}
			vals[id] = b
		}
		pipe.HSet(ctx, key, vals)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("store: update linkedin audience %s: %w", segmentID, err)
	}
	return nil
}

// EngagementCounts are LinkedIn's numbers for one organization, for a day
// or summed over days.
type EngagementCounts struct {
	Impressions int64 `json:"impressions"`
	Clicks      int64 `json:"clicks"`
	Engagements int64 `json:"engagements"`
}

// engagementTTL keeps a day longer than the longest window (366 days).
const engagementTTL = 400 * 24 * time.Hour

// SetEngagement replaces the stored engagement of every UTC day from
// through to (inclusive) with rows: a day LinkedIn now reports differently,
// or not at all, holds exactly what it reports. Repeating it with the same
// rows changes nothing. Rows outside the days are ignored.
func (s *Store) SetEngagement(ctx context.Context, from, to time.Time, rows []crm.EngagementDay) error {
	from, to = linkedInDay(from), linkedInDay(to)
	byDay := map[time.Time]map[string]any{}
	for _, r := range rows {
		d := linkedInDay(r.Day)
		if d.Before(from) || d.After(to) {
			continue
		}
		b, err := json.Marshal(EngagementCounts{Impressions: r.Impressions, Clicks: r.Clicks, Engagements: r.Engagements})
		if err != nil {
			return err
		}
		if byDay[d] == nil {
			byDay[d] = map[string]any{}
		}
		byDay[d][r.OrganizationURN] = b
	}
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		key := s.keys.LinkedInEngagement(d)
		// One key per transaction: works on Redis Cluster.
		pipe := s.rdb.TxPipeline()
		pipe.Del(ctx, key)
		if vals := byDay[d]; len(vals) > 0 {
			pipe.HSet(ctx, key, vals)
			pipe.Expire(ctx, key, engagementTTL)
		}
		if _, err := pipe.Exec(ctx); err != nil {
			return fmt.Errorf("store: save linkedin engagement of %s: %w", d.Format(time.DateOnly), err)
		}
	}
	return nil
}

// EngagementTotals sums the stored engagement per organization URN over the
// UTC days from through to (inclusive).
func (s *Store) EngagementTotals(ctx context.Context, from, to time.Time) (map[string]EngagementCounts, error) {
	from, to = linkedInDay(from), linkedInDay(to)
	pipe := s.rdb.Pipeline()
	var cmds []*redis.MapStringStringCmd
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		cmds = append(cmds, pipe.HGetAll(ctx, s.keys.LinkedInEngagement(d)))
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return nil, fmt.Errorf("store: read linkedin engagement: %w", err)
	}
	out := map[string]EngagementCounts{}
	for _, c := range cmds {
		for org, v := range c.Val() {
			var ec EngagementCounts
			if err := json.Unmarshal([]byte(v), &ec); err != nil {
				return nil, fmt.Errorf("store: decode linkedin engagement of %s: %w", org, err)
			}
			t := out[org]
			t.Impressions += ec.Impressions
			t.Clicks += ec.Clicks
			t.Engagements += ec.Engagements
			out[org] = t
		}
	}
	return out, nil
}

// LinkedInPushed returns the LinkedIn property values last written to each
// company (company id -> values).
func (s *Store) LinkedInPushed(ctx context.Context) (map[string]map[string]string, error) {
	m, err := s.rdb.HGetAll(ctx, s.keys.LinkedInPushed()).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read linkedin pushed values: %w", err)
	}
	out := make(map[string]map[string]string, len(m))
	for id, v := range m {
		var props map[string]string
		if err := json.Unmarshal([]byte(v), &props); err != nil {
			return nil, fmt.Errorf("store: decode linkedin pushed values of %s: %w", id, err)
		}
		out[id] = props
	}
	return out, nil
}

// SetLinkedInPushed records the values written to company id, merged into
// what was written before.
func (s *Store) SetLinkedInPushed(ctx context.Context, id string, props map[string]string) error {
	prev, err := s.rdb.HGet(ctx, s.keys.LinkedInPushed(), id).Result()
	if err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("store: read linkedin pushed values of %s: %w", id, err)
	}
	merged := map[string]string{}
	if prev != "" {
		_ = json.Unmarshal([]byte(prev), &merged)
	}
	for k, v := range props {
		merged[k] = v
	}
	b, err := json.Marshal(merged)
	if err != nil {
		return err
	}
	if err := s.rdb.HSet(ctx, s.keys.LinkedInPushed(), id, b).Err(); err != nil {
		return fmt.Errorf("store: save linkedin pushed values of %s: %w", id, err)
	}
	return nil
}

func linkedInDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
