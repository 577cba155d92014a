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

// Scan returns every key matching pattern with its values (hash fields and
// values alike) as text, for tests that prove a value is never stored.
// A key of a type it cannot read fails the test.
func Scan(t testing.TB, rdb *redis.Client, pattern string) map[string][]string {
	t.Helper()
	ctx := context.Background()
	out := map[string][]string{}
	iter := rdb.Scan(ctx, 0, pattern, 1000).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		switch typ := rdb.Type(ctx, k).Val(); typ {
		case "string":
			out[k] = []string{rdb.Get(ctx, k).Val()}
		case "hash":
			for f, v := range rdb.HGetAll(ctx, k).Val() {
				out[k] = append(out[k], f, v)
			}
		case "set":
			out[k] = rdb.SMembers(ctx, k).Val()
		case "list":
			out[k] = rdb.LRange(ctx, k, 0, -1).Val()
		case "zset":
			out[k] = rdb.ZRange(ctx, k, 0, -1).Val()
		case "none": // expired meanwhile
		default:
			t.Fatalf("key %s: type %s not scanned", k, typ)
		}
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
