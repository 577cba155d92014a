package workers

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/abmsync/abmsync/campaign"
	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/fingerprint"
	"github.com/abmsync/abmsync/jobs"
	"github.com/abmsync/abmsync/keycontacts/merge"
	"github.com/abmsync/abmsync/store"
)

// dumpKeys returns every key under the store's prefix with its whole
// content (string, hash, set, sorted set or list) as text.
func dumpKeys(t *testing.T, ctx context.Context, rdb redis.UniversalClient, st *store.Store) map[string]string {
	t.Helper()
	base := strings.TrimSuffix(st.Keys().Runs(), "runs")
	out := map[string]string{}
	iter := rdb.Scan(ctx, 0, base+"*", 1000).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		var v any
		var err error
		switch typ := rdb.Type(ctx, k).Val(); typ {
		case "string":
			v, err = rdb.Get(ctx, k).Result()
		case "hash":
			v, err = rdb.HGetAll(ctx, k).Result()
		case "set":
			v, err = rdb.SMembers(ctx, k).Result()
		case "zset":
			v, err = rdb.ZRangeWithScores(ctx, k, 0, -1).Result()
		case "list":
			v, err = rdb.LRange(ctx, k, 0, -1).Result()
		default:
			t.Fatalf("key %s of type %q not dumped", k, typ)
		}
		if err != nil {
			t.Fatalf("dump %s: %v", k, err)
		}
		b, _ := json.Marshal(v)
		out[k] = strings.ToLower(string(b))
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("nothing stored under the prefix")
	}
	return out
}

// findInRedis returns where (key, or value of key) needle occurs, "" when
// nowhere.
func findInRedis(dump map[string]string, needle string) string {
	needle = strings.ToLower(needle)
	for k, v := range dump {
		if strings.Contains(strings.ToLower(k), needle) {
			return "key " + k
		}
		if strings.Contains(v, needle) {
			return "value of " + k
		}
	}
	return ""
}

// TestNoLinkedInURLInRedis: after a full and an incremental pull, no
// contact's LinkedIn profile URL (as HubSpot has it, or in its normalised
// form) nor e-mail address is anywhere in the store's keys or values.
func TestNoLinkedInURLInRedis(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)
	b.sync(t, jobs.Scope{})
	touchContacts(b)
	b.sync(t, jobs.Scope{Objects: []crm.ObjectType{crm.Contacts}})
	dump := dumpKeys(t, ctx, b.rdb, b.st)
	urls, emails := 0, 0
	for _, id := range b.srv.IDs("contacts") {
		c := b.srv.Object("contacts", id)
		if u := c["hs_linkedin_url"]; u != "" {
			urls++
			slug := strings.TrimPrefix(merge.NormalizeLinkedInURL(u), "linkedin.com/in/")
			for _, s := range []string{u, merge.NormalizeLinkedInURL(u), "/in/" + slug} {
				if where := findInRedis(dump, s); where != "" {
					t.Fatalf("contact %s's LinkedIn URL (%q) is in Redis: %s", id, s, where)
				}
			}
		}
		if e := c["email"]; e != "" {
			emails++
			if where := findInRedis(dump, e); where != "" {
				t.Fatalf("contact %s's e-mail address is in Redis: %s", id, where)
			}
		}
	}
	if urls == 0 || emails == 0 {
		t.Fatalf("%d portal contacts with a LinkedIn URL, %d with an e-mail: nothing was checked", urls, emails)
	}
	if where := findInRedis(dump, "linkedin.com"); where != "" {
		t.Errorf("a LinkedIn URL is in Redis: %s", where)
	}
}

// TestFingerprintMigrationKeepsErasure starts from a store an older
// version wrote (unkeyed fingerprints, LinkedIn URLs in plain text, a
// person forgotten and one suppressed by name), migrates it as the daemon
// does at start-up, and checks that nobody suppressed comes back: not before
// the migration, not after it, not through a full sync, and that forget
// still finds a migrated contact.
func TestFingerprintMigrationKeepsErasure(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ctx := ctxT(t)

	// Three portal contacts with an address and a company: x was
	// forgotten by the old version, y is stored in the old format, z is
	// the one a later forget erases.
	var x, y, z string
	for _, id := range b.srv.IDs("contacts") {
		if b.srv.Object("contacts", id)["email"] == "" || len(b.srv.Associations("contacts", id, "companies")) == 0 {
			continue
		}
		switch {
		case x == "":
			x = id
		case y == "" && b.srv.Object("contacts", id)["hs_linkedin_url"] != "":
			y = id
		case z == "" && id != y:
			z = id
		}
	}
	if x == "" || y == "" || z == "" {
		t.Fatalf("portal lacks contacts for the test: %q %q %q", x, y, z)
	}
	email := func(id string) string { return merge.NormalizeEmail(b.srv.Object("contacts", id)["email"]) }
	company := func(id string) string { return b.srv.Associations("contacts", id, "companies")[0] }

	// The old version's state, written as it wrote it.
	legacyRecord := func(id string) crm.Record {
		c := b.srv.Object("contacts", id)
		props := map[string]string{"has_email": "true", "email_hash": fingerprint.LegacyHash("email", email(id)),
			"name_hash": fingerprint.LegacyHash("name", merge.NormalizeName(c["firstname"]+" "+c["lastname"])), "jobtitle": c["jobtitle"]}
		if u := c["hs_linkedin_url"]; u != "" {
			props["hs_linkedin_url"] = u
		}
		return crm.Record{Type: crm.Contacts, ID: id, Properties: props, Associations: map[crm.ObjectType][]string{crm.Companies: {company(id)}}}
	}
	if _, err := b.st.UpsertRecords(ctx, []crm.Record{legacyRecord(y), legacyRecord(z)}); err != nil {
		t.Fatal(err)
	}
	const acc, byName = "acc-9", "Dr. Eva Maier"
	dncKey := b.st.Keys().DoNotContact()
	legacyName := fingerprint.LegacyHash("account-name", acc+"\x00"+merge.NormalizeName(byName))
	if err := b.rdb.SAdd(ctx, dncKey, "email:"+fingerprint.LegacyHash("email", email(x)), "name:"+legacyName).Err(); err != nil {
		t.Fatal(err)
	}
	if err := b.st.SetCandidates(ctx, acc, "web", []crm.Candidate{
		{AccountID: acc, Name: "Eva Maier", RoleText: "CEO", From: crm.Provenance{Source: "web", Confidence: 0.9}},
		{AccountID: acc, Name: "Karl Huber", RoleText: "CFO", From: crm.Provenance{Source: "web", Confidence: 0.9}},
	}); err != nil {
		t.Fatal(err)
	}
	suppressedByName := func(when string) {
		t.Helper()
		people, _, err := b.deps.KeyPeople(ctx, acc)
		if err != nil {
			t.Fatal(err)
		}
		if len(people) != 1 || people[0].Value(merge.FieldName) != "Karl Huber" {
			t.Errorf("%s: key people %v; want only Karl Huber (Eva Maier is on the list by name)", when, people)
		}
	}

	// A new process before the migration (or beside an old one): the
	// legacy entries match already.
	dnc, err := campaign.DoNotContact(ctx, b.st)
	if err != nil {
		t.Fatal(err)
	}
	if !dnc.Suppressed(crm.Candidate{AccountID: "other", Name: "Someone Else", Email: strings.ToUpper(email(x))}) ||
		!dnc.Suppressed(crm.Candidate{AccountID: acc, Name: byName}) {
		t.Fatal("legacy do-not-contact entries do not match before the migration")
	}
	suppressedByName("before the migration")

	fp, err := b.st.OpenFingerprints(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	minimize := func(r crm.Record) crm.Record { return merge.MinimizeContact(fp, r) }
	res, err := b.st.MigrateFingerprints(ctx, fp, minimize)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Done || res.DoNotContact != 2 || res.Contacts != 2 || res.Raced != 0 {
		t.Errorf("migration = %+v, want done, 2 entries and 2 contacts rewritten", res)
	}
	if again, err := b.st.MigrateFingerprints(ctx, fp, minimize); err != nil || again.Done {
		t.Errorf("second migration = %+v, %v; want nothing done", again, err)
	}

	// Nothing of the old scheme, nor the plain URL, is left.
	dump := dumpKeys(t, ctx, b.rdb, b.st)
	for what, s := range map[string]string{
		"x's legacy e-mail fingerprint": fingerprint.LegacyHash("email", email(x)),
		"y's legacy e-mail fingerprint": fingerprint.LegacyHash("email", email(y)),
		"legacy name entry":             legacyName,
		"y's LinkedIn URL":              b.srv.Object("contacts", y)["hs_linkedin_url"],
		"linkedin.com":                  "linkedin.com",
	} {
		if where := findInRedis(dump, s); where != "" {
			t.Errorf("after the migration %s is in Redis: %s", what, where)
		}
	}
	members, _ := b.rdb.SMembers(ctx, dncKey).Result()
	for _, m := range members {
		if _, h, _ := strings.Cut(m, ":"); !strings.HasPrefix(h, fingerprint.Prefix) {
			t.Errorf("do-not-contact entry %q is not keyed", m)
		}
	}
	rec, err := b.st.Record(ctx, crm.Contacts, y)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Properties["email_hash"] != fp.Of("email", email(y)) || rec.Properties["has_linkedin"] != "true" ||
		rec.Properties["linkedin_hash"] != fp.Of("linkedin", merge.NormalizeLinkedInURL(b.srv.Object("contacts", y)["hs_linkedin_url"])) {
		t.Errorf("migrated contact %s = %v", y, rec.Properties)
	}
	suppressedByName("after the migration")

	// Forget finds a migrated contact by its address.
	if _, n, err := campaign.Forget(ctx, b.st, email(z)); err != nil || n != 1 {
		t.Fatalf("forget %s after the migration: %d contacts removed, %v; want 1", z, n, err)
	}
	// A full sync brings back neither the one forgotten before the
	// migration nor the one forgotten after it; y stays, keyed.
	if run := b.sync(t, jobs.Scope{Full: true}); run.State != store.RunSucceeded {
		t.Fatalf("sync %s: %s", run.State, run.Error)
	}
	for _, id := range []string{x, z} {
		if _, err := b.st.Record(ctx, crm.Contacts, id); err == nil {
			t.Errorf("contact %s, forgotten, is stored again after a full sync", id)
		}
	}
	if rec, err := b.st.Record(ctx, crm.Contacts, y); err != nil || rec.Properties["email_hash"] != fp.Of("email", email(y)) {
		t.Errorf("contact %s after the sync: %v, %v", y, rec.Properties, err)
	}
	suppressedByName("after a full sync")
}
