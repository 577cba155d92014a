package redisconn

import (
	"crypto/tls"
	"fmt"
	"strings"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/abmsync/abmsync/config"
)

// New returns the go-redis client and the asynq option for c: a plain
// client for one server, a failover client that asks the sentinels for the
// master (and follows a failover to the promoted replica by itself) for
// Sentinel, a cluster client for Cluster. It does not connect; the caller
// pings. RedisEmbedded is the caller's to start and is an error here.
func New(c config.RedisConn) (redis.UniversalClient, asynq.RedisConnOpt, error) {
	var tlsCfg *tls.Config
	if c.TLS {
		// ServerName is left empty: go-redis dials with tls.DialWithDialer,
		// which takes it from each node's address.
		tlsCfg = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	switch c.Mode {
	case config.RedisSingle:
		opt, err := redis.ParseURL(c.URL)
		if err != nil {
			return nil, nil, &config.Error{Key: "redis.url", Msg: "not a redis URL"}
		}
		return redis.NewClient(opt), asynq.RedisClientOpt{Network: opt.Network, Addr: opt.Addr, Username: opt.Username,
			Password: opt.Password, DB: opt.DB, TLSConfig: opt.TLSConfig}, nil
	case config.RedisSentinel:
		rdb := redis.NewFailoverClient(&redis.FailoverOptions{
			MasterName: c.MasterName, SentinelAddrs: c.Addrs,
			SentinelUsername: c.SentinelUsername, SentinelPassword: c.SentinelPassword,
			Username: c.Username, Password: c.Password, DB: c.DB, TLSConfig: tlsCfg,
		})
		return rdb, asynq.RedisFailoverClientOpt{MasterName: c.MasterName, SentinelAddrs: c.Addrs,
			SentinelUsername: c.SentinelUsername, SentinelPassword: c.SentinelPassword,
			Username: c.Username, Password: c.Password, DB: c.DB, TLSConfig: tlsCfg}, nil
	case config.RedisCluster:
		rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: c.Addrs, Username: c.Username, Password: c.Password, TLSConfig: tlsCfg})
		return rdb, asynq.RedisClusterClientOpt{Addrs: c.Addrs, Username: c.Username, Password: c.Password, TLSConfig: tlsCfg}, nil
	}
	return nil, nil, fmt.Errorf("redisconn: no client for mode %q", c.Mode)
}

// Describe names what c reaches, for start-up messages; it never includes a
// password.
func Describe(c config.RedisConn) string {
	switch c.Mode {
	case config.RedisSentinel:
		return fmt.Sprintf("master %q via sentinels %s", c.MasterName, strings.Join(c.Addrs, ","))
	case config.RedisCluster:
		return "cluster " + strings.Join(c.Addrs, ",")
	case config.RedisSingle:
		if opt, err := redis.ParseURL(c.URL); err == nil {
			return opt.Addr
		}
	}
	return string(c.Mode)
}
