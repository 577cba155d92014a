package salesforce

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/salesforce/salesforcetest"
	"github.com/abmsync/abmsync/crm"
)

func req(o crm.ObjectType, since time.Time) crm.PullRequest {
	r := crm.PullRequest{Object: o, Since: since}
	switch o {
	case crm.Companies:
		r.Properties = []string{"name", "domain", "hs_is_target_account", "industry", "numberofemployees", "country", "hs_lastmodifieddate", "abm_known_contacts"}
	case crm.Contacts:
		r.Properties = []string{"email", "firstname", "jobtitle", "notes_last_contacted", "hubspotutk", "lastmodifieddate"}
		r.Associations = []crm.ObjectType{crm.Companies}
	case crm.Deals:
		r.Properties = []string{"dealstage", "hs_is_closed", "hs_is_closed_won", "amount", "closedate", "createdate", "dealtype"}
		r.Associations = []crm.ObjectType{crm.Companies, crm.Contacts}
	}
	return r
}

// A full pull reads each object with one query call per 2,000 records and
// maps Salesforce's fields onto the record model.
func TestPullFullMapsAndPages(t *testing.T) {
	now := time.Now().UTC()
	srv, c := setup(t, salesforcetest.GenOptions{Accounts: 2100, Contacts: 4500, Opportunities: 300, TargetShare: 0.1, Seed: 1, Now: now}, salesforcetest.Options{})
	ctx := context.Background()
	_ = ctx

	accounts, _ := pullAll(t, c, req(crm.Companies, time.Time{}))
	if len(accounts) != 2100 {
		t.Fatalf("%d accounts, want 2100", len(accounts))
	}
	calls := srv.Calls()
	if calls["GET query"] != 1 || calls["GET query-more"] != 1 || calls["GET describe"] != 1 || calls["POST token"] != 1 {
		t.Errorf("calls %v, want 1 query, 1 query-more, 1 describe, 1 token", calls)
	}
	a := accounts[0]
	if a.Source != Source || a.Type != crm.Companies || a.UpdatedAt.IsZero() || a.CreatedAt.IsZero() {
		t.Errorf("account record %+v", a)
	}
	if a.Properties["domain"] != "acct0.example" || a.Properties["name"] != "Account 0" || a.Properties["hs_is_target_account"] != "true" {
		t.Errorf("account properties %v", a.Properties)
	}
	if n := a.Properties["numberofemployees"]; strings.Contains(n, ".") || n == "" {
		t.Errorf("numberofemployees %q, want an integer", n)
	}
	if _, ok := a.Properties["abm_known_contacts"]; ok {
		t.Error("a field the org lacks got a value")
	}
	targets := 0
	for _, r := range accounts {
		if r.Properties["hs_is_target_account"] == "true" {
			targets++
		}
	}
	if targets != 210 {
		t.Errorf("%d targets, want 210", targets)
	}

	srv.ResetCalls()
	contacts, _ := pullAll(t, c, req(crm.Contacts, time.Time{}))
	if len(contacts) != 4500 {
		t.Fatalf("%d contacts", len(contacts))
	}
	if got := srv.Calls()["GET query"] + srv.Calls()["GET query-more"]; got != 3 {
		t.Errorf("%d query calls for 4,500 contacts, want 3", got)
	}
	for _, r := range contacts[:50] {
		if len(r.Associations[crm.Companies]) != 1 {
			t.Fatalf("contact %s without its account: %+v", r.ID, r)
		}
		if _, ok := r.Properties["hubspotutk"]; ok {
			t.Fatal("a property without a Salesforce field got a value")
		}
		if d := r.Properties["notes_last_contacted"]; d != "" && len(d) != 10 {
			t.Fatalf("LastActivityDate %q, want a date", d)
		}
	}

	deals, _ := pullAll(t, c, req(crm.Deals, time.Time{}))
	won, withContacts := 0, 0
	for _, d := range deals {
		if d.Properties["hs_is_closed_won"] == "true" {
			won++
			if d.Properties["hs_is_closed"] != "true" || d.Properties["dealstage"] != "Closed Won" {
				t.Errorf("won deal %v", d.Properties)
			}
		}
		if dt := d.Properties["dealtype"]; dt != "newbusiness" && dt != "existingbusiness" {
			t.Errorf("dealtype %q", dt)
		}
		if len(d.Associations[crm.Contacts]) > 0 {
			withContacts++
		}
		if len(d.Associations[crm.Companies]) != 1 {
			t.Errorf("deal %s without account", d.ID)
		}
	}
	if won == 0 || withContacts == 0 {
		t.Errorf("won %d, with contact roles %d", won, withContacts)
	}
}

// An incremental pull over more than 2,000 records sharing one
// SystemModstamp returns each exactly once, also when the query locator
// expires in the middle (the compound cursor takes over).
func TestPullIncrementalTiesAndExpiredLocator(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	srv, c := setup(t, salesforcetest.GenOptions{Accounts: 100, Contacts: 5000, Seed: 2, Now: now.Add(-time.Hour)}, salesforcetest.Options{})
	tie := now.Add(-10 * time.Minute)
	ids := srv.IDs("Contact")
	for _, id := range ids[:2600] {
		srv.Update("Contact", id, map[string]any{"Title": "Changed"}, tie)
	}
	for _, id := range ids[2600:2700] {
		srv.Update("Contact", id, map[string]any{"Title": "Later"}, tie.Add(time.Second))
	}
	r := req(crm.Contacts, tie.Add(-time.Minute))
	p, err := c.Pull(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Records) != 2000 || p.Next == "" {
		t.Fatalf("first page %d records, next %q", len(p.Records), p.Next)
	}
	srv.ExpireLocators()
	r.Token = p.Next
	rest, _ := pullAll(t, c, r)
	all := append(p.Records, rest...)
	seen := map[string]int{}
	for _, rec := range all {
		seen[rec.ID]++
	}
	if len(all) != 2700 || len(seen) != 2700 {
		t.Fatalf("%d records, %d distinct, want 2700", len(all), len(seen))
	}
	for i := 1; i < len(all); i++ {
		if all[i].UpdatedAt.Before(all[i-1].UpdatedAt) {
			t.Fatalf("records out of modification order at %d", i)
		}
	}
}

// Deleted records come from sObject Get Deleted within its 15-day window
// and from queryAll before it.
func TestPullDeleted(t *testing.T) {
	now := time.Now().UTC()
	srv, c := setup(t, salesforcetest.GenOptions{Accounts: 10, Contacts: 50, Seed: 3, Now: now}, salesforcetest.Options{})
	victim := srv.IDs("Contact")[7]
	srv.Delete("Contact", victim)
	for _, since := range []time.Time{now.Add(-time.Hour), now.Add(-40 * 24 * time.Hour)} {
		srv.ResetCalls()
		recs, _ := pullAll(t, c, crm.PullRequest{Object: crm.Contacts, Archived: true, Since: since})
		if len(recs) != 1 || recs[0].ID != victim || !recs[0].Archived {
			t.Errorf("since %s: deleted %+v, want %s", since, recs, victim)
		}
		calls := srv.Calls()
		if since.After(now.Add(-24*time.Hour)) && calls["GET deleted"] != 1 {
			t.Errorf("recent deletions listed with %v, want GET deleted", calls)
		}
		if since.Before(now.Add(-24*time.Hour)) && calls["GET queryAll"] != 1 {
			t.Errorf("old deletions listed with %v, want queryAll", calls)
		}
	}
	live, _ := pullAll(t, c, req(crm.Contacts, time.Time{}))
	for _, r := range live {
		if r.ID == victim {
			t.Error("a deleted contact is listed as live")
		}
	}
}

func TestPullTokenChecks(t *testing.T) {
	_, c := setup(t, salesforcetest.GenOptions{Accounts: 3, Seed: 4}, salesforcetest.Options{})
	for _, tok := range []string{"garbage", cursor{V: 1, O: "contacts", M: modeFull}.encode()} {
		_, err := c.Pull(context.Background(), crm.PullRequest{Object: crm.Companies, Token: tok})
		if !errors.Is(err, crm.ErrPermanent) {
			t.Errorf("token %q: %v, want a permanent error", tok, err)
		}
	}
}

func TestBuildSOQL(t *testing.T) {
	sel := selection{fields: []string{"Id", "SystemModstamp"}, children: "(SELECT ContactId FROM OpportunityContactRoles)"}
	tests := []struct {
		cur  cursor
		want string
	}{
		{cursor{M: modeFull}, "SELECT Id, SystemModstamp, (SELECT ContactId FROM OpportunityContactRoles) FROM Opportunity ORDER BY Id"},
		{cursor{M: modeFull, I: "006x"}, "SELECT Id, SystemModstamp, (SELECT ContactId FROM OpportunityContactRoles) FROM Opportunity WHERE Id > '006x' ORDER BY Id"},
		{cursor{M: modeInc, S: "2026-01-02T03:04:05Z"}, "SELECT Id, SystemModstamp, (SELECT ContactId FROM OpportunityContactRoles) FROM Opportunity WHERE SystemModstamp >= 2026-01-02T03:04:05Z ORDER BY SystemModstamp, Id"},
		{cursor{M: modeInc, S: "2026-01-02T03:04:05Z", T: "2026-01-03T00:00:00Z", I: "006y"}, "SELECT Id, SystemModstamp, (SELECT ContactId FROM OpportunityContactRoles) FROM Opportunity WHERE (SystemModstamp > 2026-01-03T00:00:00Z OR (SystemModstamp = 2026-01-03T00:00:00Z AND Id > '006y')) ORDER BY SystemModstamp, Id"},
	}
	for _, tt := range tests {
		if got := buildSOQL(sel, "Opportunity", tt.cur); got != tt.want {
			t.Errorf("buildSOQL(%+v)\n got %s\nwant %s", tt.cur, got, tt.want)
		}
	}
	if got := quote(`O'Brien \ x`); got != `'O\'Brien \\ x'` {
		t.Errorf("quote = %s", got)
	}
}

// An Opportunity with more contact roles than a query answer nests is
// paged by the nested result's own nextRecordsUrl; the pull follows it and
// returns every contact.
func TestPullFollowsPagedContactRoles(t *testing.T) {
	now := time.Now().UTC()
	srv, c := setup(t, salesforcetest.GenOptions{Accounts: 5, Contacts: 300, Opportunities: 3, Seed: 5, Now: now}, salesforcetest.Options{})
	opp := srv.IDs("Opportunity")[1]
	contacts := srv.IDs("Contact")[:250]
	for _, id := range contacts {
		srv.Insert("OpportunityContactRole", map[string]any{"OpportunityId": opp, "ContactId": id, "Role": "Influencer"})
	}
	srv.ResetCalls()
	deals, _ := pullAll(t, c, req(crm.Deals, time.Time{}))
	var got []string
	for _, d := range deals {
		if d.ID == opp {
			got = d.Associations[crm.Contacts]
		}
	}
	want := map[string]bool{}
	for _, id := range srv.Children("OpportunityContactRole", "OpportunityId", opp) {
		want[srv.Get("OpportunityContactRole", id)["ContactId"].(string)] = true
	}
	if len(got) != len(want) || len(want) < 250 {
		t.Fatalf("opportunity %s: %d contacts, want %d", opp, len(got), len(want))
	}
	for _, id := range got {
		if !want[id] {
			t.Errorf("contact %s is no role of %s", id, opp)
		}
	}
	if n := srv.Calls()["GET query-more"]; n != 1 {
		t.Errorf("%d query-more calls, want 1 (the nested roles past 200)", n)
	}
}

// 429 answers are waited out (Retry-After) and the request sent again;
// 403 REQUEST_LIMIT_EXCEEDED ends the pull with Salesforce's message.
func TestPullRateLimitAndRequestLimit(t *testing.T) {
	srv, c := setup(t, salesforcetest.GenOptions{Accounts: 3, Seed: 1}, salesforcetest.Options{})
	var waits []time.Duration
	c.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	srv.Fail("GET query", http.StatusTooManyRequests, "REQUEST_LIMIT_EXCEEDED", 2)
	recs, _ := pullAll(t, c, req(crm.Companies, time.Time{}))
	if len(recs) != 3 || len(waits) != 2 || waits[0] != time.Second {
		t.Fatalf("after two 429s: %d records, waits %v", len(recs), waits)
	}
	srv.Fail("GET query", http.StatusForbidden, "REQUEST_LIMIT_EXCEEDED", 1)
	_, err := c.Pull(context.Background(), req(crm.Companies, time.Time{}))
	if !errors.Is(err, ErrRequestLimit) || !errors.Is(err, crm.ErrPermanent) || !strings.Contains(err.Error(), "403") ||
		!strings.Contains(err.Error(), "REQUEST_LIMIT_EXCEEDED") {
		t.Fatalf("pull after 403 REQUEST_LIMIT_EXCEEDED: %v", err)
	}
}

// An incremental deals pull follows the contact roles' own SystemModstamp:
// a role added to, or deleted from, an opportunity nobody else touched
// re-reads that opportunity with its current contacts.
func TestPullIncrementalFollowsContactRoles(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	srv, c := setup(t, salesforcetest.GenOptions{Accounts: 20, Contacts: 200, Opportunities: 50, Seed: 6, Now: now.Add(-time.Hour)}, salesforcetest.Options{})
	opps := srv.IDs("Opportunity")
	gain, lose := opps[3], opps[7]
	var lost string
	for _, id := range srv.Children("OpportunityContactRole", "OpportunityId", lose) {
		lost = srv.Get("OpportunityContactRole", id)["ContactId"].(string)
		srv.Delete("OpportunityContactRole", id)
	}
	added := srv.IDs("Contact")[42]
	srv.Insert("OpportunityContactRole", map[string]any{"OpportunityId": gain, "ContactId": added, "Role": "Influencer"})
	if lost == "" {
		t.Fatalf("opportunity %s had no role", lose)
	}
	srv.ResetCalls()
	recs, _ := pullAll(t, c, req(crm.Deals, now.Add(-time.Minute)))
	got := map[string][]string{}
	for _, r := range recs {
		got[r.ID] = r.Associations[crm.Contacts]
		if r.UpdatedAt.Before(now.Add(-time.Minute)) {
			t.Errorf("re-read deal %s has UpdatedAt %s, before its role changed", r.ID, r.UpdatedAt)
		}
	}
	if len(got) != 2 {
		t.Fatalf("deals pulled %v, want only %s and %s", got, gain, lose)
	}
	if !slices.Contains(got[gain], added) {
		t.Errorf("deal %s contacts %v lack the added %s", gain, got[gain], added)
	}
	if cs, ok := got[lose]; !ok || slices.Contains(cs, lost) {
		t.Errorf("deal %s: pulled %v, contacts %v still hold the removed %s", lose, ok, cs, lost)
	}
	calls := srv.Calls()
	if calls["GET query"] != 2 || calls["GET queryAll"] != 1 {
		t.Errorf("calls %v, want 2 queries (opportunities, re-read) and 1 queryAll (roles)", calls)
	}

	// Nothing changed since: the roles query finds nothing to re-read.
	srv.ResetCalls()
	recs, _ = pullAll(t, c, req(crm.Deals, now.Add(time.Minute)))
	if len(recs) != 0 || srv.Calls()["GET queryAll"] != 1 || srv.Calls()["GET query"] != 1 {
		t.Errorf("no changes: %d records, calls %v", len(recs), srv.Calls())
	}
}
