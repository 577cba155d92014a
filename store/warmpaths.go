package store

import (
	"context"
	"fmt"
	"slices"
)

// OwnerAccounts returns the accounts an owner's last Connections import
// touched.
func (s *Store) OwnerAccounts(ctx context.Context, owner string) ([]string, error) {
	ids, err := s.rdb.SMembers(ctx, s.keys.LinkedInOwner(owner)).Result()
	if err != nil {
		return nil, fmt.Errorf("store: read accounts of import owner: %w", err)
	}
	slices.Sort(ids)
	return ids, nil
}

// SetOwnerAccounts replaces the accounts an owner's import touched.
func (s *Store) SetOwnerAccounts(ctx context.Context, owner string, accounts []string) error {
	key := s.keys.LinkedInOwner(owner)
	pipe := s.rdb.Pipeline()
	pipe.Del(ctx, key)
	if len(accounts) > 0 {
		args := make([]any, len(accounts))
		for i, a := range accounts {
			args[i] = a
		}
		pipe.SAdd(ctx, key, args...)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		return fmt.Errorf("store: save accounts of import owner: %w", err)
	}
	return nil
}
