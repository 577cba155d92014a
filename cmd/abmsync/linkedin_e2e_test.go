package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/connectors/linkedin/linkedintest"
	"github.com/abmsync/abmsync/internal/redistest"
)

// TestResyncLinkedIn runs "resync --source linkedin --wait" with a static
// access token against the fake LinkedIn: the target accounts land in one
// COMPANY segment, and a second run sends nothing.
func TestResyncLinkedIn(t *testing.T) {
	const db = 15
	redistest.Client(t, db, true)
	opt := redistest.Options(t, db)
	portal := hubspottest.NewServer(hubspottest.Options{Data: hubspottest.Generate(hubspottest.GenOptions{
		Companies: 8, Contacts: 8, Deals: 2, TargetShare: 0.5, Seed: 13, Now: time.Now(),
	})})
	defer portal.Close()
	li := linkedintest.NewServer(linkedintest.Options{})
	defer li.Close()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "abmsync.yaml")
	if err := os.WriteFile(cfg, []byte("hubspot:\n  requests_per_10s: 100000\n  search_per_second: 100\nschedules: {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{
		"REDIS_URL":                        fmt.Sprintf("redis://%s/%d", opt.Addr, db),
		"ABMSYNC_CONFIG":                   cfg,
		"ABMSYNC_ADMIN_ADDR":               freeAddr(t),
		"ABMSYNC_ADMIN_TOKEN":              "li-admin-token",
		"ABMSYNC_HUBSPOT_BASE_URL":         portal.URL(),
		"ABMSYNC_HUBSPOT_ACCESS_TOKEN":     portal.AccessToken(),
		"ABMSYNC_LINKEDIN_BASE_URL":        li.URL(),
		"ABMSYNC_LINKEDIN_AUTH_BASE_URL":   li.URL(),
		"ABMSYNC_LINKEDIN_ACCESS_TOKEN":    li.AccessToken(),
		"ABMSYNC_LINKEDIN_AD_ACCOUNT":      li.AdAccount(),
		"ABMSYNC_LINKEDIN_SOURCE_PLATFORM": li.SourcePlatform(),
		"ABMSYNC_LINKEDIN_VERSION":         "202610",
	}
	logs := startServe(t, env)
	resyncWait(t, env)
	out, _ := resyncWait(t, env, "--source", "linkedin")
	if !strings.Contains(out, "succeeded") {
		t.Fatalf("linkedin run:\n%s\n%s", out, logs)
	}
	segs := li.Segments()
	if len(segs) != 1 || segs[0].Type != "COMPANY" || len(segs[0].Members) != 4 {
		t.Fatalf("segments = %+v, want one COMPANY segment with the 4 target accounts", segs)
	}
	li.Reset()
	resyncWait(t, env, "--source", "linkedin")
	for k, n := range li.Calls() {
		if strings.Contains(k, "companies") && strings.HasPrefix(k, "POST") && n > 0 {
			t.Errorf("second run sent %d audience updates (%s), want none", n, k)
		}
	}
	if strings.Contains(logs.String(), li.AccessToken()) {
		t.Error("the LinkedIn token appears in the logs")
	}
}
