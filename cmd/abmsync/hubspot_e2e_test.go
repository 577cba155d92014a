package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/porttest"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/metrics"
)

// e2eDB is this package's Redis database: asynq's keys cannot be prefixed.
const e2eDB = 3

// TestServeResyncHubSpot runs "abmsync serve" on the real Redis against a fake
// HubSpot portal of 1,000 companies and 10,000 contacts, then "abmsync resync
// --wait", and checks the metric values written to every target account.
func TestServeResyncHubSpot(t *testing.T) {
	now := time.Now().UTC()
	portal, env := hubspotEnv(t, e2eDB, hubspottest.GenOptions{
		Companies: 1000, Contacts: 10000, Deals: 2000, TargetShare: 0.1, Seed: 42, Now: now,
	}, "")
	logs := startServe(t, env)

	out, writes := resyncWait(t, env)
	if !strings.Contains(out, "succeeded") || writes == 0 {
		t.Fatalf("first sync: writes=%d\n%s", writes, out)
	}
	targets := 0
	for _, id := range portal.IDs("companies") {
		co := portal.Company(id)
		if co["hs_is_target_account"] != "true" {
			if co[metrics.PropKnownContacts] != "" {
				t.Errorf("company %s is no target but got metrics", id)
			}
			continue
		}
		targets++
		checkMetrics(t, portal, id, now)
	}
	if targets != 100 {
		t.Fatalf("%d target accounts, want 100", targets)
	}
	calls := portal.Calls()
	if n := calls["POST /crm/objects/{v}/companies/batch/update"]; n != 1 {
		t.Errorf("%d batch updates for 100 targets, want 1 (at most 100 per call)", n)
	}

	// Nothing changed: no write call at all.
	portal.ResetCalls()
	out, writes = resyncWait(t, env)
	if writes != 0 || portal.Calls()["POST /crm/objects/{v}/companies/batch/update"] != 0 {
		t.Errorf("resync without changes wrote: writes=%d calls=%v\n%s", writes, portal.Calls(), out)
	}

	// A contact of a target account is deleted in HubSpot: the next sync
	// notices and the account's known-contact count drops.
	var victim, company string
	for _, id := range portal.IDs("companies") {
		if portal.Company(id)["hs_is_target_account"] != "true" {
			continue
		}
		for _, c := range portal.Associations("companies", id, "contacts") {
			if portal.Object("contacts", c)["email"] != "" {
				victim, company = c, id
				break
			}
		}
		if victim != "" {
			break
		}
	}
	before, _ := strconv.Atoi(portal.Company(company)[metrics.PropKnownContacts])
	portal.Archive("contacts", victim)
	resyncWait(t, env)
	after, _ := strconv.Atoi(portal.Company(company)[metrics.PropKnownContacts])
	if after != before-1 {
		t.Errorf("company %s known contacts %d -> %d after archiving contact %s, want %d", company, before, after, victim, before-1)
	}
	if strings.Contains(logs.String(), portal.AccessToken()) || strings.Contains(logs.String(), "e2e-admin-token") {
		t.Error("a token appears in the daemon's logs")
	}
}

// checkMetrics recomputes one account's metrics from the portal's own data,
// independently of the store, and compares them with what abmsync wrote.
func checkMetrics(t *testing.T, portal *hubspottest.Server, id string, now time.Time) {
	t.Helper()
	got := portal.Company(id)
	known, engaged := 0, 0
	var contacts []crm.Record
	for _, c := range portal.Associations("companies", id, "contacts") {
		p := portal.Object("contacts", c)
		if p == nil {
			continue
		}
		if p["email"] != "" || p["hs_linkedin_url"] != "" {
			known++
		}
		contacts = append(contacts, crm.Record{Type: crm.Contacts, ID: c, Properties: p})
	}
	engaged = metrics.Compute(crm.Record{}, contacts, nil, metrics.Settings{ReachGoal: 10, EngagementWindow: 90 * 24 * time.Hour}, now).EngagedContacts
	open, won := 0, 0
	sum := 0.0
	for _, d := range portal.Associations("companies", id, "deals") {
		p := portal.Object("deals", d)
		switch {
		case p["hs_is_closed_won"] == "true":
			won++
			a, _ := strconv.ParseFloat(p["amount"], 64)
			sum += a
		case p["hs_is_closed"] != "true":
			open++
		}
	}
	want := map[string]string{
		metrics.PropKnownContacts:   strconv.Itoa(known),
		metrics.PropEngagedContacts: strconv.Itoa(engaged),
		"abm_reach_goal":            "10",
		"abm_reach_gap":             strconv.Itoa(max(10-engaged, 0)),
		"abm_open_deals":            strconv.Itoa(open),
		"abm_won_deals":             strconv.Itoa(won),
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("company %s: %s = %q, want %q", id, k, got[k], v)
		}
	}
	if won > 0 {
		size, err := strconv.ParseFloat(got["abm_avg_deal_size"], 64)
		if err != nil || math.Abs(size-sum/float64(won)) > 0.01 {
			t.Errorf("company %s: abm_avg_deal_size = %q, want %.2f", id, got["abm_avg_deal_size"], sum/float64(won))
		}
		if got["abm_avg_days_to_close"] == "" {
			t.Errorf("company %s: abm_avg_days_to_close empty with %d won deals", id, won)
		}
	} else if got["abm_avg_deal_size"] != "" {
		t.Errorf("company %s: abm_avg_deal_size = %q without won deals", id, got["abm_avg_deal_size"])
	}
}

// TestOAuthRevokedFailsRun connects over OAuth; once HubSpot rejects the
// refresh token, resync --wait fails at once (no endless retries) with the
// message that tells the admin what to do, and no secret in it.
func TestOAuthRevokedFailsRun(t *testing.T) {
	const db = 8
	redistest.Client(t, db, true)
	opt := redistest.Options(t, db)
	portal := hubspottest.NewServer(hubspottest.Options{Data: hubspottest.Generate(hubspottest.GenOptions{
		Companies: 20, Contacts: 100, Deals: 20, TargetShare: 0.5, Seed: 3, Now: time.Now(),
	})})
	defer portal.Close()
	portal.EnableOAuth("client-1", "client-secret-xyz", "refresh-abc", 30*time.Minute)
	env := map[string]string{
		"REDIS_URL":                     fmt.Sprintf("redis://%s/%d", opt.Addr, db),
		"ABMSYNC_ADMIN_ADDR":            porttest.Addr(t),
		"ABMSYNC_ADMIN_TOKEN":           "oauth-admin-token-0123456789abcdef",
		"ABMSYNC_HUBSPOT_BASE_URL":      portal.URL(),
		"ABMSYNC_HUBSPOT_CLIENT_ID":     "client-1",
		"ABMSYNC_HUBSPOT_CLIENT_SECRET": "client-secret-xyz",
		"ABMSYNC_HUBSPOT_REFRESH_TOKEN": "refresh-abc",
	}
	logs := startServe(t, env)
	if out, _ := resyncWait(t, env); !strings.Contains(out, "succeeded") {
		t.Fatalf("OAuth sync did not succeed:\n%s", out)
	}
	if portal.TokensIssued() != 1 {
		t.Errorf("%d access tokens issued for one sync, want 1", portal.TokensIssued())
	}

	portal.RevokeRefreshToken()
	portal.EnableOAuth("client-1", "client-secret-xyz", "refresh-abc", time.Nanosecond) // expire the access token
	portal.RevokeRefreshToken()
	var out, errb strings.Builder
	err := run(t.Context(), []string{"resync", "--wait", "--poll", "50ms"}, envFunc(env), &out, &errb)
	if err == nil || exitCode(err) == 0 {
		t.Fatalf("resync --wait succeeded after the refresh token was revoked:\n%s", out.String())
	}
	if !strings.Contains(err.Error(), "HubSpot authorization expired: reconnect") {
		t.Errorf("error %q does not tell the admin to reconnect", err)
	}
	for _, secret := range []string{"client-secret-xyz", "refresh-abc", "oauth-admin-token-0123456789abcdef"} {
		if strings.Contains(err.Error()+out.String()+logs.String(), secret) {
			t.Errorf("secret %q appears in output or logs", secret)
		}
	}
}

// hubspotEnv starts a fake HubSpot portal generated from gen and returns it
// with the environment that points "abmsync serve" at it: the real Redis
// database db (flushed first), an admin token, and a config file holding
// extraYAML after a client budget above the fake's (it has no rate limit
// here) and no schedules.
func hubspotEnv(t *testing.T, db int, gen hubspottest.GenOptions, extraYAML string) (*hubspottest.Server, map[string]string) {
	t.Helper()
	redistest.Client(t, db, true)
	opt := redistest.Options(t, db)
	portal := hubspottest.NewServer(hubspottest.Options{Data: hubspottest.Generate(gen)})
	t.Cleanup(portal.Close)
	cfg := filepath.Join(t.TempDir(), "abmsync.yaml")
	yaml := "hubspot:\n  requests_per_10s: 100000\n  search_per_second: 100\nschedules: {}\n" + extraYAML
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return portal, map[string]string{
		"REDIS_URL":                    fmt.Sprintf("redis://%s/%d", opt.Addr, db),
		"ABMSYNC_CONFIG":               cfg,
		"ABMSYNC_ADMIN_ADDR":           porttest.Addr(t),
		"ABMSYNC_ADMIN_TOKEN":          fmt.Sprintf("e2e-admin-token-0123456789abcdef-%d", db),
		"ABMSYNC_HUBSPOT_BASE_URL":     portal.URL(),
		"ABMSYNC_HUBSPOT_ACCESS_TOKEN": portal.AccessToken(),
	}
}
