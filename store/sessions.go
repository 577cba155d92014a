package store

import (
	"context"
	"fmt"
	"time"
)

// AdminSession is the key of one admin dashboard session. digest is what
// the admin server derives from the session id and the admin token (never
// the cookie value itself), so a copy of Redis opens no session, and a new
// admin token ends every session.
func (k Keys) AdminSession(digest string) string {
	return k.base + "admin-session:" + digest
}

// SaveAdminSession starts the session digest for ttl.
func (s *Store) SaveAdminSession(ctx context.Context, digest string, ttl time.Duration) error {
	if err := s.rdb.Set(ctx, s.keys.AdminSession(digest), "1", ttl).Err(); err != nil {
		return fmt.Errorf("store: save admin session: %w", err)
	}
	return nil
}

// AdminSessionValid reports whether the session digest was saved, has not
// expired and was not ended.
func (s *Store) AdminSessionValid(ctx context.Context, digest string) (bool, error) {
	n, err := s.rdb.Exists(ctx, s.keys.AdminSession(digest)).Result()
	if err != nil {
		return false, fmt.Errorf("store: check admin session: %w", err)
	}
	return n == 1, nil
}

// EndAdminSession ends the session digest (logout); an unknown one is not
// an error.
func (s *Store) EndAdminSession(ctx context.Context, digest string) error {
	if err := s.rdb.Del(ctx, s.keys.AdminSession(digest)).Err(); err != nil {
		return fmt.Errorf("store: end admin session: %w", err)
	}
	return nil
}
