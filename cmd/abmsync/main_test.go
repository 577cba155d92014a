package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/abmsync/abmsync/internal/porttest"
)

// syncBuffer is a bytes.Buffer safe for the daemon's log goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func envFunc(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// startServe runs "abmsync serve" until the test ends and waits for /healthz.
func startServe(t *testing.T, env map[string]string) *syncBuffer {
	t.Helper()
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, envFunc(env), logs, logs) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve exited with %v", err)
			}
		case <-time.After(60 * time.Second):
			t.Error("serve did not stop within 60s of cancellation")
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + env["ABMSYNC_ADMIN_ADDR"] + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return logs
			}
		}
		select {
		case err := <-done:
			t.Fatalf("serve exited early: %v\n%s", err, logs)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve not healthy after 30s:\n%s", logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

var runLine = regexp.MustCompile(`write_calls=(\d+)`)

// resyncWait runs "abmsync resync --wait ARGS" and returns its output and
// the write calls of the final progress line.
func resyncWait(t *testing.T, env map[string]string, args ...string) (string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	err := run(ctx, append([]string{"resync", "--wait", "--poll", "50ms"}, args...), envFunc(env), &out, &errb)
	if err != nil {
		t.Fatalf("resync --wait: %v\nstdout:\n%s\nstderr:\n%s", err, out.String(), errb.String())
	}
	m := runLine.FindAllStringSubmatch(out.String(), -1)
	if len(m) == 0 {
		t.Fatalf("no progress line in:\n%s", out.String())
	}
	writes, _ := strconv.Atoi(m[len(m)-1][1])
	return out.String(), writes
}

func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// TestEmbeddedDefault runs the README's first command the way a new user
// would — no REDIS_URL, the sample campaign — then resync --wait and status.
func TestEmbeddedDefault(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "abmsync.yaml")
	sample, _ := filepath.Abs("../../deploy/examples/sample-campaign")
	if err := os.WriteFile(cfg, fmt.Appendf(nil, "csv:\n  dir: %s\n  output_dir: %s\n", sample, filepath.Join(dir, "out")), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"ABMSYNC_ADMIN_ADDR": porttest.Addr(t),
		"ABMSYNC_STATE_DIR":  dir,
		"ABMSYNC_CONFIG":     cfg,
	}
	logs := startServe(t, env)
	defer func() { t.Log(logs.String()) }()
	if !strings.Contains(logs.String(), "ALL STATE IS LOST ON EXIT") {
		t.Errorf("embedded default did not warn that state is lost:\n%s", logs)
	}

	out, writes := resyncWait(t, env)
	if !strings.Contains(out, "succeeded") {
		t.Fatalf("first run did not succeed:\n%s", out)
	}
	if writes == 0 {
		t.Errorf("first run wrote nothing:\n%s", out)
	}
	rows := readCSV(t, filepath.Join(dir, "out", "companies_abm.csv"))
	if len(rows) != 6 {
		t.Errorf("metrics for %d companies, want the sample's 6 target accounts", len(rows))
	}
	for _, r := range rows {
		engaged, _ := strconv.Atoi(r["abm_engaged_contacts"])
		gap, _ := strconv.Atoi(r["abm_reach_gap"])
		if r["abm_reach_goal"] != "10" || gap != max(10-engaged, 0) {
			t.Errorf("company %s: goal %s engaged %d gap %d", r["id"], r["abm_reach_goal"], engaged, gap)
		}
		if r["abm_known_contacts"] == "" || r["abm_known_contacts"] == "0" {
			t.Errorf("company %s: no known contacts", r["id"])
		}
	}

	// Nothing changed: a full resync writes nothing.
	out, writes = resyncWait(t, env, "--full")
	if writes != 0 {
		t.Errorf("second resync wrote %d times, want 0:\n%s", writes, out)
	}

	var st bytes.Buffer
	if err := run(context.Background(), []string{"status"}, envFunc(env), &st, &st); err != nil {
		t.Fatalf("status: %v\n%s", err, st.String())
	}
	for _, want := range []string{"companies", "contacts", "deals", "admin", "scheduled", "last run"} {
		if !strings.Contains(st.String(), want) {
			t.Errorf("status lacks %q:\n%s", want, st.String())
		}
	}
}

func TestBadConfigExitsTwo(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name, yaml, env, wantKey string
	}{
		{"unknown key", "campaign:\n  reach_gaol: 3\n", "", "reach_gaol"},
		{"bad cron", "schedules:\n  crm_sync: \"every 5\"\n", "", "schedules.crm_sync"},
		{"missing credentials", "crm:\n  kind: hubspot\n", "", "hubspot.access_token"},
		{"bad yaml", "campaign: [\n", "", "abmsync.yaml"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+"-abmsync.yaml")
			if err := os.WriteFile(p, []byte(tc.yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			var errb bytes.Buffer
			err := run(context.Background(), []string{"serve", "--config", p}, envFunc(nil), &errb, &errb)
			if err == nil || exitCode(err) != 2 {
				t.Fatalf("err = %v (exit %d), want exit 2", err, exitCode(err))
			}
			if !strings.Contains(err.Error(), tc.wantKey) {
				t.Errorf("error %q does not name %q", err, tc.wantKey)
			}
		})
	}
}

func TestRedisUnreachable(t *testing.T) {
	t.Parallel()
	env := map[string]string{"REDIS_URL": "redis://" + porttest.ClosedAddr(t) + "/0", "ABMSYNC_ADMIN_TOKEN": "0123456789abcdef0123456789abcdef"}
	var errb bytes.Buffer
	err := run(context.Background(), []string{"serve"}, envFunc(env), &errb, &errb)
	if err == nil || !strings.Contains(err.Error(), "unreachable") || exitCode(err) != 1 {
		t.Fatalf("err = %v, want a clear 'unreachable' error with exit 1", err)
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	for _, args := range [][]string{nil, {"frobnicate"}, {"resync", "--object"}} {
		err := run(context.Background(), args, envFunc(nil), &out, &out)
		var ue *usageError
		if !errors.As(err, &ue) || exitCode(err) != 2 {
			t.Errorf("run(%q) = %v, want a usage error (exit 2)", args, err)
		}
	}
}

// TestReportSampleCampaign asks the embedded default for the KPI report:
// every KPI key is there with current, goal and baseline (null when unset).
func TestReportSampleCampaign(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "abmsync.yaml")
	sample, _ := filepath.Abs("../../deploy/examples/sample-campaign")
	if err := os.WriteFile(cfg, fmt.Appendf(nil, "csv:\n  dir: %s\n  output_dir: %s\n", sample, filepath.Join(dir, "out")), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"ABMSYNC_ADMIN_ADDR": porttest.Addr(t), "ABMSYNC_STATE_DIR": dir, "ABMSYNC_CONFIG": cfg}
	startServe(t, env)
	resyncWait(t, env)

	// Survey answers: three for Rheintal Pharma by domain, one for Great
	// Lakes by id, one for a company not synced (kept, reported).
	nps := filepath.Join(dir, "survey-2026.csv")
	if err := os.WriteFile(nps, []byte("\ufeffdomain,company_id,score,date\nrheintalpharma.example,,9,2026-10-01\nwww.rheintalpharma.example,,10,2026-10-02\n"+
		"rheintalpharma.example,,6,2026-10-03\n,1008,8,2026-10-04\nunknown.example,,10,2026-10-05\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for range 2 { // a re-import of the same survey replaces, never adds
		out.Reset()
		if err := run(context.Background(), []string{"import", "nps", nps}, envFunc(env), &out, &out); err != nil {
			t.Fatalf("import nps: %v\n%s", err, out.String())
		}
	}
	if !strings.Contains(out.String(), "survey survey-2026: 5 answers for 2 accounts (replacing 5)") || !strings.Contains(out.String(), "unknown.example") {
		t.Errorf("import nps said:\n%s", out.String())
	}
	bad := filepath.Join(dir, "bad.csv")
	_ = os.WriteFile(bad, []byte("domain,score,date\nrheintalpharma.example,11,2026-10-01\n"), 0o600)
	out.Reset()
	if err := run(context.Background(), []string{"import", "nps", "--source", "survey-2026", bad}, envFunc(env), &out, &out); err == nil ||
		!strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), "nothing was imported") {
		t.Errorf("bad score: err %v", err)
	}
	resyncWait(t, env)

	out.Reset()
	if err := run(context.Background(), []string{"report", "--json"}, envFunc(env), &out, &out); err != nil {
		t.Fatalf("report: %v\n%s", err, out.String())
	}
	var rep struct {
		KPIs map[string]map[string]*float64 `json:"kpis"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out.String())
	}
	for _, k := range []string{"traffic_from_accounts", "reach_per_account", "mqa_accounts", "accounts_with_sqls",
		"time_to_close_days", "avg_deal_size", "upsell_revenue", "referrals", "nps"} {
		v, ok := rep.KPIs[k]
		if !ok {
			t.Errorf("kpis lacks %s", k)
			continue
		}
		for _, f := range []string{"current", "goal", "baseline"} {
			if _, ok := v[f]; !ok {
				t.Errorf("kpis.%s lacks %s", k, f)
			}
		}
	}
	if g := rep.KPIs["time_to_close_days"]; g["goal"] == nil || *g["goal"] != 50 || g["baseline"] == nil || *g["baseline"] != 63 {
		t.Errorf("time_to_close_days goal/baseline = %v", g)
	}
	// The sample's target accounts: won deals 3005 (78 days), 3006 (55,
	// existing business after 3005: upsell) and 3010 (62), counted from
	// the deals' create dates as they name no contacts; accounts with SQLs:
	// every target but Vltava (leads only); NPS: 2 promoters, 1 passive,
	// 1 detractor of the 4 matched answers (the 5th matches no company);
	// referrals: Helvetia's contact 2045, referred by Rheintal Pharma.
	want := map[string]float64{"time_to_close_days": 65, "avg_deal_size": 1480000, "upsell_revenue": 310000,
		"accounts_with_sqls": 5, "nps": 25, "referrals": 1}
	for k, w := range want {
		if c := rep.KPIs[k]["current"]; c == nil || *c != w {
			t.Errorf("%s current = %v, want %v", k, ptrString(c), w)
		}
	}
	// The per-account values reach the CRM (the csv connector's output).
	written, err := os.ReadFile(filepath.Join(dir, "out", "companies_abm.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, col := range []string{"abm_days_to_close_mean", "abm_upsell_revenue", "abm_nps", "abm_nps_responses"} {
		if !strings.Contains(string(written), col) {
			t.Errorf("companies_abm.csv lacks %s:\n%s", col, written)
		}
	}
	out.Reset()
	if err := run(context.Background(), []string{"report"}, envFunc(env), &out, &out); err != nil || !strings.Contains(out.String(), "time_to_close_days") {
		t.Errorf("text report: %v\n%s", err, out.String())
	}
}

func ptrString(p *float64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}
