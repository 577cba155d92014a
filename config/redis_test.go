package config

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestRedisConn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		cfg     RedisConfig
		want    RedisConn
		wantKey string // non-empty: the error must name this key
	}{
		{name: "embedded", want: RedisConn{Mode: RedisEmbedded}},
		{name: "single", cfg: RedisConfig{URL: "redis://:pw@h:6379/2"}, want: RedisConn{Mode: RedisSingle, URL: "redis://:pw@h:6379/2"}},
		{name: "unix", cfg: RedisConfig{URL: "unix:///run/redis.sock"}, want: RedisConn{Mode: RedisSingle, URL: "unix:///run/redis.sock"}},
		{
			name: "sentinel url",
			cfg:  RedisConfig{URL: "redis-sentinel://app:pw@s1:26380,s2,[::1]:26381/mymaster/3?sentinel_password=spw"},
			want: RedisConn{Mode: RedisSentinel, Addrs: []string{"s1:26380", "s2:26379", "[::1]:26381"}, MasterName: "mymaster",
				Username: "app", Password: "pw", SentinelPassword: "spw", DB: 3},
		},
		{
			name: "sentinel url tls no db",
			cfg:  RedisConfig{URL: "rediss-sentinel://s1:26379/m"},
			want: RedisConn{Mode: RedisSentinel, Addrs: []string{"s1:26379"}, MasterName: "m", TLS: true},
		},
		{
			name: "cluster url",
			cfg:  RedisConfig{URL: "redis-cluster://:pw@n1:7000,n2:7001,n3"},
			want: RedisConn{Mode: RedisCluster, Addrs: []string{"n1:7000", "n2:7001", "n3:6379"}, Password: "pw"},
		},
		{
			name: "cluster url tls",
			cfg:  RedisConfig{URL: "rediss-cluster://n1:7000/"},
			want: RedisConn{Mode: RedisCluster, Addrs: []string{"n1:7000"}, TLS: true},
		},
		{
			name: "sentinel keys",
			cfg: RedisConfig{Sentinel: RedisSentinelConfig{Master: "m", Addrs: []string{"a:1", "b"}, Password: "p",
				SentinelPassword: "sp", DB: 1}},
			want: RedisConn{Mode: RedisSentinel, Addrs: []string{"a:1", "b:26379"}, MasterName: "m", Password: "p", SentinelPassword: "sp", DB: 1},
		},
		{
			name: "cluster keys",
			cfg:  RedisConfig{Cluster: RedisClusterConfig{Addrs: []string{"a:7000"}, Password: "p", TLS: true}},
			want: RedisConn{Mode: RedisCluster, Addrs: []string{"a:7000"}, Password: "p", TLS: true},
		},
		{name: "sentinel without master", cfg: RedisConfig{URL: "redis-sentinel://:hunter2@s1:26379"}, wantKey: "redis.url"},
		{name: "sentinel bad db", cfg: RedisConfig{URL: "redis-sentinel://u:hunter2@s1/m/x"}, wantKey: "redis.url"},
		{name: "sentinel extra path", cfg: RedisConfig{URL: "redis-sentinel://s1/m/0/1"}, wantKey: "redis.url"},
		{name: "cluster with db", cfg: RedisConfig{URL: "redis-cluster://:hunter2@n1:7000/0"}, wantKey: "redis.url"},
		{name: "cluster bad port", cfg: RedisConfig{URL: "redis-cluster://:hunter2@n1:70000"}, wantKey: "redis.url"},
		{name: "cluster empty host", cfg: RedisConfig{URL: "redis-cluster://n1:7000,,n2"}, wantKey: "redis.url"},
		{name: "cluster no hosts", cfg: RedisConfig{URL: "redis-cluster://:hunter2@/"}, wantKey: "redis.url"},
		{name: "cluster sentinel param", cfg: RedisConfig{URL: "redis-cluster://n1?sentinel_password=x"}, wantKey: "redis.url"},
		{name: "unknown param", cfg: RedisConfig{URL: "redis-sentinel://s1/m?pool=3&sentinel_password=hunter2"}, wantKey: "redis.url"},
		{name: "unknown scheme", cfg: RedisConfig{URL: "redis-shard://h"}, wantKey: "redis.url"},
		{name: "no scheme", cfg: RedisConfig{URL: "h:6379"}, wantKey: "redis.url"},
		{name: "url and sentinel", cfg: RedisConfig{URL: "redis://h", Sentinel: RedisSentinelConfig{Master: "m"}}, wantKey: "redis.sentinel"},
		{name: "url and cluster", cfg: RedisConfig{URL: "redis://h", Cluster: RedisClusterConfig{Addrs: []string{"a"}}}, wantKey: "redis.cluster"},
		{name: "sentinel and cluster", cfg: RedisConfig{Sentinel: RedisSentinelConfig{Master: "m", Addrs: []string{"a"}},
			Cluster: RedisClusterConfig{Addrs: []string{"a"}}}, wantKey: "redis.cluster"},
		{name: "sentinel keys no master", cfg: RedisConfig{Sentinel: RedisSentinelConfig{Addrs: []string{"a"}}}, wantKey: "redis.sentinel.master"},
		{name: "sentinel keys no addrs", cfg: RedisConfig{Sentinel: RedisSentinelConfig{Master: "m"}}, wantKey: "redis.sentinel.addrs"},
		{name: "sentinel keys bad addr", cfg: RedisConfig{Sentinel: RedisSentinelConfig{Master: "m", Addrs: []string{"a:b:c"}}}, wantKey: "redis.sentinel.addrs"},
		{name: "sentinel keys bad db", cfg: RedisConfig{Sentinel: RedisSentinelConfig{Master: "m", Addrs: []string{"a"}, DB: -1}}, wantKey: "redis.sentinel.db"},
		{name: "cluster keys bad port", cfg: RedisConfig{Cluster: RedisClusterConfig{Addrs: []string{"a:0"}}}, wantKey: "redis.cluster.addrs"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := tc.cfg.Conn()
			if tc.wantKey != "" {
				var ce *Error
				if !errors.As(err, &ce) || ce.Key != tc.wantKey {
					t.Fatalf("Conn() error = %v, want one naming %s", err, tc.wantKey)
				}
				if strings.Contains(ce.Msg, "hunter2") {
					t.Errorf("error %q quotes the password", ce.Msg)
				}
				return
			}
			if err != nil {
				t.Fatalf("Conn() error = %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Conn() =\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
}

func TestLoadRedisHA(t *testing.T) {
	t.Parallel()
	env := map[string]string{"REDIS_URL": "redis-sentinel://:pw@s1,s2/mymaster"}
	c, err := Load("", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if conn, _ := c.Redis.Conn(); conn.Mode != RedisSentinel || conn.MasterName != "mymaster" || len(conn.Addrs) != 2 {
		t.Errorf("REDIS_URL sentinel: %+v", conn)
	}
	if _, err := Load("", func(k string) string { return map[string]string{"REDIS_URL": "redis-cluster://:hunter2@n1/0"}[k] }); err == nil ||
		!strings.Contains(err.Error(), "redis.url") || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("bad cluster REDIS_URL: error %v, want one naming redis.url without the password", err)
	}
}

func TestRedactedRedisHA(t *testing.T) {
	t.Parallel()
	c := Default()
	c.Redis.URL = "redis-sentinel://app:hunter2@s1,s2:26380/mymaster/1?sentinel_password=hunter3"
	if got, want := c.Redacted().Redis.URL, "redis-sentinel://app:REDACTED@s1:26379,s2:26380/mymaster/1?sentinel_password=REDACTED"; got != want {
		t.Errorf("sentinel URL redacted = %q, want %q", got, want)
	}
	c.Redis.URL = "rediss-cluster://:hunter2@n1:7000,n2:7001"
	if got, want := c.Redacted().Redis.URL, "rediss-cluster://:REDACTED@n1:7000,n2:7001"; got != want {
		t.Errorf("cluster URL redacted = %q, want %q", got, want)
	}
	c.Redis.URL = ""
	c.Redis.Sentinel = RedisSentinelConfig{Master: "m", Addrs: []string{"a"}, Password: "hunter2", SentinelPassword: "hunter3"}
	c.Redis.Cluster.Password = "hunter4"
	r := c.Redacted()
	if r.Redis.Sentinel.Password != RedactedValue || r.Redis.Sentinel.SentinelPassword != RedactedValue || r.Redis.Cluster.Password != RedactedValue {
		t.Errorf("redacted redis keys: %+v", r.Redis)
	}
	r.Redis.Sentinel.Addrs[0] = "changed"
	if c.Redis.Sentinel.Addrs[0] != "a" {
		t.Error("Redacted shares the sentinel address slice")
	}
}
