package campaign

import (
	"testing"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/fingerprint"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/store"
)

// TestForget erases a person everywhere abmsync keeps them — candidates of
// every account and source, the pages they were found on, stored contacts
// (also one an older version fingerprinted unkeyed) — and suppresses the
// address; everyone else stays.
func TestForget(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	rdb := redistest.Client(t, redisDB, false)
	st := store.New(rdb, redistest.Prefix(t, rdb))
	fp, err := st.Fingerprinter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	gone := crm.Candidate{AccountID: "a1", Name: "Eva Maier", Email: "Eva.Maier@A.example", From: crm.Provenance{Source: "web", URL: "https://a.example/team"}}
	kept := crm.Candidate{AccountID: "a1", Name: "Karl Huber", Email: "karl@a.example", From: gone.From}
	for acc, source := range map[string]string{"a1": "web", "a2": "press"} {
		g := gone
		g.AccountID = acc
		if err := st.SetCandidates(ctx, acc, source, []crm.Candidate{g, kept}); err != nil {
			t.Fatal(err)
		}
	}
	for url, people := range map[string][]crm.Candidate{"https://a.example/team": {gone, kept}, "https://a.example/jobs": {kept}} {
		if err := st.SetPage(ctx, url, store.PageCache{ETag: "e", People: people}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.UpsertRecords(ctx, []crm.Record{
		{Type: crm.Contacts, ID: "1", Properties: map[string]string{"email_hash": fp.Of("email", "eva.maier@a.example")}},
		{Type: crm.Contacts, ID: "2", Properties: map[string]string{"email_hash": fingerprint.LegacyHash("email", "eva.maier@a.example")}},
		{Type: crm.Contacts, ID: "3", Properties: map[string]string{"email_hash": fp.Of("email", "karl@a.example")}},
	}); err != nil {
		t.Fatal(err)
	}

	if _, _, err := Forget(ctx, st, "not an address"); err == nil {
		t.Error("Forget accepted a value that is no e-mail address")
	}
	cands, contacts, err := Forget(ctx, st, " eva.maier@a.example ")
	if err != nil || cands != 2 || contacts != 2 {
		t.Fatalf("Forget = %d candidates, %d contacts, %v; want 2, 2", cands, contacts, err)
	}
	for _, acc := range []string{"a1", "a2"} {
		if got, _ := st.Candidates(ctx, acc); len(got) != 1 || got[0].Name != kept.Name {
			t.Errorf("candidates of %s after Forget: %+v", acc, got)
		}
	}
	if _, ok, _ := st.Page(ctx, "https://a.example/team"); ok {
		t.Error("the page that named the person is still remembered")
	}
	if _, ok, _ := st.Page(ctx, "https://a.example/jobs"); !ok {
		t.Error("a page that did not name the person was dropped")
	}
	if ids, _ := st.IDs(ctx, crm.Contacts); len(ids) != 1 || ids[0] != "3" {
		t.Errorf("stored contacts after Forget: %v, want [3]", ids)
	}
	dnc, err := DoNotContact(ctx, st)
	if err != nil || !dnc.Suppressed(crm.Candidate{Email: "EVA.MAIER@a.example"}) || dnc.Suppressed(kept) {
		t.Errorf("do-not-contact after Forget: %v; want the address suppressed, nobody else", err)
	}
}

func TestAddDoNotContactNeedsAPerson(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	rdb := redistest.Client(t, redisDB, false)
	st := store.New(rdb, redistest.Prefix(t, rdb))
	for _, in := range [][3]string{{"", "", ""}, {"no-at-sign", "", ""}, {"", "a1", ""}, {"", "", "Eva Maier"}} {
		if err := AddDoNotContact(ctx, st, in[0], in[1], in[2]); err == nil {
			t.Errorf("AddDoNotContact(%q) accepted nobody", in)
		}
	}
	if n, _ := rdb.SCard(ctx, st.Keys().DoNotContact()).Result(); n != 0 {
		t.Errorf("%d entries stored for nobody", n)
	}
	if err := AddDoNotContact(ctx, st, "", "a1", "Dr. Eva Maier"); err != nil {
		t.Fatal(err)
	}
	dnc, err := DoNotContact(ctx, st)
	if err != nil || !dnc.Suppressed(crm.Candidate{AccountID: "a1", Name: "Eva Maier"}) || dnc.Suppressed(crm.Candidate{AccountID: "a2", Name: "Eva Maier"}) {
		t.Errorf("name entry: %v; want Eva Maier suppressed at a1 only", err)
	}
}
