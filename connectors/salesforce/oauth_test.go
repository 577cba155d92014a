package salesforce

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/salesforce/salesforcetest"
	"github.com/abmsync/abmsync/crm"
)

// The instance_url the token endpoint returns wins over the configured
// one; an expired session gets one new token; a revoked refresh token ends
// in a "reconnect" error that names no secret.
func TestOAuthRefreshFlow(t *testing.T) {
	srv := salesforcetest.NewServer(salesforcetest.Options{ClientSecret: "s3cret-value", RefreshToken: "refresh-value"})
	defer srv.Close()
	srv.Generate(salesforcetest.GenOptions{Accounts: 5, Seed: 1, Now: time.Now()})
	c, err := New(Config{InstanceURL: "https://stale.example.invalid", LoginURL: srv.LoginURL(), ClientID: "client-id",
		ClientSecret: "s3cret-value", RefreshToken: "refresh-value", CredentialsHint: "check salesforce.client_id"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.Query(ctx, "SELECT Id FROM Account", false); err != nil {
		t.Fatalf("query on the token's instance: %v", err)
	}
	srv.ExpireTokens()
	if _, err := c.Query(ctx, "SELECT Id FROM Account", false); err != nil {
		t.Fatalf("query after the session expired: %v", err)
	}
	if n := srv.TokensIssued(); n != 2 {
		t.Errorf("%d tokens issued, want 2", n)
	}
	srv.ExpireTokens()
	srv.RevokeRefreshToken()
	_, err = c.Query(ctx, "SELECT Id FROM Account", false)
	if !errors.Is(err, ErrAuthExpired) || !errors.Is(err, crm.ErrPermanent) || !strings.Contains(err.Error(), "reconnect") {
		t.Fatalf("error %v, want ErrAuthExpired", err)
	}
	for _, secret := range []string{"s3cret-value", "refresh-value"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error %q contains a secret", err)
		}
	}
}

func TestOAuthClientCredentials(t *testing.T) {
	srv := salesforcetest.NewServer(salesforcetest.Options{ClientCredentials: true})
	defer srv.Close()
	c, err := New(Config{InstanceURL: srv.URL(), ClientID: "client-id", ClientSecret: "client-secret"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Query(context.Background(), "SELECT Id FROM Account", false); err != nil {
		t.Fatal(err)
	}
	if _, err := New(Config{ClientID: "a", ClientSecret: "b"}, nil); err == nil {
		t.Error("client credentials without an instance URL accepted")
	}
	if _, err := New(Config{InstanceURL: srv.URL(), ClientID: "a"}, nil); err == nil {
		t.Error("missing client secret accepted")
	}
	if _, err := New(Config{InstanceURL: srv.URL(), ClientID: "a", ClientSecret: "b", APIVersion: "66"}, nil); err == nil {
		t.Error("bad API version accepted")
	}
}

// Salesforce's error bodies are surfaced with their codes; SOQL mistakes
// are permanent.
func TestQueryErrors(t *testing.T) {
	_, c := setup(t, salesforcetest.GenOptions{Accounts: 3, Seed: 1}, salesforcetest.Options{})
	ctx := context.Background()
	tests := []struct{ soql, code string }{
		{"SELECT Id, Nope__c FROM Account", "INVALID_FIELD"},
		{"SELECT Id FROM Account WHERE SystemModstamp > '2026-01-01T00:00:00Z'", "INVALID_FIELD"},
		{"SELECT Id FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'", "MALFORMED_QUERY"},
		{"SELECT Id FROM Account WHERE", "MALFORMED_QUERY"},
		{"SELECT Id FROM Nothing", "INVALID_TYPE"},
	}
	for _, tt := range tests {
		_, err := c.Query(ctx, tt.soql, false)
		var e *ErrorResponse
		if !errors.As(err, &e) || !e.HasCode(tt.code) || !errors.Is(err, crm.ErrPermanent) || e.StatusCode != 400 {
			t.Errorf("%s: %v, want a permanent 400 %s", tt.soql, err, tt.code)
		}
	}
	res, err := c.Query(ctx, "SELECT Id, Name FROM Account WHERE (Name = 'Account 1' OR Name = 'Account 2') AND NOT Name = 'x' ORDER BY Name DESC LIMIT 1", false)
	if err != nil || len(res.Records) != 1 || res.Records[0]["Name"] != "Account 2" {
		t.Errorf("query with parentheses: %v %+v", err, res)
	}
}

// 5xx answers are retried; REQUEST_LIMIT_EXCEEDED ends the pull; usage
// past the stop share refuses to start another.
func TestLimitsAndRetries(t *testing.T) {
	srv, c := setup(t, salesforcetest.GenOptions{Accounts: 3, Seed: 1}, salesforcetest.Options{DailyLimit: 1000})
	ctx := context.Background()
	srv.Fail("GET query", http.StatusServiceUnavailable, "SERVER_UNAVAILABLE", 1)
	if _, err := c.Query(ctx, "SELECT Id FROM Account", false); err != nil {
		t.Fatalf("query after one 503: %v", err)
	}
	if used, limit := c.APIUsage(); limit != 1000 || used == 0 {
		t.Errorf("usage %d/%d", used, limit)
	}
	srv.SetAPIUsage(1000)
	_, err := c.Pull(ctx, req(crm.Companies, time.Time{}))
	if !errors.Is(err, ErrRequestLimit) || !errors.Is(err, crm.ErrPermanent) || !strings.Contains(err.Error(), "REQUEST_LIMIT_EXCEEDED") {
		t.Fatalf("pull past the limit: %v", err)
	}
	// At 96 % a pull still runs (an admin's resync must); scheduled syncs
	// are paused with a reason naming the usage.
	srv.SetAPIUsage(959)
	if _, err = c.Pull(ctx, req(crm.Companies, time.Time{})); err != nil {
		t.Fatalf("pull at 96%%: %v", err)
	}
	reason, err := c.ScheduledPause(ctx)
	want := "Salesforce API usage 96 % of the daily allowance (961 of 1,000): scheduled syncs paused until it falls below 95 %"
	if err != nil || reason != want {
		t.Errorf("ScheduledPause at 96%% = %q, %v\nwant %q", reason, err, want)
	}
	if w := strings.Join(c.PullWarnings(ctx, req(crm.Companies, time.Time{})), "; "); !strings.Contains(w, "Salesforce API usage 96 %") {
		t.Errorf("PullWarnings at 96%%: %q", w)
	}
	srv.SetAPIUsage(700)
	if _, err := c.Query(ctx, "SELECT Id FROM Account", false); err != nil {
		t.Fatal(err)
	}
	if reason, err := c.ScheduledPause(ctx); reason != "" || err != nil {
		t.Errorf("ScheduledPause at 70%% = %q, %v", reason, err)
	}
	if w := c.PullWarnings(ctx, req(crm.Companies, time.Time{})); len(w) != 0 {
		t.Errorf("PullWarnings at 70%%: %q", w)
	}
	// A client that has made no call yet asks GET /limits.
	srv.SetAPIUsage(970)
	fresh, err := New(Config{InstanceURL: srv.URL(), LoginURL: srv.LoginURL(), ClientID: "client-id", ClientSecret: "client-secret", RefreshToken: "refresh-token"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv.ResetCalls()
	if reason, err := fresh.ScheduledPause(ctx); !strings.Contains(reason, "(971 of 1,000)") || err != nil || srv.Calls()["GET limits"] != 1 {
		t.Errorf("fresh client: ScheduledPause = %q, %v; calls %v", reason, err, srv.Calls())
	}
}

// PullWarnings names the fields behind a pull's properties that the org
// lacks (a misspelt configured field), never abmsync's own fields that the
// first push creates.
func TestPullWarningsMissingFields(t *testing.T) {
	_, c := setup(t, salesforcetest.GenOptions{Accounts: 3, Contacts: 3, Seed: 1}, salesforcetest.Options{})
	ctx := context.Background()
	r := req(crm.Companies, time.Time{})
	r.Properties = append(r.Properties, "Rating", "NPS_Score__c", "abm_engaged_contacts")
	if _, err := c.Pull(ctx, r); err != nil {
		t.Fatal(err)
	}
	got := c.PullWarnings(ctx, r)
	want := "fields missing in Salesforce (Account: NPS_Score__c): their values stay empty; create them or correct the configured names"
	if len(got) != 1 || got[0] != want {
		t.Errorf("PullWarnings = %q\nwant %q", got, want)
	}
	if got := c.PullWarnings(ctx, req(crm.Contacts, time.Time{})); len(got) != 0 {
		t.Errorf("contacts: %q, want none", got)
	}
}

func TestParseLimitInfo(t *testing.T) {
	tests := []struct {
		in          string
		used, limit int
		ok          bool
	}{
		{"api-usage=18/5000", 18, 5000, true},
		{"api-usage=25/5000; per-app-api-usage=17/250(appName=x)", 25, 5000, true},
		{"per-app-api-usage=17/250(appName=x)", 0, 0, false},
		{"api-usage=x/5000", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, tt := range tests {
		u, l, ok := parseLimitInfo(tt.in)
		if u != tt.used || l != tt.limit || ok != tt.ok {
			t.Errorf("parseLimitInfo(%q) = %d, %d, %v", tt.in, u, l, ok)
		}
	}
}
