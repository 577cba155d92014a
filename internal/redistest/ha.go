package redistest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// HAEnv is the variable that turns on the tests that start their own Redis
// Cluster and Sentinel processes ("make redis-ha").
const HAEnv = "ABMSYNC_REDIS_HA"

// RequireHA skips t unless ABMSYNC_REDIS_HA=1 and redis-server and
// redis-cli are installed.
func RequireHA(t testing.TB) {
	t.Helper()
	if os.Getenv(HAEnv) != "1" {
		t.Skip("Redis HA tests off: set ABMSYNC_REDIS_HA=1 (make redis-ha); they start redis-server cluster and sentinel processes on loopback")
	}
	for _, bin := range []string{"redis-server", "redis-cli"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("%s not in PATH: the Redis HA tests start their own servers (apt-get install redis-server)", bin)
		}
	}
}

// Proc is a redis-server (or sentinel) process a test started; it is killed
// when the test ends.
type Proc struct {
	Addr string
	Log  string
	cmd  *exec.Cmd
	done chan struct{}
}

// Kill kills the process with SIGKILL and waits for it.
func (p *Proc) Kill() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
	}
}

// startServer runs redis-server with args on 127.0.0.1:port, in its own
// process group, and waits until it answers PING.
func startServer(t testing.TB, dir string, port int, args ...string) *Proc {
	t.Helper()
	addr := "127.0.0.1:" + strconv.Itoa(port)
	if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
		c.Close()
		t.Fatalf("port %d is taken (a redis-server left from an earlier run? redis-cli -p %d shutdown nosave)", port, port)
	}
	logPath := filepath.Join(dir, fmt.Sprintf("redis-%d.log", port))
	f, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("redis-server", args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		f.Close()
		t.Fatalf("start redis-server on %d: %v", port, err)
	}
	p := &Proc{Addr: addr, Log: logPath, cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); f.Close(); close(p.done) }()
	t.Cleanup(p.Kill)
	c := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	defer c.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := c.Ping(ctx).Err()
		cancel()
		if err == nil {
			return p
		}
		select {
		case <-p.done:
			b, _ := os.ReadFile(logPath)
			t.Fatalf("redis-server on %d exited at start:\n%s", port, b)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis-server on %d does not answer: %v", port, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Cluster is a Redis Cluster of masters without replicas on loopback.
type Cluster struct {
	Nodes []*Proc
}

// Addrs are the nodes' host:port addresses.
func (c *Cluster) Addrs() []string {
	out := make([]string, len(c.Nodes))
	for i, n := range c.Nodes {
		out[i] = n.Addr
	}
	return out
}

// URL is the redis-cluster:// URL of the cluster.
func (c *Cluster) URL() string { return "redis-cluster://" + strings.Join(c.Addrs(), ",") }

// Client returns a cluster client, closed when the test ends.
func (c *Cluster) Client(t testing.TB) *redis.ClusterClient {
	rdb := redis.NewClusterClient(&redis.ClusterOptions{Addrs: c.Addrs()})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// StartCluster starts one redis-server per port with --cluster-enabled yes,
// joins them with "redis-cli --cluster create" (every node a master, the
// 16384 slots split between them) and waits until every node reports
// cluster_state:ok. Every process is killed when the test ends.
func StartCluster(t testing.TB, ports ...int) *Cluster {
	t.Helper()
	dir := t.TempDir()
	c := &Cluster{}
	for _, port := range ports {
		p := strconv.Itoa(port)
		c.Nodes = append(c.Nodes, startServer(t, dir, port, "--port", p, "--bind", "127.0.0.1", "--dir", dir,
			"--cluster-enabled", "yes", "--cluster-config-file", "nodes-"+p+".conf", "--cluster-node-timeout", "2000",
			"--save", "", "--appendonly", "no"))
	}
	args := append([]string{"--cluster", "create"}, c.Addrs()...)
	args = append(args, "--cluster-replicas", "0", "--cluster-yes")
	if out, err := exec.Command("redis-cli", args...).CombinedOutput(); err != nil {
		t.Fatalf("redis-cli --cluster create: %v\n%s", err, out)
	}
	deadline := time.Now().Add(20 * time.Second)
	for _, n := range c.Nodes {
		rdb := redis.NewClient(&redis.Options{Addr: n.Addr})
		for {
			info, _ := rdb.ClusterInfo(context.Background()).Result()
			if strings.Contains(info, "cluster_state:ok") {
				break
			}
			if time.Now().After(deadline) {
				rdb.Close()
				t.Fatalf("cluster node %s not ok after 20s:\n%s", n.Addr, info)
			}
			time.Sleep(50 * time.Millisecond)
		}
		rdb.Close()
	}
	return c
}

// Sentinel is a master, one replica and three sentinels on loopback.
type Sentinel struct {
	Master, Replica *Proc
	Sentinels       []*Proc
	MasterName      string
}

// SentinelAddrs are the sentinels' host:port addresses.
func (s *Sentinel) SentinelAddrs() []string {
	out := make([]string, len(s.Sentinels))
	for i, n := range s.Sentinels {
		out[i] = n.Addr
	}
	return out
}

// URL is the redis-sentinel:// URL of database 0.
func (s *Sentinel) URL() string {
	return "redis-sentinel://" + strings.Join(s.SentinelAddrs(), ",") + "/" + s.MasterName + "/0"
}

// Client returns a failover client, closed when the test ends.
func (s *Sentinel) Client(t testing.TB) *redis.Client {
	rdb := redis.NewFailoverClient(&redis.FailoverOptions{MasterName: s.MasterName, SentinelAddrs: s.SentinelAddrs()})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// CurrentMaster asks a sentinel for the master's address.
func (s *Sentinel) CurrentMaster(ctx context.Context) (string, error) {
	for _, sn := range s.Sentinels {
		c := redis.NewSentinelClient(&redis.Options{Addr: sn.Addr, DialTimeout: 200 * time.Millisecond})
		a, err := c.GetMasterAddrByName(ctx, s.MasterName).Result()
		c.Close()
		if err == nil && len(a) == 2 {
			return net.JoinHostPort(a[0], a[1]), nil
		}
	}
	return "", fmt.Errorf("no sentinel names a master for %s", s.MasterName)
}

// StartSentinel starts a master on masterPort, a replica of it on
// replicaPort and a sentinel on each of sentinelPorts (quorum 2, a master is
// down after downAfter without answering), and waits until the replica is in
// sync and every sentinel knows the replica and the other sentinels.
func StartSentinel(t testing.TB, masterPort, replicaPort int, downAfter time.Duration, sentinelPorts ...int) *Sentinel {
	t.Helper()
	dir := t.TempDir()
	s := &Sentinel{MasterName: "mymaster"}
	mp, rp := strconv.Itoa(masterPort), strconv.Itoa(replicaPort)
	s.Master = startServer(t, dir, masterPort, "--port", mp, "--bind", "127.0.0.1", "--dir", dir,
		"--save", "", "--appendonly", "no", "--dbfilename", "dump-"+mp+".rdb")
	s.Replica = startServer(t, dir, replicaPort, "--port", rp, "--bind", "127.0.0.1", "--dir", dir,
		"--save", "", "--appendonly", "no", "--dbfilename", "dump-"+rp+".rdb", "--replicaof", "127.0.0.1", mp)
	for _, port := range sentinelPorts {
		p := strconv.Itoa(port)
		conf := filepath.Join(dir, "sentinel-"+p+".conf")
		body := fmt.Sprintf("port %s\nbind 127.0.0.1\ndir %s\nsentinel monitor %s 127.0.0.1 %s 2\n"+
			"sentinel down-after-milliseconds %s %d\nsentinel failover-timeout %s 10000\nsentinel parallel-syncs %s 1\n",
			p, dir, s.MasterName, mp, s.MasterName, downAfter.Milliseconds(), s.MasterName, s.MasterName)
		if err := os.WriteFile(conf, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		s.Sentinels = append(s.Sentinels, startServer(t, dir, port, conf, "--sentinel"))
	}
	deadline := time.Now().Add(30 * time.Second)
	rep := redis.NewClient(&redis.Options{Addr: s.Replica.Addr})
	defer rep.Close()
	for {
		info, _ := rep.Info(context.Background(), "replication").Result()
		if strings.Contains(info, "master_link_status:up") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("replica not in sync after 30s:\n%s", info)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, sn := range s.Sentinels {
		c := redis.NewSentinelClient(&redis.Options{Addr: sn.Addr})
		for {
			reps, _ := c.Replicas(context.Background(), s.MasterName).Result()
			sens, _ := c.Sentinels(context.Background(), s.MasterName).Result()
			if len(reps) >= 1 && len(sens) >= len(sentinelPorts)-1 {
				break
			}
			if time.Now().After(deadline) {
				c.Close()
				t.Fatalf("sentinel %s knows %d replicas and %d other sentinels after 30s", sn.Addr, len(reps), len(sens))
			}
			time.Sleep(100 * time.Millisecond)
		}
		c.Close()
	}
	return s
}
