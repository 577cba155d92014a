package campaign

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/fingerprint"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/store"
)

func TestAccountKeyContacts(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	rdb := redistest.Client(t, redisDB, false)
	st := store.New(rdb, redistest.Prefix(t, rdb))
	svc := &Service{Store: st}

	day := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	team := crm.Provenance{Source: "web", URL: "https://a.example/team", FetchedAt: day, Confidence: 0.9}
	teamLater := team
	teamLater.FetchedAt = day.AddDate(0, 0, 7)
	press := crm.Provenance{Source: "press", URL: "https://news.example/a", FetchedAt: day, Confidence: 0.7}
	for source, cs := range map[string][]crm.Candidate{
		"web": {
			{AccountID: "a1", Name: "Eva Maier", Email: "eva.maier@a.example", RoleText: "Head of QA", Function: "quality", BuyingRole: "decision_maker", From: team},
			{AccountID: "a1", Name: "Max Gruber", RoleText: "Assistant", Gatekeeper: true, From: team},
			{AccountID: "a1", Name: "Max Gruber", RoleText: "Assistant", From: teamLater}, // the same page, read again
			{AccountID: "a1", Name: "Petra Huber", RoleText: "Head of Production", From: team},
			{AccountID: "a1", Name: "Karl Schmid", Email: "k.schmid@a.example", From: team},
			{AccountID: "a1", Name: "Hans Redl", Kind: "editorial_responsible", From: team},
			{AccountID: "a2", Name: "Other Account", From: team},
		},
		"press": {
			{AccountID: "a1", Name: "Max Gruber", RoleText: "Assistant to the CEO", From: press},
		},
		"linkedin": {
			{AccountID: "a1", Name: "Eva Maier", WarmPath: "known by Anna Berg", LinkedInURL: "https://www.linkedin.com/in/eva",
				From: crm.Provenance{Source: "linkedin", Confidence: 0.6}},
		},
	} {
		if err := st.SetCandidates(ctx, "a1", source, cs); err != nil {
			t.Fatal(err)
		}
	}
	if err := AddDoNotContact(ctx, st, "", "a1", "Petra Huber"); err != nil {
		t.Fatal(err)
	}
	if err := AddDoNotContact(ctx, st, "k.schmid@a.example", "", ""); err != nil {
		t.Fatal(err)
	}
	_, err := st.UpsertRecords(ctx, []crm.Record{
		{Type: crm.Companies, ID: "a1", Properties: map[string]string{"name": "A"}},
		// Stored by a version before fingerprints were keyed: still matched.
		{Type: crm.Contacts, ID: "101", Properties: map[string]string{"email_hash": fingerprint.LegacyHash("email", "eva.maier@a.example")},
			Associations: map[crm.ObjectType][]string{crm.Companies: {"a1"}}},
	})
	if err != nil {
		t.Fatal(err)
	}

	got, err := svc.AccountKeyContacts(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]KeyContactView{}
	var names []string
	for _, v := range got {
		byName[v.Name] = v
		names = append(names, v.Name)
	}
	slices.Sort(names)
	// Do-not-contact people (by name and by e-mail) are gone; the other
	// account's candidate is not this account's person.
	if want := []string{"Eva Maier", "Hans Redl", "Max Gruber"}; !slices.Equal(names, want) {
		t.Fatalf("people %v, want %v", names, want)
	}
	tests := []struct {
		name string
		want KeyContactView
	}{
		{"Eva Maier", KeyContactView{Name: "Eva Maier", Role: "Head of QA", Function: "quality", BuyingRole: "decision_maker",
			WarmPath: "known by Anna Berg", LinkedInURL: "https://www.linkedin.com/in/eva", InCRM: true,
			Sources: []crm.Provenance{team, {Source: "linkedin", Confidence: 0.6}}}},
		// One entry per page, the newest read; the most confident source first.
		{"Max Gruber", KeyContactView{Name: "Max Gruber", Role: "Assistant", Gatekeeper: true,
			Sources: []crm.Provenance{teamLater, press}}},
		{"Hans Redl", KeyContactView{Name: "Hans Redl", Kind: "editorial_responsible", Sources: []crm.Provenance{team}}},
	}
	for _, tt := range tests {
		v := byName[tt.name]
		if !equalView(v, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, v, tt.want)
		}
	}

	none, err := svc.AccountKeyContacts(ctx, "unknown")
	if err != nil || len(none) != 0 {
		t.Errorf("unknown account: %v, %v; want none and no error", none, err)
	}
}

func equalView(a, b KeyContactView) bool {
	as, bs := a.Sources, b.Sources
	a.Sources, b.Sources = nil, nil
	return reflect.DeepEqual(a, b) && slices.EqualFunc(as, bs, func(x, y crm.Provenance) bool {
		return x.Source == y.Source && x.URL == y.URL && x.FetchedAt.Equal(y.FetchedAt) && x.Confidence == y.Confidence
	})
}
