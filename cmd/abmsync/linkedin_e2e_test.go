package main

import (
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/hubspot/hubspottest"
	"github.com/abmsync/abmsync/connectors/linkedin/linkedintest"
)

// TestResyncLinkedIn runs "resync --source linkedin --wait" with a static
// access token against the fake LinkedIn: the target accounts land in one
// COMPANY segment, and a second run sends nothing.
func TestResyncLinkedIn(t *testing.T) {
	_, env := hubspotEnv(t, 15, hubspottest.GenOptions{Companies: 8, Contacts: 8, Deals: 2, TargetShare: 0.5, Seed: 13, Now: time.Now()}, "")
	li := linkedintest.NewServer(linkedintest.Options{})
	defer li.Close()
	for k, v := range map[string]string{
		"ABMSYNC_LINKEDIN_BASE_URL":        li.URL(),
		"ABMSYNC_LINKEDIN_AUTH_BASE_URL":   li.URL(),
		"ABMSYNC_LINKEDIN_ACCESS_TOKEN":    li.AccessToken(),
		"ABMSYNC_LINKEDIN_AD_ACCOUNT":      li.AdAccount(),
		"ABMSYNC_LINKEDIN_SOURCE_PLATFORM": li.SourcePlatform(),
		"ABMSYNC_LINKEDIN_VERSION":         "202610",
	} {
		env[k] = v
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
