package redisconn

import (
	"context"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/abmsync/abmsync/config"
)

// TestNew checks that both handles come from the same configuration: the
// client type and the asynq option's addresses, names and secrets agree.
func TestNew(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url        string
		wantClient any
		wantOpt    asynq.RedisConnOpt
	}{
		{"redis://u:pw@h:6380/2", &redis.Client{}, asynq.RedisClientOpt{Network: "tcp", Addr: "h:6380", Username: "u", Password: "pw", DB: 2}},
		{"redis-sentinel://u:pw@s1,s2:26380/mymaster/3?sentinel_password=spw", &redis.Client{},
			asynq.RedisFailoverClientOpt{MasterName: "mymaster", SentinelAddrs: []string{"s1:26379", "s2:26380"},
				SentinelPassword: "spw", Username: "u", Password: "pw", DB: 3}},
		{"redis-cluster://:pw@n1:7000,n2:7001", &redis.ClusterClient{},
			asynq.RedisClusterClientOpt{Addrs: []string{"n1:7000", "n2:7001"}, Password: "pw"}},
	}
	for _, tc := range tests {
		t.Run(strings.SplitN(tc.url, ":", 2)[0], func(t *testing.T) {
			t.Parallel()
			conn, err := config.RedisConfig{URL: tc.url}.Conn()
			if err != nil {
				t.Fatal(err)
			}
			rdb, opt, err := New(conn)
			if err != nil {
				t.Fatal(err)
			}
			defer rdb.Close()
			if reflect.TypeOf(rdb) != reflect.TypeOf(tc.wantClient) {
				t.Errorf("client %T, want %T", rdb, tc.wantClient)
			}
			if !reflect.DeepEqual(opt, tc.wantOpt) {
				t.Errorf("asynq option\n%+v\nwant\n%+v", opt, tc.wantOpt)
			}
			if d := Describe(conn); strings.Contains(d, "pw") {
				t.Errorf("Describe = %q shows a password", d)
			}
		})
	}
}

func TestNewTLS(t *testing.T) {
	t.Parallel()
	for _, u := range []string{"rediss-sentinel://s1/m", "rediss-cluster://n1"} {
		conn, err := config.RedisConfig{URL: u}.Conn()
		if err != nil {
			t.Fatal(err)
		}
		rdb, opt, err := New(conn)
		if err != nil {
			t.Fatal(err)
		}
		rdb.Close()
		var tlsOn bool
		switch o := opt.(type) {
		case asynq.RedisFailoverClientOpt:
			tlsOn = o.TLSConfig != nil
		case asynq.RedisClusterClientOpt:
			tlsOn = o.TLSConfig != nil
		}
		if !tlsOn {
			t.Errorf("%s: asynq option without TLS", u)
		}
	}
}

// TestSingleServer connects both handles to the Redis of REDIS_URL.
func TestSingleServer(t *testing.T) {
	url := os.Getenv("REDIS_URL")
	if url == "" {
		url = "redis://127.0.0.1:6379"
	}
	conn, err := config.RedisConfig{URL: url}.Conn()
	if err != nil {
		t.Fatal(err)
	}
	rdb, opt, err := New(conn)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Fatalf("client: %v", err)
	}
	ac := opt.MakeRedisClient().(redis.UniversalClient)
	defer ac.Close()
	if err := ac.Ping(ctx).Err(); err != nil {
		t.Fatalf("asynq option: %v", err)
	}
}
