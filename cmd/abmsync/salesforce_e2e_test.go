package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/salesforce/salesforcetest"
	"github.com/abmsync/abmsync/internal/porttest"
	"github.com/abmsync/abmsync/internal/redistest"
)

// salesforceDB is the Redis database of the Salesforce end-to-end test.
const salesforceDB = 12

// TestServeResyncSalesforce runs "abmsync serve" against a fake Salesforce
// org of 2,000 accounts, 5,000 contacts and 1,000 opportunities: the first
// sync creates abmsync's fields and writes the metrics of every target
// account; a resync without changes writes nothing; a contact deleted in
// Salesforce lowers its account's known contacts; 2,100 contacts modified
// at one instant are all pulled by the incremental sync.
func TestServeResyncSalesforce(t *testing.T) {
	now := time.Now().UTC()
	org, env := salesforceEnv(t, salesforceDB, salesforcetest.GenOptions{
		Accounts: 2000, Contacts: 5000, Opportunities: 1000, TargetShare: 0.1, Seed: 7, Now: now,
	})
	logs := startServe(t, env)

	out, writes := resyncWait(t, env)
	if !strings.Contains(out, "succeeded") || writes == 0 {
		t.Fatalf("first sync: writes=%d\n%s", writes, out)
	}
	calls := org.Calls()
	if calls["POST tooling"] == 0 || !org.HasField("Account", "ABM_Known_Contacts__c") {
		t.Fatalf("abmsync's fields were not created: %v", calls)
	}
	targets := 0
	for _, id := range org.IDs("Account") {
		acc := org.Get("Account", id)
		if acc["ABM_Target_Account__c"] != true {
			if acc["ABM_Known_Contacts__c"] != nil {
				t.Errorf("account %s is no target but got metrics", id)
			}
			continue
		}
		targets++
		checkSalesforceMetrics(t, org, id)
	}
	if targets != 200 {
		t.Fatalf("%d target accounts, want 200", targets)
	}
	if n := calls["PATCH collections"]; n != 1 {
		t.Errorf("%d collection updates for 200 targets, want 1 (200 a call)", n)
	}

	// Nothing changed: no write.
	org.ResetCalls()
	out, writes = resyncWait(t, env)
	if writes != 0 || org.Calls()["PATCH collections"] != 0 {
		t.Errorf("resync without changes wrote: writes=%d calls=%v\n%s", writes, org.Calls(), out)
	}

	// A contact with an e-mail address of a target account is deleted.
	var victim, account string
	for _, id := range org.IDs("Account") {
		if org.Get("Account", id)["ABM_Target_Account__c"] != true {
			continue
		}
		for _, c := range org.Children("Contact", "AccountId", id) {
			if org.Get("Contact", c)["Email"] != nil {
				victim, account = c, id
				break
			}
		}
		if victim != "" {
			break
		}
	}
	before := org.Get("Account", account)["ABM_Known_Contacts__c"].(float64)
	org.Delete("Contact", victim)
	org.ResetCalls()
	resyncWait(t, env)
	if after := org.Get("Account", account)["ABM_Known_Contacts__c"].(float64); after != before-1 {
		t.Errorf("account %s known contacts %v -> %v after deleting contact %s", account, before, after, victim)
	}
	if org.Calls()["GET deleted"] == 0 {
		t.Errorf("deletions not read from sObject Get Deleted: %v", org.Calls())
	}

	// 2,100 contacts modified at one instant, one of them gaining an
	// e-mail address: the incremental sync reads all of them.
	tie := time.Now().UTC().Add(-time.Minute)
	ids := org.IDs("Contact")
	var gained, gainedAcct string
	for _, id := range ids {
		c := org.Get("Contact", id)
		acct, _ := c["AccountId"].(string)
		if c["Email"] == nil && org.Get("Account", acct)["ABM_Target_Account__c"] == true {
			gained, gainedAcct = id, acct
			break
		}
	}
	for i, id := range ids[:2100] {
		vals := map[string]any{"Title": "Changed " + strconv.Itoa(i)}
		if id == gained {
			vals["Email"] = "gained@example.com"
		}
		org.Update("Contact", id, vals, tie)
	}
	if gained != "" && !contains(ids[:2100], gained) {
		org.Update("Contact", gained, map[string]any{"Email": "gained@example.com"}, tie)
	}
	before = org.Get("Account", gainedAcct)["ABM_Known_Contacts__c"].(float64)
	org.ResetCalls()
	out, _ = resyncWait(t, env)
	if !strings.Contains(out, "succeeded") {
		t.Fatalf("incremental sync:\n%s", out)
	}
	if got := org.Get("Account", gainedAcct)["ABM_Known_Contacts__c"].(float64); got != before+1 {
		t.Errorf("account %s known contacts %v after a contact gained an e-mail, want %v", gainedAcct, got, before+1)
	}
	if q := org.Calls()["GET query"] + org.Calls()["GET query-more"]; q > 8 {
		t.Errorf("%d query calls for an incremental sync of 2,100 contacts, want at most 8: %v", q, org.Calls())
	}
	for _, secret := range []string{"sf-client-secret", "sf-refresh-token"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("secret %q appears in the daemon's logs", secret)
		}
	}
}

func contains(ids []string, id string) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// checkSalesforceMetrics recomputes the known contacts and the open and won
// deals of one account from the org's own data.
func checkSalesforceMetrics(t *testing.T, org *salesforcetest.Server, id string) {
	t.Helper()
	got := org.Get("Account", id)
	known := 0
	for _, c := range org.Children("Contact", "AccountId", id) {
		if org.Get("Contact", c)["Email"] != nil {
			known++
		}
	}
	open, won := 0, 0
	for _, o := range org.Children("Opportunity", "AccountId", id) {
		p := org.Get("Opportunity", o)
		switch {
		case p["IsWon"] == true:
			won++
		case p["IsClosed"] != true:
			open++
		}
	}
	want := map[string]float64{"ABM_Known_Contacts__c": float64(known), "ABM_Open_Deals__c": float64(open), "ABM_Won_Deals__c": float64(won), "ABM_Reach_Goal__c": 10}
	for f, v := range want {
		if got[f] != v {
			t.Errorf("account %s: %s = %v, want %v", id, f, got[f], v)
		}
	}
	if won > 0 && got["ABM_Avg_Deal_Size__c"] == nil {
		t.Errorf("account %s: no average deal size with %d won deals", id, won)
	}
}

// salesforceEnv starts a fake org generated from gen and returns it with
// the environment that points "abmsync serve" at it over the refresh-token
// flow: tokens from its login URL, the API on the instance_url it returns.
func salesforceEnv(t *testing.T, db int, gen salesforcetest.GenOptions) (*salesforcetest.Server, map[string]string) {
	t.Helper()
	redistest.Client(t, db, true)
	opt := redistest.Options(t, db)
	org := salesforcetest.NewServer(salesforcetest.Options{ClientID: "sf-client", ClientSecret: "sf-client-secret", RefreshToken: "sf-refresh-token"})
	t.Cleanup(org.Close)
	org.Generate(gen)
	cfg := filepath.Join(t.TempDir(), "abmsync.yaml")
	if err := os.WriteFile(cfg, []byte("schedules: {}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return org, map[string]string{
		"REDIS_URL":                        fmt.Sprintf("redis://%s/%d", opt.Addr, db),
		"ABMSYNC_CONFIG":                   cfg,
		"ABMSYNC_ADMIN_ADDR":               porttest.Addr(t),
		"ABMSYNC_ADMIN_TOKEN":              fmt.Sprintf("e2e-admin-token-0123456789abcdef-%d", db),
		"ABMSYNC_SALESFORCE_LOGIN_URL":     org.LoginURL(),
		"ABMSYNC_SALESFORCE_CLIENT_ID":     "sf-client",
		"ABMSYNC_SALESFORCE_CLIENT_SECRET": "sf-client-secret",
		"ABMSYNC_SALESFORCE_REFRESH_TOKEN": "sf-refresh-token",
	}
}

// "abmsync salesforce fields" writes the package an admin deploys.
func TestSalesforceFieldsCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pkg")
	var out, errb strings.Builder
	if err := run(t.Context(), []string{"salesforce", "fields", "--out", dir}, envFunc(nil), &out, &errb); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	acc, err := os.ReadFile(filepath.Join(dir, "objects", "Account.object"))
	if err != nil || !strings.Contains(string(acc), "<fullName>ABM_Known_Contacts__c</fullName>") {
		t.Errorf("Account.object: %v\n%s", err, acc)
	}
	con, _ := os.ReadFile(filepath.Join(dir, "objects", "Contact.object"))
	if !strings.Contains(string(con), "<fullName>ABM_Contact_Key__c</fullName>") {
		t.Errorf("Contact.object lacks the contact key:\n%s", con)
	}
	err = run(t.Context(), []string{"salesforce", "fields"}, envFunc(nil), &out, &errb)
	if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), "--out") {
		t.Errorf("without --out: %v", err)
	}
}
