package store_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/abmsync/abmsync/crm"
	"github.com/abmsync/abmsync/internal/redistest"
	"github.com/abmsync/abmsync/store"
)

// Stored forms written by an earlier abmsync, when the store kept the
// domain's own types (merge.Candidate, traffic.DayAggregate,
// kpi.NPSAnswer): the record types moved to crm, and what is in Redis must
// read back and be written the same way.
const (
	storedCandidates = `[{"AccountID":"a1","Name":"Dr. Anna Huber","Title":"Dr.","GivenName":"Anna","FamilyName":"Huber","Email":"anna@a.example","Phone":"+43 1 234","LinkedInURL":"https://www.linkedin.com/in/anna","RoleText":"CEO","Function":"management","Seniority":"c_level","BuyingRole":"decision_maker","Gatekeeper":true,"Kind":"k","WarmPath":"known by Eva since 2024-10-09","From":{"source":"web","url":"https://a.example/team","fetched_at":"2026-03-04T05:06:07Z","extractor":"team-card","confidence":0.7}},{"AccountID":"a1","Name":"Bob","Title":"","GivenName":"","FamilyName":"","Email":"","Phone":"","LinkedInURL":"","RoleText":"","Function":"","Seniority":"","BuyingRole":"","Gatekeeper":false,"Kind":"","WarmPath":"","From":{"source":"press","confidence":0.5}}]`
	storedPage       = `{"etag":"\"e1\"","last_modified":"Wed, 04 Mar 2026 05:06:07 GMT","people":[{"AccountID":"a1","Name":"Bob","Title":"","GivenName":"","FamilyName":"","Email":"","Phone":"","LinkedInURL":"","RoleText":"","Function":"","Seniority":"","BuyingRole":"","Gatekeeper":false,"Kind":"","WarmPath":"","From":{"source":"press","confidence":0.5}}]}`
	storedTraffic    = `{"account_id":"a1","day":"2026-03-04T00:00:00Z","visits":3,"page_views":7,"unique_visitors":2,"top_pages":[{"path":"/pricing","views":4},{"path":"/","views":3}],"last_visit":"2026-03-04T05:06:07Z"}`
	storedNPS        = `[{"company_id":"c1","score":9,"date":"2026-03-04T05:06:07Z"},{"domain":"b.example","score":3,"date":"2026-03-04T05:06:07Z"}]`
)

func TestStoredFormsUnchanged(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	rdb := redistest.Client(t, db, false)
	prefix := redistest.Prefix(t, rdb)
	st, keys := store.New(rdb, prefix), store.NewKeys(prefix)
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	bob := crm.Candidate{AccountID: "a1", Name: "Bob", From: crm.Provenance{Source: "press", Confidence: 0.5}}
	cands := []crm.Candidate{{AccountID: "a1", Name: "Dr. Anna Huber", Title: "Dr.", GivenName: "Anna", FamilyName: "Huber",
		Email: "anna@a.example", Phone: "+43 1 234", LinkedInURL: "https://www.linkedin.com/in/anna", RoleText: "CEO",
		Function: "management", Seniority: "c_level", BuyingRole: "decision_maker", Gatekeeper: true, Kind: "k",
		WarmPath: "known by Eva since 2024-10-09",
		From:     crm.Provenance{Source: "web", URL: "https://a.example/team", FetchedAt: at, Extractor: "team-card", Confidence: 0.7}}, bob}
	page := store.PageCache{ETag: `"e1"`, LastModified: "Wed, 04 Mar 2026 05:06:07 GMT", People: []crm.Candidate{bob}}
	day := crm.TrafficDay{AccountID: "a1", Day: at.Truncate(24 * time.Hour), Visits: 3, PageViews: 7, UniqueVisitors: 2,
		TopPages: []crm.PageCount{{Path: "/pricing", Views: 4}, {Path: "/", Views: 3}}, LastVisit: at}
	answers := []crm.NPSAnswer{{CompanyID: "c1", Score: 9, Date: at}, {Domain: "b.example", Score: 3, Date: at}}

	// Written now: byte for byte what was written before.
	if err := st.SetCandidates(ctx, "a1", "web", cands); err != nil {
		t.Fatal(err)
	}
	if err := st.SetPage(ctx, "https://a.example/team", page); err != nil {
		t.Fatal(err)
	}
	if err := st.AddTraffic(ctx, []crm.TrafficDay{day}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetNPSAnswers(ctx, "survey", answers); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct{ got, want string }{
		"candidates": {rdb.HGet(ctx, keys.Candidates("a1"), "web").Val(), storedCandidates},
		"page":       {rdb.HGet(ctx, keys.Validators(), "https://a.example/team").Val(), storedPage},
		"traffic":    {rdb.HGet(ctx, keys.Traffic("a1"), "2026-03-04").Val(), storedTraffic},
		"nps":        {rdb.Get(ctx, keys.NPSSource("survey")).Val(), storedNPS},
	} {
		if c.got != c.want {
			t.Errorf("%s stored as\n%s\nwant\n%s", name, c.got, c.want)
		}
	}

	// Written before: read back as the same values.
	rdb.HSet(ctx, keys.Candidates("a2"), "web", storedCandidates)
	rdb.HSet(ctx, keys.Validators(), "https://b.example/", storedPage)
	rdb.HSet(ctx, keys.Traffic("a2"), "2026-03-04", storedTraffic)
	rdb.Set(ctx, keys.NPSSource("old"), storedNPS, 0)
	if got, err := st.Candidates(ctx, "a2"); err != nil || !reflect.DeepEqual(got, cands) {
		t.Errorf("candidates read back %+v, %v", got, err)
	}
	if got, ok, err := st.Page(ctx, "https://b.example/"); err != nil || !ok || !reflect.DeepEqual(got, page) {
		t.Errorf("page read back %+v, %v, %v", got, ok, err)
	}
	if got, err := st.Traffic(ctx, "a2", at.AddDate(0, 0, -1)); err != nil || len(got) != 1 || !reflect.DeepEqual(got[0], day) {
		t.Errorf("traffic read back %+v, %v", got, err)
	}
	if got, err := st.NPSAnswersOf(ctx, "old"); err != nil || !reflect.DeepEqual(got, answers) {
		t.Errorf("NPS answers read back %+v, %v", got, err)
	}
}
