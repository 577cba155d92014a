package main

import (
	"bytes"
	"encoding/json"
	"strconv"
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

// TestLinkedInOrganizationsE2E is what a new user with a CRM of names and
// domains but no organization URNs sees: the LinkedIn sync finds the URNs
// by exact name through the employers typeahead (look-alikes refused),
// writes them to abm_linkedin_org_urn, engagement reaches the CRM and the
// MQA score; the account LinkedIn does not know is listed by status, an
// admin enters its URN with linkedin-org, and a repeat run asks nothing.
func TestLinkedInOrganizationsE2E(t *testing.T) {
	portal, env := hubspotEnv(t, 15, hubspottest.GenOptions{Companies: 8, Contacts: 8, Deals: 2, TargetShare: 0.5, Seed: 13, Now: time.Now()}, "")
	var targets []string
	for _, id := range portal.IDs("companies") {
		if portal.Company(id)["hs_is_target_account"] == "true" {
			targets = append(targets, id)
		}
	}
	if len(targets) != 4 {
		t.Fatalf("%d targets, want 4", len(targets))
	}
	yesterday := time.Now().UTC().AddDate(0, 0, -1)
	var employers []linkedintest.Employer
	var rows []linkedintest.EngagementRow
	for i, id := range targets {
		name := portal.Company(id)["name"]
		exact := linkedintest.Employer{ID: int64(9001 + i), Name: name}
		lookAlike := linkedintest.Employer{ID: int64(9101 + i), Name: name + " Services GmbH"}
		rows = append(rows,
			linkedintest.EngagementRow{Organization: exact.URN(), Day: yesterday, Impressions: int64(100 + i), Clicks: 30},
			linkedintest.EngagementRow{Organization: lookAlike.URN(), Day: yesterday, Impressions: 500, Clicks: 50})
		if i < 3 { // the last target is unknown to LinkedIn by name
			employers = append(employers, lookAlike, exact)
		} else {
			employers = append(employers, lookAlike)
		}
	}
	li := linkedintest.NewServer(linkedintest.Options{Employers: employers, Engagement: rows})
	defer li.Close()
	for k, v := range map[string]string{
		"ABMSYNC_LINKEDIN_BASE_URL":        li.URL(),
		"ABMSYNC_LINKEDIN_ACCESS_TOKEN":    li.AccessToken(),
		"ABMSYNC_LINKEDIN_AD_ACCOUNT":      li.AdAccount(),
		"ABMSYNC_LINKEDIN_SOURCE_PLATFORM": li.SourcePlatform(),
		"ABMSYNC_LINKEDIN_VERSION":         "202610",
	} {
		env[k] = v
	}
	logs := startServe(t, env)
	resyncWait(t, env)
	if out, _ := resyncWait(t, env, "--source", "linkedin"); !strings.Contains(out, "succeeded") {
		t.Fatalf("linkedin run:\n%s\n%s", out, logs)
	}
	first := li.Calls()["GET /rest/adTargetingEntities"]
	for i, id := range targets {
		c := portal.Company(id)
		wantURN, wantImp := "", ""
		if i < 3 {
			wantURN, wantImp = linkedintest.Employer{ID: int64(9001 + i)}.URN(), strconv.Itoa(100+i)
		}
		if c["abm_linkedin_org_urn"] != wantURN || c["abm_linkedin_impressions_30d"] != wantImp {
			t.Errorf("target %d (%s): urn %q impressions %q, want %q %q", i, c["name"], c["abm_linkedin_org_urn"], c["abm_linkedin_impressions_30d"], wantURN, wantImp)
		}
	}

	cli := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if err := run(t.Context(), args, envFunc(env), &out, &errb); err != nil {
			t.Fatalf("%v: %v\n%s%s", args, err, out.String(), errb.String())
		}
		return out.String()
	}
	unknown := targets[3]
	if out := cli("status"); !strings.Contains(out, "LinkedIn organizations to confirm") || !strings.Contains(out, unknown) ||
		!strings.Contains(out, "urn:li:organization:9104") {
		t.Errorf("status does not list the unknown account with its look-alike:\n%s", out)
	}
	if out := cli("linkedin-org", "--account", unknown, "--urn", "urn:li:organization:9004"); !strings.Contains(out, "confirmed urn:li:organization:9004") {
		t.Errorf("linkedin-org: %s", out)
	}
	li.Reset()
	resyncWait(t, env, "--source", "linkedin")
	if c := portal.Company(unknown); c["abm_linkedin_org_urn"] != "urn:li:organization:9004" || c["abm_linkedin_impressions_30d"] != "103" {
		t.Errorf("confirmed account: %v", c)
	}
	if n := li.Calls()["GET /rest/adTargetingEntities"]; n != 0 {
		t.Errorf("repeat run: %d typeahead calls, want 0 (first run: %d)", n, first)
	}
	if out := cli("status"); strings.Contains(out, "LinkedIn organizations to confirm") {
		t.Errorf("status still lists organizations to confirm:\n%s", out)
	}

	// The CRM's clicks reach the MQA score: 30 clicks × 2 points.
	resyncWait(t, env)
	var rep struct {
		Accounts []struct {
			CompanyID       string `json:"company_id"`
			LinkedInClicks  int    `json:"linkedin_clicks"`
			EngagementScore int    `json:"engagement_score"`
		} `json:"accounts"`
	}
	if err := json.Unmarshal([]byte(cli("report", "--json")), &rep); err != nil {
		t.Fatal(err)
	}
	for _, a := range rep.Accounts {
		if a.LinkedInClicks != 30 || a.EngagementScore < 60 {
			t.Errorf("account %s: linkedin_clicks %d, engagement score %d; want 30 and at least 60", a.CompanyID, a.LinkedInClicks, a.EngagementScore)
		}
	}
	if len(rep.Accounts) != 4 {
		t.Errorf("%d accounts in the report", len(rep.Accounts))
	}
}
