// Package deploy_test checks the deploy files without a network, a Docker
// daemon or a Kubernetes cluster: each file is parsed and its required
// fields checked, the abmsync configuration it carries is loaded with
// config.Load, and where an offline tool is installed it is run too
// (systemd-analyze verify, kubectl kustomize, docker compose config).
package deploy_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/abmsync/abmsync/config"
)

// doc is a decoded YAML document walked by path.
type doc map[string]any

func (d doc) get(path ...string) any {
	var cur any = map[string]any(d)
	for _, p := range path {
		m, ok := asMap(cur)
		if !ok {
			return nil
		}
		cur = m[p]
	}
	return cur
}

// asMap reads a YAML mapping: yaml.v3 decodes the ones nested in a doc as
// doc, the others as map[string]any.
func asMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case doc:
		return m, true
	case map[string]any:
		return m, true
	}
	return nil, false
}

func (d doc) str(path ...string) string {
	s, _ := d.get(path...).(string)
	return s
}

func (d doc) sub(path ...string) doc {
	m, _ := asMap(d.get(path...))
	return doc(m)
}

func readYAML(t *testing.T, path string) []doc {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var out []doc
	for {
		var d doc
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if d != nil {
			out = append(out, d)
		}
	}
}

// strs returns a YAML list of scalars as strings.
func strs(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// composeDefault resolves "${NAME:-default}" and "${NAME:?msg}" the way
// compose does with NAME unset (the :? form yields set).
func composeDefault(s, set string) string {
	return regexp.MustCompile(`\$\{[A-Z_]+(:-([^}]*)|:\?[^}]*)\}`).ReplaceAllStringFunc(s, func(m string) string {
		if i := strings.Index(m, ":-"); i >= 0 {
			return strings.TrimSuffix(m[i+2:], "}")
		}
		return set
	})
}

// loadConfig loads an abmsync config file with env as the environment.
// strongToken stands for the admin token an operator generates.
const strongToken = "0123456789abcdef0123456789abcdef"

func loadConfig(t *testing.T, path string, env map[string]string) config.Config {
	t.Helper()
	c, err := config.Load(path, func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("config.Load(%s): %v", path, err)
	}
	return c
}

func healthcheck(t *testing.T, svc doc, name string) {
	t.Helper()
	if test := strs(svc.get("healthcheck", "test")); len(test) < 2 || test[0] != "CMD" {
		t.Errorf("service %s: healthcheck.test = %v, want [CMD ...]", name, test)
	}
}

func TestCompose(t *testing.T) {
	t.Parallel()
	c := readYAML(t, "compose.yaml")[0]
	redis := c.sub("services", "redis")
	cmd := strings.Join(strs(redis.get("command")), " ")
	if !strings.Contains(cmd, "--appendonly yes") {
		t.Errorf("redis command %q: want AOF (--appendonly yes)", cmd)
	}
	if len(strs(redis.get("volumes"))) == 0 {
		t.Error("redis has no volume: the AOF would die with the container")
	}
	healthcheck(t, redis, "redis")

	app := c.sub("services", "abmsync")
	if n, _ := app.get("deploy", "replicas").(int); n != 2 {
		t.Errorf("abmsync deploy.replicas = %v, want 2", app.get("deploy", "replicas"))
	}
	healthcheck(t, app, "abmsync")
	if u := app.str("user"); u == "" || u == "0" || strings.HasPrefix(u, "0:") || u == "root" {
		t.Errorf("abmsync user = %q, want a non-root uid", u)
	}
	if cond := app.str("depends_on", "redis", "condition"); cond != "service_healthy" {
		t.Errorf("abmsync depends_on.redis.condition = %q, want service_healthy", cond)
	}
	env := map[string]string{}
	for k, v := range app.sub("environment") {
		s, _ := v.(string)
		env[k] = composeDefault(s, "set-by-the-operator")
	}
	// The operator sets the admin token (compose refuses to start without
	// it); the daemon wants at least 128 bits.
	env["ABMSYNC_ADMIN_TOKEN"] = strongToken
	cfgPath := env["ABMSYNC_CONFIG"]
	if !strings.HasPrefix(cfgPath, "/deploy/examples/") {
		t.Fatalf("ABMSYNC_CONFIG default %q is not in the image's /deploy/examples", cfgPath)
	}
	// The image copies deploy/examples to /deploy/examples.
	cfg := loadConfig(t, filepath.Join("examples", strings.TrimPrefix(cfgPath, "/deploy/examples/")), env)
	if cfg.CRM.Kind != "csv" {
		t.Errorf("compose config: crm.kind %q, want the sample campaign (csv)", cfg.CRM.Kind)
	}
	if conn, err := cfg.Redis.Conn(); err != nil || conn.Mode != config.RedisSingle {
		t.Errorf("compose REDIS_URL: %+v, %v", conn, err)
	}
	vols := strings.Join(strs(app.get("volumes")), " ")
	if !strings.Contains(vols, ":"+filepath.Dir(cfg.CSV.OutputDir)) {
		t.Errorf("csv.output_dir %s is not on a volume (%s): the read-only container cannot write it", cfg.CSV.OutputDir, vols)
	}

	// The image runs as distroless's non-root user and owns the state folder.
	df, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	stages := strings.Split(string(df), "\nFROM ")
	final := stages[len(stages)-1]
	for _, want := range []string{":nonroot", "\nUSER nonroot", "--chown=nonroot:nonroot", "/var/lib/abmsync"} {
		if !strings.Contains(final, want) {
			t.Errorf("Dockerfile final stage lacks %q", want)
		}
	}
	composeConfig(t, "compose.yaml")
}

func TestComposeSentinel(t *testing.T) {
	t.Parallel()
	c := readYAML(t, "compose.sentinel.yaml")[0]
	svcs := c.sub("services")
	rep := strings.Join(strs(svcs.get("redis-replica", "command")), " ")
	if !strings.Contains(rep, "--replicaof redis 6379") || !strings.Contains(rep, "--appendonly yes") {
		t.Errorf("redis-replica command %q: want a replica of redis with AOF", rep)
	}
	url := svcs.str("abmsync", "environment", "REDIS_URL")
	conn, err := config.RedisConfig{URL: url}.Conn()
	if err != nil || conn.Mode != config.RedisSentinel || len(conn.Addrs) != 3 {
		t.Fatalf("abmsync REDIS_URL %q: %+v, %v; want three sentinels", url, conn, err)
	}
	for i, addr := range conn.Addrs {
		name := strings.Split(addr, ":")[0]
		s := svcs.sub(name)
		if s == nil {
			t.Errorf("REDIS_URL names sentinel %s, which is no service", name)
			continue
		}
		script := strings.Join(strs(s.get("command")), "\n")
		if !strings.Contains(script, "sentinel monitor "+conn.MasterName+" redis 6379 2") || !strings.Contains(script, "--sentinel") {
			t.Errorf("sentinel %d (%s) does not monitor %s on redis with quorum 2:\n%s", i+1, name, conn.MasterName, script)
		}
		healthcheck(t, s, name)
		if cond := s.str("depends_on", "redis", "condition"); cond != "service_healthy" {
			t.Errorf("%s depends_on.redis.condition = %q", name, cond)
		}
	}
	composeConfig(t, "compose.yaml", "compose.sentinel.yaml")
}

// composeConfig runs "docker compose config" on files when the compose
// plugin is installed: it merges and validates them without a daemon and
// without pulling.
func composeConfig(t *testing.T, files ...string) {
	t.Helper()
	if exec.Command("docker", "compose", "version").Run() != nil {
		t.Log("docker compose not installed: checked by parsing only")
		return
	}
	args := []string{"compose"}
	for _, f := range files {
		args = append(args, "-f", f)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "docker", append(args, "config", "--quiet")...)
	cmd.Env = append(os.Environ(), "ABMSYNC_ADMIN_TOKEN=x")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("docker %s config: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func TestKubernetes(t *testing.T) {
	t.Parallel()
	byKind := map[string]doc{}
	for _, d := range readYAML(t, "kubernetes/abmsync.yaml") {
		byKind[d.str("kind")] = d
	}
	for _, k := range []string{"Secret", "ConfigMap", "Deployment", "PodDisruptionBudget"} {
		if byKind[k] == nil {
			t.Fatalf("kubernetes/abmsync.yaml has no %s", k)
		}
	}
	dep := byKind["Deployment"]
	if n, _ := dep.get("spec", "replicas").(int); n != 2 {
		t.Errorf("Deployment replicas = %v, want 2", dep.get("spec", "replicas"))
	}
	if dep.get("spec", "template", "spec", "securityContext", "runAsNonRoot") != true {
		t.Error("Deployment pod securityContext.runAsNonRoot is not true")
	}
	grace, _ := dep.get("spec", "template", "spec", "terminationGracePeriodSeconds").(int)
	containers, _ := dep.get("spec", "template", "spec", "containers").([]any)
	if len(containers) != 1 {
		t.Fatalf("Deployment has %d containers, want 1", len(containers))
	}
	m, _ := asMap(containers[0])
	ct := doc(m)
	if ct.str("readinessProbe", "httpGet", "path") != "/readyz" || ct.str("livenessProbe", "httpGet", "path") != "/healthz" {
		t.Errorf("probes: readiness %v liveness %v; want /readyz and /healthz", ct.get("readinessProbe"), ct.get("livenessProbe"))
	}
	for _, r := range []string{"cpu", "memory"} {
		if ct.str("resources", "requests", r) == "" {
			t.Errorf("container resources.requests.%s missing", r)
		}
	}
	secret := byKind["Secret"]
	var fromSecret bool
	for _, e := range ct.get("envFrom").([]any) {
		if m, _ := asMap(e); doc(m).str("secretRef", "name") == secret.str("metadata", "name") {
			fromSecret = true
		}
	}
	if !fromSecret {
		t.Errorf("the container does not take its environment from Secret %s", secret.str("metadata", "name"))
	}
	pdb := byKind["PodDisruptionBudget"]
	if pdb.str("spec", "selector", "matchLabels", "app") != dep.str("spec", "selector", "matchLabels", "app") {
		t.Error("the PodDisruptionBudget does not select the Deployment's pods")
	}
	if n, _ := pdb.get("spec", "minAvailable").(int); n < 1 || n >= 2 {
		t.Errorf("PodDisruptionBudget minAvailable = %v, want 1 of 2 replicas", pdb.get("spec", "minAvailable"))
	}

	// The ConfigMap's config loads with the Secret's variables (the secret
	// key placeholder replaced by a valid one), and the shutdown timeout
	// fits in the grace period.
	env := map[string]string{}
	for k, v := range secret.sub("stringData") {
		env[k], _ = v.(string)
	}
	env["ABMSYNC_SECRET_KEY"] = strings.Repeat("ab", 32)
	env["ABMSYNC_ADMIN_ADDR"] = "0.0.0.0:8080"
	path := filepath.Join(t.TempDir(), "abmsync.yaml")
	if err := os.WriteFile(path, []byte(byKind["ConfigMap"].str("data", "abmsync.yaml")), 0o600); err != nil {
		t.Fatal(err)
	}
	// The Secret's placeholder token cannot be deployed by mistake.
	if _, err := config.Load(path, func(k string) string { return env[k] }); err == nil || !strings.Contains(err.Error(), "admin.token") {
		t.Errorf("the Secret's placeholder admin token was accepted: %v", err)
	}
	env["ABMSYNC_ADMIN_TOKEN"] = strongToken
	cfg := loadConfig(t, path, env)
	if conn, err := cfg.Redis.Conn(); err != nil || conn.Mode != config.RedisSentinel {
		t.Errorf("Secret REDIS_URL: %+v, %v; want the Sentinel example", conn, err)
	}
	if d := cfg.Worker.ShutdownTimeout; d <= 0 || int(d.Seconds())+10 > grace {
		t.Errorf("worker.shutdown_timeout %s does not fit terminationGracePeriodSeconds %d", d, grace)
	}

	if _, err := exec.LookPath("kubectl"); err != nil {
		t.Log("kubectl not installed: checked by parsing only")
		return
	}
	// kustomize renders the manifests locally; it contacts no cluster.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "kubectl", "kustomize", "kubernetes").CombinedOutput()
	if err != nil {
		t.Fatalf("kubectl kustomize kubernetes: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "\nkind: "); n < 5 {
		t.Errorf("kubectl kustomize rendered %d objects, want 5", n)
	}
}

func TestSystemd(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("systemd/abmsync.service")
	if err != nil {
		t.Fatal(err)
	}
	unit := string(b)
	for _, want := range []string{"ExecStart=/usr/local/bin/abmsync serve", "KillSignal=SIGTERM", "Restart=on-failure",
		"DynamicUser=yes", "NoNewPrivileges=yes", "EnvironmentFile=", "TimeoutStopSec="} {
		if !strings.Contains(unit, want) {
			t.Errorf("abmsync.service lacks %q", want)
		}
	}
	if _, err := exec.LookPath("systemd-analyze"); err != nil {
		t.Log("systemd-analyze not installed: checked by parsing only")
		return
	}
	// verify wants ExecStart's binary to exist: point it at this test
	// binary, which does.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "abmsync.service")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(unit, "/usr/local/bin/abmsync", self)), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "systemd-analyze", "verify", path).CombinedOutput()
	if err != nil || strings.Contains(string(out), "abmsync.service:") {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}
