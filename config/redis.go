package config

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// RedisSentinelConfig reaches a Redis master through Sentinel: the
// sentinels name the current master, and a failover moves the clients to
// the promoted replica.
type RedisSentinelConfig struct {
	// Master is the master name the sentinels monitor ("mymaster").
	Master string `yaml:"master"`
	// Addrs are the sentinels, host:port (port 26379 when omitted).
	Addrs []string `yaml:"addrs"`
	// Username and Password authenticate to the master and replicas.
	Username string `yaml:"username"`
	Password string `yaml:"password"`
	// SentinelUsername and SentinelPassword authenticate to the sentinels
	// (their requirepass), when they have one.
	SentinelUsername string `yaml:"sentinel_username"`
	SentinelPassword string `yaml:"sentinel_password"`
	// DB is the database number (default 0).
	DB int `yaml:"db"`
	// TLS connects to sentinels and data nodes with TLS.
	TLS bool `yaml:"tls"`
}

// RedisClusterConfig reaches a Redis Cluster through any of its nodes; the
// client learns the rest of the cluster from them.
type RedisClusterConfig struct {
	// Addrs are seed nodes, host:port (port 6379 when omitted).
	Addrs    []string `yaml:"addrs"`
	Username string   `yaml:"username"`
	Password string   `yaml:"password"`
	// TLS connects to the nodes with TLS.
	TLS bool `yaml:"tls"`
}

// RedisMode is how abmsync reaches Redis.
type RedisMode string

// The Redis modes RedisConfig.Conn resolves to.
const (
	RedisEmbedded RedisMode = "embedded" // in-process miniredis: no URL, no keys
	RedisSingle   RedisMode = "single"   // one server: redis://, rediss://, unix://
	RedisSentinel RedisMode = "sentinel" // redis-sentinel:// or redis.sentinel.*
	RedisCluster  RedisMode = "cluster"  // redis-cluster:// or redis.cluster.*
)

// RedisConn is a resolved Redis connection: what both asynq's connection
// option and abmsync's go-redis client are built from.
type RedisConn struct {
	Mode RedisMode
	// URL is the redis://, rediss:// or unix:// URL of RedisSingle (parsed
	// by go-redis, so its query options apply).
	URL string
	// Addrs are the sentinels (RedisSentinel) or seed nodes (RedisCluster).
	Addrs []string
	// MasterName is the monitored master (RedisSentinel).
	MasterName                         string
	Username, Password                 string
	SentinelUsername, SentinelPassword string
	DB                                 int
	TLS                                bool
}

// Default ports of a sentinel and of a cluster node.
const (
	sentinelPort = "26379"
	clusterPort  = "6379"
)

// Conn resolves redis.url or the redis.sentinel / redis.cluster keys into
// one connection. It returns an *Error naming the key at fault: two ways of
// connecting given at once, a malformed URL (never quoted: it may hold a
// password), a sentinel set-up without master or addresses.
func (r RedisConfig) Conn() (RedisConn, error) {
	sentinel := r.Sentinel.Master != "" || len(r.Sentinel.Addrs) > 0
	cluster := len(r.Cluster.Addrs) > 0
	switch {
	case r.URL != "" && sentinel:
		return RedisConn{}, &Error{Key: "redis.sentinel", Msg: "set either redis.url (REDIS_URL) or redis.sentinel, not both"}
	case r.URL != "" && cluster:
		return RedisConn{}, &Error{Key: "redis.cluster", Msg: "set either redis.url (REDIS_URL) or redis.cluster, not both"}
	case sentinel && cluster:
		return RedisConn{}, &Error{Key: "redis.cluster", Msg: "set either redis.sentinel or redis.cluster, not both"}
	case sentinel:
		s := r.Sentinel
		if s.Master == "" {
			return RedisConn{}, &Error{Key: "redis.sentinel.master", Msg: "missing: the master name the sentinels monitor"}
		}
		if len(s.Addrs) == 0 {
			return RedisConn{}, &Error{Key: "redis.sentinel.addrs", Msg: "missing: at least one sentinel host:port"}
		}
		addrs, msg := hostPorts(s.Addrs, sentinelPort)
		if msg != "" {
			return RedisConn{}, &Error{Key: "redis.sentinel.addrs", Msg: msg}
		}
		if s.DB < 0 {
			return RedisConn{}, &Error{Key: "redis.sentinel.db", Msg: "must be 0 or more"}
		}
		return RedisConn{Mode: RedisSentinel, Addrs: addrs, MasterName: s.Master, Username: s.Username, Password: s.Password,
			SentinelUsername: s.SentinelUsername, SentinelPassword: s.SentinelPassword, DB: s.DB, TLS: s.TLS}, nil
	case cluster:
		addrs, msg := hostPorts(r.Cluster.Addrs, clusterPort)
		if msg != "" {
			return RedisConn{}, &Error{Key: "redis.cluster.addrs", Msg: msg}
		}
		return RedisConn{Mode: RedisCluster, Addrs: addrs, Username: r.Cluster.Username, Password: r.Cluster.Password, TLS: r.Cluster.TLS}, nil
	case r.URL == "":
		return RedisConn{Mode: RedisEmbedded}, nil
	}
	c, msg := parseRedisURL(r.URL)
	if msg != "" {
		return RedisConn{}, &Error{Key: "redis.url", Msg: msg}
	}
	return c, nil
}

// redisSchemes is what the messages list as accepted.
const redisSchemes = "redis://, rediss://, unix://, redis-sentinel://, rediss-sentinel://, redis-cluster:// or rediss-cluster://"

// parseRedisURL resolves a Redis URL, or says why it cannot. The message
// never quotes the URL: a malformed one can put a password anywhere.
func parseRedisURL(s string) (RedisConn, string) {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return RedisConn{}, "missing scheme; want " + redisSchemes
	}
	switch scheme {
	case "redis", "rediss", "unix":
		if msg := checkRedisURL(s); msg != "" {
			return RedisConn{}, msg
		}
		return RedisConn{Mode: RedisSingle, URL: s}, ""
	case "redis-sentinel", "rediss-sentinel", "redis-cluster", "rediss-cluster":
		return parseMultiHostURL(scheme, rest)
	default:
		return RedisConn{}, fmt.Sprintf("unsupported scheme %q; want %s", scheme, redisSchemes)
	}
}

// parseMultiHostURL resolves a Sentinel or Cluster URL (scheme, and rest
// after "://"), or says why it cannot, like parseRedisURL.
func parseMultiHostURL(scheme, rest string) (RedisConn, string) {
	sentinel := strings.HasSuffix(scheme, "-sentinel")
	want := "redis-cluster://[user:password@]host:port[,host:port...]"
	if sentinel {
		want = "redis-sentinel://[user:password@]host:port[,host:port...]/master[/db]"
	}
	// The authority holds several comma-separated hosts, which net/url does
	// not parse: split it off by hand and let url.Parse read the rest.
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	authority, tail := rest[:end], rest[end:]
	userinfo, hosts := "", authority
	if i := strings.LastIndex(authority, "@"); i >= 0 {
		userinfo, hosts = authority[:i+1], authority[i+1:]
	}
	if hosts == "" {
		return RedisConn{}, "missing hosts; want " + want
	}
	u, err := url.Parse("x://" + userinfo + "placeholder" + tail)
	if err != nil {
		return RedisConn{}, "not a valid URL (value not shown: it may hold a password)"
	}
	port := clusterPort
	if sentinel {
		port = sentinelPort
	}
	addrs, msg := hostPorts(strings.Split(hosts, ","), port)
	if msg != "" {
		return RedisConn{}, msg
	}
	c := RedisConn{Mode: RedisCluster, Addrs: addrs, TLS: strings.HasPrefix(scheme, "rediss")}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	q := u.Query()
	if msg := checkRedisQuery(q, sentinel); msg != "" {
		return RedisConn{}, msg
	}
	path := strings.Trim(u.Path, "/")
	if !sentinel {
		if path != "" {
			return RedisConn{}, "a cluster has no database or master name: the path must be empty; want " + want
		}
		return c, ""
	}
	c.Mode = RedisSentinel
	c.SentinelUsername, c.SentinelPassword = q.Get("sentinel_username"), q.Get("sentinel_password")
	if c.MasterName, c.DB, msg = parseSentinelPath(path, want); msg != "" {
		return RedisConn{}, msg
	}
	return c, ""
}

// checkRedisQuery says what is wrong with a Sentinel or Cluster URL's
// query parameters ("" when nothing): only a Sentinel URL takes any, the
// Sentinel's own credentials.
func checkRedisQuery(q url.Values, sentinel bool) string {
	for k := range q {
		switch k {
		case "sentinel_username", "sentinel_password":
			if !sentinel {
				return fmt.Sprintf("query parameter %q is only for redis-sentinel://", k)
			}
		default:
			return fmt.Sprintf("unknown query parameter %q; only sentinel_username and sentinel_password", k)
		}
	}
	return ""
}

// parseSentinelPath reads a Sentinel URL's path, "master" or "master/db"
// without the slashes around it, or says why it cannot (want is the URL's
// expected shape, for the message).
func parseSentinelPath(path, want string) (master string, db int, msg string) {
	parts := strings.Split(path, "/")
	if parts[0] == "" {
		return "", 0, "missing master name; want " + want
	}
	switch len(parts) {
	case 1:
	case 2:
		n, err := strconv.Atoi(parts[1])
		if err != nil || n < 0 {
			return "", 0, "database must be a number 0 or more; want " + want
		}
		db = n
	default:
		return "", 0, "too many path segments; want " + want
	}
	return parts[0], db, ""
}

// hostPorts checks host[:port] addresses and adds the default port.
func hostPorts(in []string, defPort string) ([]string, string) {
	out := make([]string, 0, len(in))
	for _, a := range in {
		a = strings.TrimSpace(a)
		if a == "" {
			return nil, "empty address in the list"
		}
		host, port, err := net.SplitHostPort(a)
		if err != nil {
			// No port: a bare host name or a bracketed IPv6 address.
			host, port = strings.TrimSuffix(strings.TrimPrefix(a, "["), "]"), defPort
			if strings.ContainsAny(host, "[]/@") || (strings.Contains(host, ":") && !strings.HasPrefix(a, "[")) {
				return nil, "address must be host:port"
			}
		}
		if host == "" {
			return nil, "address without host; want host:port"
		}
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return nil, "port must be a number 1-65535"
		}
		out = append(out, net.JoinHostPort(host, port))
	}
	return out, ""
}
