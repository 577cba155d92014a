// Package redistest connects tests to the real Redis server named by
// REDIS_URL (default redis://127.0.0.1:6379). Each test package passes its
// own database number, because asynq's keys cannot be prefixed: packages
// that run asynq side by side must not share a database.
package redistest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// Options returns the connection options for database db.
func Options(t testing.TB, db int) *redis.Options {
	t.Helper()
	url := os.Getenv("REDIS_URL")
	if url == "" {
		url = "redis://127.0.0.1:6379"
	}
	opt, err := redis.ParseURL(url)
	if err != nil {
		t.Fatalf("REDIS_URL: %v", err)
	}
	opt.DB = db
	return opt
}

// Client returns a client on database db after checking that Redis answers.
// With flush, the database is emptied first (for packages that run asynq).
// The client is closed when the test ends.
func Client(t testing.TB, db int, flush bool) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(Options(t, db))
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Fatalf("redis at %s does not answer (start redis-server or set REDIS_URL): %v", rdb.Options().Addr, err)
	}
	if flush {
		if err := rdb.FlushDB(ctx).Err(); err != nil {
			t.Fatalf("flush redis db %d: %v", db, err)
		}
	}
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// Prefix returns a key prefix unique to this test, so tests sharing a
// database can run in parallel; its keys are deleted when the test ends.
func Prefix(t testing.TB, rdb *redis.Client) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	p := "test-" + hex.EncodeToString(b[:])
	t.Cleanup(func() {
		ctx := context.Background()
		iter := rdb.Scan(ctx, 0, p+":*", 1000).Iterator()
		for iter.Next(ctx) {
			rdb.Del(ctx, iter.Val())
		}
	})
	return p
}
