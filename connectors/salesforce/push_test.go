package salesforce

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/abmsync/abmsync/connectors/salesforce/salesforcetest"
	"github.com/abmsync/abmsync/crm"
)

var companyDefs = []crm.PropertyDef{
	{Name: "abm_known_contacts", Label: "ABM known contacts", Type: "number", FieldType: "number"},
	{Name: "abm_avg_deal_size", Label: "ABM average deal size", Type: "number", FieldType: "number"},
	{Name: "abm_icp_reasons", Label: "ABM ICP reasons", Type: "string", FieldType: "textarea"},
	{Name: "abm_mqa_since", Label: "ABM MQA since", Type: "date", FieldType: "date"},
}

// EnsureProperties creates the missing custom fields through the Tooling
// API once; without the permission it names the fields and the package.
func TestEnsureProperties(t *testing.T) {
	srv, c := setup(t, salesforcetest.GenOptions{Accounts: 3, Seed: 1}, salesforcetest.Options{})
	ctx := context.Background()
	if err := c.EnsureProperties(ctx, crm.Companies, crm.PropertyGroup{}, companyDefs); err != nil {
		t.Fatal(err)
	}
	if n := srv.Calls()["POST tooling"]; n != 4 {
		t.Errorf("%d fields created, want 4 (the target checkbox exists)", n)
	}
	for _, f := range []string{"ABM_Known_Contacts__c", "ABM_Avg_Deal_Size__c", "ABM_Icp_Reasons__c", "ABM_Mqa_Since__c"} {
		if !srv.HasField("Account", f) {
			t.Errorf("field %s not created", f)
		}
	}
	srv.ResetCalls()
	if err := c.EnsureProperties(ctx, crm.Companies, crm.PropertyGroup{}, companyDefs); err != nil {
		t.Fatal(err)
	}
	if n := srv.Calls()["POST tooling"]; n != 0 {
		t.Errorf("%d fields created again", n)
	}

	denied, c2 := setup(t, salesforcetest.GenOptions{Accounts: 3, Seed: 1}, salesforcetest.Options{DenyTooling: true})
	_ = denied
	err := c2.EnsureProperties(ctx, crm.Contacts, crm.PropertyGroup{}, []crm.PropertyDef{{Name: crm.ContactKeyProperty, Label: "ABM contact key", Type: "string"}})
	var fe *FieldsError
	if !errors.As(err, &fe) || !errors.Is(err, crm.ErrPermanent) || fe.Missing[0] != "Contact.ABM_Contact_Key__c" ||
		!strings.Contains(err.Error(), "abmsync salesforce fields") || !strings.Contains(err.Error(), "INSUFFICIENT_ACCESS") {
		t.Fatalf("denied: %v", err)
	}
}

// BatchUpdate writes through sObject Collections, 200 records a call,
// reports per-record failures, resends locked rows, and a value read back
// equals the value written.
func TestBatchUpdate(t *testing.T) {
	srv, c := setup(t, salesforcetest.GenOptions{Accounts: 250, Seed: 1, Now: time.Now()}, salesforcetest.Options{})
	ctx := context.Background()
	if err := c.EnsureProperties(ctx, crm.Companies, crm.PropertyGroup{}, companyDefs); err != nil {
		t.Fatal(err)
	}
	ids := srv.IDs("Account")
	srv.Delete("Account", ids[5])
	srv.LockRow(ids[7], 1)
	var ups []crm.Update
	for i, id := range ids {
		p := map[string]string{"abm_known_contacts": "5", "abm_avg_deal_size": "1234.5", "abm_mqa_since": "2026-03-04", "hs_is_target_account": "true"}
		if i == 9 {
			p["hubspotutk"] = "x"
		}
		ups = append(ups, crm.Update{ID: id, Properties: p})
	}
	srv.ResetCalls()
	res, err := c.BatchUpdate(ctx, crm.Companies, ups)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Updated) != 248 || len(res.Failed) != 2 {
		t.Fatalf("updated %d failed %v", len(res.Updated), res.Failed)
	}
	failed := map[string]crm.RecordError{}
	for _, f := range res.Failed {
		failed[f.ID] = f
	}
	if failed[ids[5]].Category != "ENTITY_IS_DELETED" || !strings.Contains(failed[ids[9]].Message, "hubspotutk") {
		t.Errorf("failures %v", res.Failed)
	}
	if n := srv.Calls()["PATCH collections"]; n != 3 {
		t.Errorf("%d collection calls, want 3 (2 chunks + 1 resend of the locked row)", n)
	}
	if res.Calls != srv.TotalCalls() {
		t.Errorf("Calls %d, server saw %d", res.Calls, srv.TotalCalls())
	}
	if v := srv.Get("Account", ids[7])["ABM_Known_Contacts__c"]; v != 5.0 {
		t.Errorf("locked row after resend: %v", v)
	}
	recs, _ := pullAll(t, c, crm.PullRequest{Object: crm.Companies, Properties: []string{"abm_known_contacts", "abm_avg_deal_size", "abm_mqa_since"}})
	for _, r := range recs[:3] {
		if r.Properties["abm_known_contacts"] != "5" || r.Properties["abm_avg_deal_size"] != "1234.5" || r.Properties["abm_mqa_since"] != "2026-03-04" {
			t.Errorf("read back %v", r.Properties)
		}
	}
}

// UpsertContacts creates new key contacts by external ID, matches known
// ones by e-mail (setting their key), and keeps values a person set.
func TestUpsertContacts(t *testing.T) {
	srv, c := setup(t, salesforcetest.GenOptions{Accounts: 2, Contacts: 4, Seed: 1, Now: time.Now()}, salesforcetest.Options{})
	ctx := context.Background()
	defs := []crm.PropertyDef{{Name: crm.ContactKeyProperty, Label: "ABM contact key", Type: "string"}, {Name: "hs_buying_role", Label: "ABM role", Type: "string"}}
	if err := c.EnsureProperties(ctx, crm.Contacts, crm.PropertyGroup{}, defs); err != nil {
		t.Fatal(err)
	}
	acct := srv.IDs("Account")[0]
	existing := srv.IDs("Contact")[0]
	email := srv.Get("Contact", existing)["Email"].(string)
	in := []crm.ContactUpsert{
		{Key: "k-new", CompanyID: acct, Properties: map[string]string{"firstname": "Ada", "lastname": "Lovelace", "jobtitle": "CTO", "hs_buying_role": "DECISION_MAKER"}},
		{Key: "k-mail", Email: email, CompanyID: acct, Properties: map[string]string{"jobtitle": "Overwritten?"}, KeepIfSet: []string{"jobtitle"}},
		{Key: "k-noname", CompanyID: acct, Properties: map[string]string{}},
	}
	res, err := c.UpsertContacts(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Written) != 3 || len(res.Failed) != 0 {
		t.Fatalf("written %+v failed %+v", res.Written, res.Failed)
	}
	byKey := map[string]crm.UpsertedContact{}
	for _, w := range res.Written {
		byKey[w.Key] = w
	}
	if !byKey["k-new"].Created || byKey["k-mail"].Created || byKey["k-mail"].ID != existing {
		t.Errorf("written %+v", res.Written)
	}
	got := srv.Get("Contact", byKey["k-new"].ID)
	if got["AccountId"] != acct || got["Title"] != "CTO" || got["ABM_Role__c"] != "DECISION_MAKER" || got["ABM_Contact_Key__c"] != "k-new" {
		t.Errorf("created contact %v", got)
	}
	if old := srv.Get("Contact", existing); old["Title"] == "Overwritten?" || old["ABM_Contact_Key__c"] != "k-mail" {
		t.Errorf("matched contact %v", old)
	}
	res, err = c.UpsertContacts(ctx, in[:1])
	if err != nil || len(res.Written) != 1 || res.Written[0].Created || res.Written[0].ID != byKey["k-new"].ID {
		t.Errorf("second upsert: %v %+v", err, res)
	}
}

func TestWriteFieldPackage(t *testing.T) {
	dir := t.TempDir()
	specs := append(FieldSpecsFor(crm.Companies, companyDefs, DefaultTargetField),
		FieldSpecsFor(crm.Contacts, []crm.PropertyDef{{Name: crm.ContactKeyProperty, Label: "ABM contact key", Type: "string"}}, DefaultTargetField)...)
	if err := WriteFieldPackage(dir, "v66.0", specs); err != nil {
		t.Fatal(err)
	}
	pkg, _ := os.ReadFile(filepath.Join(dir, "package.xml"))
	acc, _ := os.ReadFile(filepath.Join(dir, "objects", "Account.object"))
	con, _ := os.ReadFile(filepath.Join(dir, "objects", "Contact.object"))
	perm, _ := os.ReadFile(filepath.Join(dir, "permissionsets", "abmsync_integration.permissionset"))
	for _, want := range []string{"<members>Account.ABM_Known_Contacts__c</members>", "<members>Contact.ABM_Contact_Key__c</members>", "<version>66.0</version>", "<name>PermissionSet</name>"} {
		if !strings.Contains(string(pkg), want) {
			t.Errorf("package.xml lacks %s:\n%s", want, pkg)
		}
	}
	if !strings.Contains(string(acc), "<fullName>ABM_Target_Account__c</fullName>") || !strings.Contains(string(acc), "<scale>6</scale>") {
		t.Errorf("Account.object:\n%s", acc)
	}
	if !strings.Contains(string(con), "<externalId>true</externalId>") || !strings.Contains(string(con), "<unique>true</unique>") {
		t.Errorf("Contact.object:\n%s", con)
	}
	if !strings.Contains(string(perm), "<field>Contact.ABM_Contact_Key__c</field>") {
		t.Errorf("permission set:\n%s", perm)
	}
}

func TestCustomField(t *testing.T) {
	for in, want := range map[string]string{
		"abm_known_contacts":           "ABM_Known_Contacts__c",
		"abm_linkedin_impressions_30d": "ABM_Linkedin_Impressions_30d__c",
		"abm_contact_key":              "ABM_Contact_Key__c",
		"hs_buying_role":               "ABM_Role__c",
	} {
		if got := CustomField(in); got != want {
			t.Errorf("CustomField(%s) = %s, want %s", in, got, want)
		}
	}
}

// A call refused as a whole with UNABLE_TO_LOCK_ROW is sent again, up to
// requestLockRetries times with growing waits; past that the error is
// temporary (the task is retried later), never permanent.
func TestRequestLockedRetried(t *testing.T) {
	tests := []struct {
		name     string
		refusals int
		wantErr  bool
	}{
		{"locked twice", 2, false},
		{"locked past the retries", requestLockRetries + 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := setup(t, salesforcetest.GenOptions{Accounts: 5, Seed: 1, Now: time.Now()}, salesforcetest.Options{})
			var waits []time.Duration
			c.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
			ctx := context.Background()
			if err := c.EnsureProperties(ctx, crm.Companies, crm.PropertyGroup{}, companyDefs); err != nil {
				t.Fatal(err)
			}
			ids := srv.IDs("Account")
			srv.Fail("PATCH collections", 400, "UNABLE_TO_LOCK_ROW", tt.refusals)
			srv.ResetCalls()
			res, err := c.BatchUpdate(ctx, crm.Companies, []crm.Update{{ID: ids[0], Properties: map[string]string{"abm_known_contacts": "3"}}})
			calls := srv.Calls()["PATCH collections"]
			if tt.wantErr {
				var e *ErrorResponse
				if err == nil || errors.Is(err, crm.ErrPermanent) || !errors.As(err, &e) || e.RetryDelay() == 0 {
					t.Fatalf("BatchUpdate = %v, want a temporary UNABLE_TO_LOCK_ROW error", err)
				}
				if calls != requestLockRetries+1 {
					t.Errorf("%d calls, want %d", calls, requestLockRetries+1)
				}
				return
			}
			if err != nil || len(res.Updated) != 1 {
				t.Fatalf("BatchUpdate = %+v, %v", res, err)
			}
			if calls != 3 || srv.Get("Account", ids[0])["ABM_Known_Contacts__c"] != 3.0 {
				t.Errorf("%d calls, value %v", calls, srv.Get("Account", ids[0])["ABM_Known_Contacts__c"])
			}
			if len(waits) != 2 || waits[1] <= waits[0] {
				t.Errorf("waits %v, want two growing waits", waits)
			}
		})
	}
}
