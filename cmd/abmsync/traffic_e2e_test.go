package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/internal/porttest"
)

// TestImportAccessLog imports a combined-format access log on the sample
// campaign: visits from an account's configured range count for it, the
// rest do not, and only counts reach the CRM (no address).
func TestImportAccessLog(t *testing.T) {
	dir := t.TempDir()
	sample, _ := filepath.Abs("../../deploy/examples/sample-campaign")
	cfg := filepath.Join(dir, "abmsync.yaml")
	// 1010 is one of the sample's new target accounts.
	yaml := fmt.Sprintf("csv:\n  dir: %s\n  output_dir: %s\ntraffic:\n  reverse_dns: false\n  cidrs:\n    \"1010\": [\"198.51.100.0/24\"]\n", sample, filepath.Join(dir, "out"))
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	now := time.Now().UTC().Add(-time.Hour)
	line := func(ip string, at time.Time, path, ua string) {
		fmt.Fprintf(&log, "%s - - [%s] \"GET %s HTTP/1.1\" 200 512 \"-\" \"%s\"\n", ip, at.Format("02/Jan/2006:15:04:05 -0700"), path, ua)
	}
	line("198.51.100.7", now, "/produkte/abfuellanlage", "Mozilla/5.0")
	line("198.51.100.7", now.Add(2*time.Minute), "/kontakt", "Mozilla/5.0")
	line("198.51.100.9", now.Add(3*time.Minute), "/produkte", "Mozilla/5.0")
	line("203.0.113.5", now, "/", "Mozilla/5.0")                  // no account
	line("198.51.100.8", now, "/", "Googlebot/2.1")               // a bot
	line("198.51.100.7", now.Add(time.Minute), "/style.css", "x") // an asset
	log.WriteString("garbage line\n")
	logFile := filepath.Join(dir, "access.log")
	if err := os.WriteFile(logFile, []byte(log.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"ABMSYNC_ADMIN_ADDR": porttest.Addr(t), "ABMSYNC_STATE_DIR": dir, "ABMSYNC_CONFIG": cfg}
	startServe(t, env)
	resyncWait(t, env)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"import", "access-log", logFile}, envFunc(env), &out, &out); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "3 from target accounts") {
		t.Errorf("import summary: %s", out.String())
	}
	resyncWait(t, env)
	raw, _ := os.ReadFile(filepath.Join(dir, "out", "companies_abm.csv"))
	if strings.Contains(string(raw), "198.51.100") {
		t.Fatal("a visitor address reached the CRM output")
	}
	for _, r := range readCSV(t, filepath.Join(dir, "out", "companies_abm.csv")) {
		if r["id"] != "1010" {
			if r["abm_visits_30d"] != "" {
				t.Errorf("company %s got visits %q", r["id"], r["abm_visits_30d"])
			}
			continue
		}
		if r["abm_visits_30d"] != "2" || r["abm_pageviews_30d"] != "3" || r["abm_last_visit_at"] == "" {
			t.Errorf("company 1010: visits %q page views %q last %q, want 2 visits (two visitors), 3 page views",
				r["abm_visits_30d"], r["abm_pageviews_30d"], r["abm_last_visit_at"])
		}
	}
}
