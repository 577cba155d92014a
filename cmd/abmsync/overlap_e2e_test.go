package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
)

// portalTap sits in front of the fake portal like a logging proxy: it
// counts answers by status and the company ids every batch update writes.
type portalTap struct {
	mu       sync.Mutex
	status   map[int]int
	written  map[string]int // company id -> inputs that wrote it
	requests map[string]int // "GET /crm/objects/2026-03/companies" -> count
}

func newPortalTap(t *testing.T, portal *hubspottest.Server) (*portalTap, string) {
	t.Helper()
	tap := &portalTap{status: map[int]int{}, written: map[string]int{}, requests: map[string]int{}}
	target, _ := url.Parse(portal.URL())
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ModifyResponse = func(resp *http.Response) error {
		tap.mu.Lock()
		tap.status[resp.StatusCode]++
		tap.mu.Unlock()
		return nil
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		tap.mu.Lock()
		tap.requests[r.Method+" "+r.URL.Path]++
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/companies/batch/update") {
			var req struct {
				Inputs []struct {
					ID string `json:"id"`
				} `json:"inputs"`
			}
			_ = json.Unmarshal(body, &req)
			for _, in := range req.Inputs {
				tap.written[in.ID]++
			}
		}
		tap.mu.Unlock()
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return tap, srv.URL
}

var startedRun = regexp.MustCompile(`run (\S+)`)

// TestStartupWithOverlappingRequests: the daemon starts its first sync (a
// full sync) and at once an admin asks for a full resync, an account
// resync and a web run for that account. The first two are covered by the
// running full sync and join it; the web run writes the same records, so
// it waits and starts when the full sync has ended. Every record is pulled
// once, every company written by one metrics push, no property is created
// twice (0 × 409).
func TestStartupWithOverlappingRequests(t *testing.T) {
	now := time.Now().UTC()
	portal, env := hubspotEnv(t, e2eDB, hubspottest.GenOptions{
		Companies: 300, Contacts: 3000, Deals: 600, TargetShare: 0.1, Seed: 21, Now: now,
	}, "")
	site, _ := fixtureSite(t)
	var account string
	for _, id := range portal.IDs("companies") {
		if portal.Company(id)["hs_is_target_account"] == "true" && account == "" {
			account = id
			portal.Update("companies", id, map[string]string{"website": site.URL, "domain": ""})
			continue
		}
		portal.Update("companies", id, map[string]string{"website": "", "domain": ""})
	}
	// The first sync starts with the crm_sync schedule configured.
	cfg := "hubspot:\n  requests_per_10s: 100000\n  search_per_second: 100\nschedules:\n  crm_sync: \"@every 1h\"\n" +
		"web:\n  allow_loopback: true\n  delay: 10ms\n"
	if err := os.WriteFile(env["ABMSYNC_CONFIG"], []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	tap, proxyURL := newPortalTap(t, portal)
	env["ABMSYNC_HUBSPOT_BASE_URL"] = proxyURL
	logs := startServe(t, env)
	// The daemon starts its first sync right after it is up.
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(logs.String(), "first sync started"); {
		if time.Now().After(deadline) {
			t.Fatalf("no first sync:\n%s", logs)
		}
		time.Sleep(10 * time.Millisecond)
	}

	request := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		if err := run(context.Background(), append([]string{"resync"}, args...), envFunc(env), &out, &out); err != nil {
			t.Fatalf("resync %v: %v\n%s", args, err, out.String())
		}
		return out.String()
	}
	full := request("--full")
	acc := request("--account", account)
	web := request("--source", "web", "--account", account)
	for name, out := range map[string]string{"--full": full, "--account": acc} {
		if !strings.Contains(out, "joining it") {
			t.Errorf("resync %s during the start-up full sync: %q, want it to join that run", name, out)
		}
	}
	if !strings.Contains(web, "waits for run") {
		t.Errorf("web run during the full sync: %q, want it queued behind it", web)
	}
	first := startedRun.FindStringSubmatch(full)[1]
	webRun := startedRun.FindStringSubmatch(web)[1]
	c, _ := adminClient(envFunc(env))
	for _, id := range []string{first, webRun} {
		var out bytes.Buffer
		if err := waitRun(context.Background(), c, id, waitOptions{every: 50 * time.Millisecond, retryFor: 10 * time.Second}, &out, &out); err != nil {
			t.Fatalf("run %s: %v\n%s\n%s", id, err, out.String(), logs)
		}
	}
	f, _ := c.Run(context.Background(), first)
	w, _ := c.Run(context.Background(), webRun)
	if !w.CreatedAt.Before(f.FinishedAt) || w.FinishedAt.Before(f.FinishedAt) {
		t.Errorf("web run %v–%v did not wait for the full sync %v–%v", w.CreatedAt, w.FinishedAt, f.CreatedAt, f.FinishedAt)
	}

	tap.mu.Lock()
	defer tap.mu.Unlock()
	for obj, pages := range map[string]int{"companies": 3, "contacts": 30, "deals": 6} {
		if n := tap.requests["GET /crm/objects/2026-03/"+obj]; n != pages {
			t.Errorf("%s listed in %d pages, want %d (every record once)", obj, n, pages)
		}
	}
	targets := 0
	for _, id := range portal.IDs("companies") {
		isTarget := portal.Company(id)["hs_is_target_account"] == "true"
		want := 0
		if isTarget {
			targets++
			want = 1
		}
		if id == account {
			want = 2 // the metrics push, then the web run's key contacts
		}
		if got := tap.written[id]; got != want {
			t.Errorf("company %s written %d times, want %d", id, got, want)
		}
	}
	if targets == 0 {
		t.Fatal("no target accounts")
	}
	if n := tap.status[http.StatusConflict]; n != 0 {
		t.Errorf("%d answers 409 (a property created twice)", n)
	}
}

// TestWrongHubSpotTokenNamesTheSetting: HubSpot answers 401 to a wrong
// private-app token; the run fails with a message that names the setting to
// fix, and neither the message, the status nor the log shows the token.
func TestWrongHubSpotTokenNamesTheSetting(t *testing.T) {
	_, env := hubspotEnv(t, e2eDB, hubspottest.GenOptions{Companies: 5, Contacts: 20, Deals: 4, TargetShare: 0.4, Seed: 3, Now: time.Now()}, "")
	const secret = "pat-na1-wrong-secret-0123456789"
	env["ABMSYNC_HUBSPOT_ACCESS_TOKEN"] = secret
	logs := startServe(t, env)
	var out bytes.Buffer
	err := run(context.Background(), []string{"resync", "--wait", "--poll", "50ms"}, envFunc(env), &out, &out)
	if err == nil {
		t.Fatalf("resync --wait succeeded with a wrong token:\n%s", out.String())
	}
	var st bytes.Buffer
	_ = run(context.Background(), []string{"status"}, envFunc(env), &st, &st)
	all := out.String() + err.Error() + st.String() + logs.String()
	if !strings.Contains(out.String()+err.Error(), "ABMSYNC_HUBSPOT_ACCESS_TOKEN") || !strings.Contains(out.String()+err.Error(), "401") {
		t.Errorf("the failure does not name the setting to fix:\n%s\n%v", out.String(), err)
	}
	if strings.Contains(all, secret) {
		t.Errorf("the token appears in the output, status or log")
	}
}
